"""IAM set-up and signature-check switches for the end-to-end stories, run by tests/e2e/moto.rs
against a moto_server.

moto.rs starts the server with INITIAL_NO_AUTH_ACTION_COUNT equal to SETUP_ACTIONS below, so the
`setup` calls are the only unauthenticated ones: every later request's SigV4 signature is
recomputed by moto (with botocore) and must come from the access key created here.

    python3 moto_iam.py ENDPOINT setup
        creates a user with an allow-all policy and an access key; prints
        `access_key_id=...` and `secret_access_key=...`, one a line
    python3 moto_iam.py ENDPOINT create-role NAME
        (signed with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) creates a role Lambda may
        assume and prints `role_arn=...`
    python3 moto_iam.py ENDPOINT verification on|off
        turns moto's signature checks on or off for the requests that follow (moto's
        /moto-api/reset-auth), for a request moto cannot verify correctly
    python3 moto_iam.py ENDPOINT wrong-secret
        calls STS GetCallerIdentity with AWS_ACCESS_KEY_ID and a wrong secret; prints
        `error_code=...` (SignatureDoesNotMatch when moto checks signatures), fails if the call
        succeeds

moto.rs passes this file's text with `python3 -c`, so it must stay one self-contained file.
"""

import json
import os
import sys
import urllib.request

USER = "e2e-story-user"
POLICY = "e2e-story-allow-all"
# CreateUser, CreatePolicy, AttachUserPolicy, CreateAccessKey: moto.rs sets
# INITIAL_NO_AUTH_ACTION_COUNT to this number.
SETUP_ACTIONS = 4
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
LAMBDA_MAY_ASSUME = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def client(service, endpoint, **credentials):
    # Imported here: `verification` does not need boto3, and importing it takes a while.
    import boto3

    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1", **credentials)


def iam(endpoint, **credentials):
    return client("iam", endpoint, **credentials)


def setup(endpoint):
    # The free actions are not verified, so any key signs them.
    admin = iam(endpoint, aws_access_key_id="setup", aws_secret_access_key="setup")
    admin.create_user(UserName=USER)
    arn = admin.create_policy(PolicyName=POLICY, PolicyDocument=json.dumps(ALLOW_ALL))["Policy"]["Arn"]
    admin.attach_user_policy(UserName=USER, PolicyArn=arn)
    key = admin.create_access_key(UserName=USER)["AccessKey"]
    print(f"access_key_id={key['AccessKeyId']}")
    print(f"secret_access_key={key['SecretAccessKey']}")


def create_role(endpoint, name):
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: boto3 signs, moto verifies.
    role = iam(endpoint).create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(LAMBDA_MAY_ASSUME))
    print(f"role_arn={role['Role']['Arn']}")


def verification(endpoint, state):
    # reset-auth sets INITIAL_NO_AUTH_ACTION_COUNT and restarts the count: 0 checks every
    # request from now on, infinity none.
    count = {"on": "0", "off": "inf"}[state]
    # Not form-encoded: Flask would parse the body as a form and leave moto none to read.
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth", data=count.encode(), method="POST", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        print(response.read().decode())


def wrong_secret(endpoint):
    import botocore.exceptions

    sts = client(
        "sts",
        endpoint,
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key="deliberately-wrong-secret",
    )
    try:
        sts.get_caller_identity()
    except botocore.exceptions.ClientError as error:
        print(f"error_code={error.response['Error']['Code']}")
        return
    sys.exit("GetCallerIdentity signed with a wrong secret succeeded: moto does not check signatures")


def main(argv):
    if len(argv) == 3 and argv[2] == "setup":
        setup(argv[1])
    elif len(argv) == 4 and argv[2] == "create-role":
        create_role(argv[1], argv[3])
    elif len(argv) == 4 and argv[2] == "verification" and argv[3] in ("on", "off"):
        verification(argv[1], argv[3])
    elif len(argv) == 3 and argv[2] == "wrong-secret":
        wrong_secret(argv[1])
    else:
        sys.exit(f"usage: moto_iam.py ENDPOINT setup | create-role NAME | verification on|off | wrong-secret (got {argv[1:]})")


if __name__ == "__main__":
    main(sys.argv)
