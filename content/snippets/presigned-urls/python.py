import uuid
from urllib.parse import quote

import boto3
from botocore.config import Config

# The bucket's region, explicitly: without it boto3 falls back to the environment or us-east-1,
# and a URL signed for the wrong region is refused. Signature V4 is required in every region
# opened since 2014; say so explicitly too.
REGION = "${2:eu-west-1}"
s3 = boto3.client("s3", region_name=REGION, config=Config(signature_version="s3v4"))

# The client names the content type and S3 serves the object back with it, so only types no
# browser runs as a page or script: text/html or image/svg+xml would execute on the bucket's (or
# the CDN's) origin for anyone who opens the object's URL.
ALLOWED_TYPES = frozenset({${5:"image/png", "image/jpeg", "application/pdf"}})


def ${1:create_upload}(bucket: str, user_id: str, content_type: str, max_bytes: int = ${3:5 * 1024**3}) -> dict:
    """Presigned POST for a browser upload straight to S3.

    We choose the key (never the client), and the policy pins the key, the content type and a size
    range that S3 itself enforces, which a presigned PUT cannot do. A content type outside
    ALLOWED_TYPES raises ValueError (answer 400).
    """
    if content_type not in ALLOWED_TYPES:
        raise ValueError(f"content type {content_type!r} is not accepted for upload")
    key = f"uploads/{user_id}/{uuid.uuid4()}"
    post = s3.generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=${4:900},
    )
    return {"key": key, "url": post["url"], "fields": post["fields"]}


def content_disposition(filename: str) -> str:
    """attachment with an ASCII fallback and the exact name in RFC 5987 form: a quote, a backslash
    or a line break in a user's filename can neither end the header value nor inject another."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\\\' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def create_download_url(bucket: str, key: str, filename: str, expires_seconds: int = 300) -> str:
    """Short-lived GET URL; the disposition makes browsers save it under the file's own name.

    ValueError for an expiry S3 refuses when the link is used (SigV4 allows 1 to 604800 s, 7 days;
    boto3 signs any value), and for a key with a "." or ".." segment: browsers resolve those before
    sending, so the request names another path and its signature fails.
    """
    if type(expires_seconds) is not int or not 1 <= expires_seconds <= 604_800:
        raise ValueError(f"expires_seconds must be a whole number from 1 to 604800, got {expires_seconds!r}")
    if any(segment in (".", "..") for segment in key.split("/")):
        raise ValueError(f"key {key!r} has a '.' or '..' segment")
    return s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": bucket, "Key": key, "ResponseContentDisposition": content_disposition(filename)},
        ExpiresIn=expires_seconds,
    )
$0
