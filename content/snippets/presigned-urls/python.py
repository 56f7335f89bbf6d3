import uuid

import boto3
from botocore.config import Config

# Signature V4 is required in every region opened since 2014; say so explicitly.
s3 = boto3.client("s3", config=Config(signature_version="s3v4"))


def ${1:create_upload}(bucket: str, user_id: str, content_type: str, max_bytes: int = ${2:5 * 1024**3}) -> dict:
    """Presigned POST for a browser upload straight to S3.

    We choose the key (never the client), and the policy pins content type and a size range that
    S3 itself enforces, which a presigned PUT cannot do.
    """
    key = f"uploads/{user_id}/{uuid.uuid4()}"
    post = s3.generate_presigned_post(
        Bucket=bucket,
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=${3:900},
    )
    return {"key": key, "url": post["url"], "fields": post["fields"]}


def create_download_url(bucket: str, key: str, filename: str, expires_seconds: int = 300) -> str:
    """Short-lived GET URL; the disposition makes browsers save it under a friendly name."""
    return s3.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{filename}"',
        },
        ExpiresIn=expires_seconds,
    )
$0
