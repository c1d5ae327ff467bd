"""Auth tokens made by botocore (the AWS SDK for Python), an independent implementation the
runtime's RDS and DSQL tokens are compared with. Prints one token per line, at a fixed time:

    python3 botocore_auth_tokens.py EPOCH_SECONDS

rds: prod-instance.us-east-1.rds.amazonaws.com:3306 as peccy; dsql: the cluster host, DbConnect
and DbConnectAdmin; all in us-east-1 with the documentation's example keys, valid 900 s.
"""
import datetime
import sys
from unittest import mock

import botocore.auth
from botocore.session import get_session

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def main() -> None:
    when = datetime.datetime.fromtimestamp(int(sys.argv[1]), datetime.timezone.utc).replace(tzinfo=None)
    session = get_session()
    kwargs = {"region_name": "us-east-1", "aws_access_key_id": KEY, "aws_secret_access_key": SECRET}
    rds = session.create_client("rds", **kwargs)
    dsql = session.create_client("dsql", **kwargs)
    with mock.patch.object(botocore.auth.datetime, "datetime") as clock:
        clock.utcnow.return_value = when
        clock.now.return_value = when
        print(rds.generate_db_auth_token("prod-instance.us-east-1.rds.amazonaws.com", 3306, "peccy"))
        host = "peccy.dsql.us-east-1.on.aws"
        print(dsql.generate_db_connect_auth_token(host, "us-east-1", 900))
        print(dsql.generate_db_connect_admin_auth_token(host, "us-east-1", 900))


main()
