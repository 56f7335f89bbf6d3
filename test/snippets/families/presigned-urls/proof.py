"""presigned-urls (Python, boto3): checked without S3 by re-deriving SigV4 with hashlib/hmac."""
import base64
import hashlib
import hmac
import json
import os
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import snippet
from sdp_proof import check, check_equal, passed

SECRET = os.environ["AWS_SECRET_ACCESS_KEY"]


def signing_key(day: str, region: str) -> bytes:
    key = ("AWS4" + SECRET).encode()
    for part in (day, region, "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


# 1. The upload: a presigned POST whose policy S3 enforces.
upload = snippet.create_upload("my-bucket", "user-7", "image/png", max_bytes=10 * 1024 * 1024)
fields = upload["fields"]
check(upload["key"].startswith("uploads/user-7/"), "the server chooses the key")
check_equal(fields["key"], upload["key"], "the form posts that key")
policy = json.loads(base64.b64decode(fields["policy"]))
conditions = policy["conditions"]
check({"key": upload["key"]} in conditions, f"the policy pins the key: {conditions}")
check({"Content-Type": "image/png"} in conditions, "the policy pins the content type")
check(["content-length-range", 1, 10 * 1024 * 1024] in conditions, "the policy bounds the size")
credential = fields["x-amz-credential"]
_, day, region, service, terminal = credential.split("/")
check_equal(region, "eu-west-1", "signed for the configured region")
expiration = datetime.strptime(policy["expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
signed_at = datetime.strptime(fields["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
check_equal(round((expiration - signed_at).total_seconds()), 900, "expires in 900 s")
expected = hmac.new(signing_key(day, region), fields["policy"].encode(), hashlib.sha256).hexdigest()
check(hmac.compare_digest(expected, fields["x-amz-signature"]), "POST policy signature verifies independently")

# The client names the content type, and S3 serves the object back with it: a page or a script
# (text/html, image/svg+xml) would run on the bucket's or CDN's origin, so only allowed types are signed.
for hostile in ("text/html", "image/svg+xml", "application/javascript", "text/html; charset=utf-8"):
    try:
        snippet.create_upload("my-bucket", "user-7", hostile)
        check(False, f"an upload of {hostile!r} must be refused")
    except ValueError:
        pass

# 2. The download: a GET URL with a disposition that a hostile filename cannot break.
nasty = 'a"b\\c\r\nX-Injected: 1 résumé.pdf'
url = snippet.create_download_url("my-bucket", "uploads/user-7/x", nasty)
parts = urlsplit(url)
query = dict(parse_qsl(parts.query, keep_blank_values=True))
disposition = query["response-content-disposition"]
check("\r" not in disposition and "\n" not in disposition, f"no line break in the header: {disposition!r}")
fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
check('\\' not in fallback and '"' not in fallback, f"quote and backslash cannot end the quoted name: {fallback!r}")
check_equal(unquote(disposition.split("filename*=UTF-8''", 1)[1]), nasty, "the exact name survives in filename*")
_, day, region, _, _ = query["X-Amz-Credential"].split("/")
check_equal(region, "eu-west-1", "GET signed for the configured region")
check_equal(query["X-Amz-SignedHeaders"], "host", "only host is signed")
canonical_query = "&".join(
    f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted(query.items()) if k != "X-Amz-Signature"
)
canonical_request = "\n".join(["GET", parts.path, canonical_query, f"host:{parts.netloc}", "", "host", "UNSIGNED-PAYLOAD"])
string_to_sign = "\n".join(
    ["AWS4-HMAC-SHA256", query["X-Amz-Date"], f"{day}/{region}/s3/aws4_request", hashlib.sha256(canonical_request.encode()).hexdigest()]
)
signature = hmac.new(signing_key(day, region), string_to_sign.encode(), hashlib.sha256).hexdigest()
check(hmac.compare_digest(signature, query["X-Amz-Signature"]), "GET signature verifies independently")
check_equal(query["X-Amz-Expires"], "300", "download URLs are short-lived")

# As the TypeScript variant: an expiry S3 refuses when the link is used (over 7 days, 0, negative,
# a fraction, a bool; boto3 signed X-Amz-Expires=691200, =-5 or =True), and a key with a "." or ".."
# segment, which browsers resolve before sending (another path, so the signature fails), are refused
# when the link is made, not found broken by the user.
for bad_expiry in (8 * 86_400, 604_801, 0, -5, 1.5, True, "300"):
    try:
        snippet.create_download_url("my-bucket", "uploads/user-7/x", "x.pdf", expires_seconds=bad_expiry)
        check(False, f"expires_seconds={bad_expiry!r} must be refused")
    except ValueError:
        pass
for bad_key in ("a/../b", "./a", "a/.", ".."):
    try:
        snippet.create_download_url("my-bucket", bad_key, "x.pdf")
        check(False, f"key {bad_key!r} must be refused")
    except ValueError:
        pass
# Only whole "." and ".." segments: dots inside a segment, or a segment of three dots, name the
# key as written (a check for ".." anywhere in the key would refuse these).
for dotted in ("a.b/c..d", "...", ".hidden/..x/y.", "v1..2/..../f..pdf"):
    path = urlsplit(snippet.create_download_url("my-bucket", dotted, "x.pdf")).path
    check_equal(unquote(path), "/" + dotted, f"the key {dotted!r} is signed as written")
week = dict(parse_qsl(urlsplit(snippet.create_download_url("my-bucket", "a/b", "x.pdf", expires_seconds=604_800)).query))
check_equal(week["X-Amz-Expires"], "604800", "7 days is the longest accepted")
passed()
