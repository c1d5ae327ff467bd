"""A verifying front for moto, for presigned S3 requests (tests/e2e/presigning_story.rs).

moto 5.2.1 checks the SigV4 `Authorization` header of every request, but not the signature of a
presigned (query-signed) request. This server stands in front of it and does that check with an
implementation independent of the client under test: botocore's `S3SigV4QueryAuth` presigns the
same request (method, path, operation parameters, the headers the URL says were signed, the
host, the date and expiry the URL states) with the account's secret, and the two signatures must
be equal. A request that fails the check (or has expired, or names another key) gets a 403 with
an S3 error document. A request that passes is sent on to moto signed with botocore's header
signer (which moto verifies), and moto's answer is returned as it came.

    python3 presign_proxy.py MOTO_ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY

prints `listening=PORT` once it accepts connections, and serves until it is killed. One line per
request goes to stderr: the method, path and verdict.
"""

import datetime
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

MOTO, KEY_ID, SECRET = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
AUTH_PARAMS = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"}
STAMP = "%Y%m%dT%H%M%SZ"


def error(code, message):
    return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()


def expected_signature(method, host, path, operation_params, headers, params):
    """botocore's signature for the request the URL describes."""
    scope = params["X-Amz-Credential"].split("/")
    date, region, service = scope[1], scope[2], scope[3]
    stamp = datetime.datetime.strptime(params["X-Amz-Date"], STAMP)
    query = urlencode(operation_params)
    request = AWSRequest(method=method, url=f"http://{host}{path}" + (f"?{query}" if query else ""), headers=headers)
    signer = botocore.auth.S3SigV4QueryAuth(Credentials(KEY_ID, SECRET), service, region, expires=int(params["X-Amz-Expires"]))
    original = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: stamp
    try:
        signer.add_auth(request)
    finally:
        botocore.auth.get_current_datetime = original
    assert date == params["X-Amz-Date"][:8]
    return dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True)).get("X-Amz-Signature")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        split = urlsplit(self.path)
        pairs = parse_qsl(split.query, keep_blank_values=True)
        params = {k: v for k, v in pairs if k in AUTH_PARAMS}
        operation_params = [(k, v) for k, v in pairs if k not in AUTH_PARAMS]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        verdict = self.check(split.path, operation_params, params)
        sys.stderr.write(f"presign-proxy: {self.command} {split.path} -> {verdict or 'verified'}\n")
        if verdict:
            return self.reply(403, [("Content-Type", "application/xml")], error(*verdict))
        signed = [h for h in params["X-Amz-SignedHeaders"].split(";") if h != "host"]
        headers = {name: self.headers[name] for name in signed}
        query = urlencode(operation_params)
        request = AWSRequest(method=self.command, url=f"{MOTO}{split.path}" + (f"?{query}" if query else ""), headers=headers, data=body)
        botocore.auth.S3SigV4Auth(Credentials(KEY_ID, SECRET), "s3", params["X-Amz-Credential"].split("/")[2]).add_auth(request)
        prepared = request.prepare()
        forward = urllib.request.Request(prepared.url, data=body if body else None, method=self.command, headers=dict(prepared.headers))
        try:
            with urllib.request.urlopen(forward) as answer:
                return self.reply(answer.status, answer.getheaders(), answer.read())
        except urllib.error.HTTPError as answer:
            return self.reply(answer.code, answer.headers.items(), answer.read())

    def check(self, path, operation_params, params):
        """None when the request is signed right and in time, else (code, message)."""
        missing = sorted({"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature"} - set(params))
        if missing:
            return ("AccessDenied", f"not a presigned request: {', '.join(missing)} missing")
        if params["X-Amz-Credential"].split("/")[0] != KEY_ID:
            return ("InvalidAccessKeyId", "the access key is not the account's")
        start = datetime.datetime.strptime(params["X-Amz-Date"], STAMP)
        if datetime.datetime.utcnow() > start + datetime.timedelta(seconds=int(params["X-Amz-Expires"])):
            return ("AccessDenied", "Request has expired")
        signed = params["X-Amz-SignedHeaders"].split(";")
        headers = {name: self.headers[name] for name in signed if name != "host" and self.headers[name] is not None}
        if len(headers) != len([h for h in signed if h != "host"]):
            return ("SignatureDoesNotMatch", "a signed header was not sent")
        host = self.headers["Host"]
        if expected_signature(self.command, host, path, operation_params, headers, params) != params["X-Amz-Signature"]:
            return ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided")
        return None

    do_GET = do_PUT = do_HEAD = do_DELETE = do_POST = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"listening={server.server_address[1]}", flush=True)
server.serve_forever()
