"""S3-compatible storage (AWS S3, Cloudflare R2, MinIO, Viettel/VNG object storage) through boto3.

Each object is replaced whole by one PUT, so the order of sync.py keeps the live site whole: assets,
pages, feeds, deletions last, and only objects whose digest differs from the manifest stored in the
bucket. A publish that would delete more than `max_deletions` objects (500 unless set) is refused
unless --allow-deletions is given: an empty or wrong build folder must not empty the bucket. Each object
gets a content type and a cache header by its kind. Credentials come from boto3's usual places
(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws/credentials), never from site.yaml.
"""

from __future__ import annotations

import mimetypes
import posixpath

from ..errors import Problem, PublishError
from .site import BuiltSite, SiteFile
from .sync import DEFAULT_MAX_DELETIONS, Summary, sync
from .targets import Target

TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml", "application/javascript")
EXTRA_TYPES = {".xml": "application/xml", ".json": "application/json", ".webmanifest": "application/manifest+json",
               ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
               ".pf_meta": "application/octet-stream", ".pagefind": "application/octet-stream",
               ".avif": "image/avif", ".webp": "image/webp", ".svg": "image/svg+xml", ".css": "text/css",
               ".js": "text/javascript", ".mjs": "text/javascript", ".txt": "text/plain", ".csv": "text/csv"}


def content_type(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if name == "feed.xml":
        kind = "application/atom+xml"
    return kind + "; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def cache_control(rel: str) -> str:
    """Pages, feeds and indexes change with every edit: checked again each time. The search index's
    fragments are named by their content: kept for a year. Theme files and attachments: a day."""
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("pagefind/") and name not in ("pagefind-entry.json",) and not name.endswith((".js", ".css")):
        return "public, max-age=31536000, immutable"
    if name.endswith((".html", ".xml", ".json", ".txt")) or name.startswith("_"):
        return "public, max-age=0, must-revalidate"
    return "public, max-age=86400"


class S3Store:
    def __init__(self, client, bucket: str, prefix: str):
        self.client, self.bucket, self.prefix = client, bucket, prefix.strip("/")

    def _key(self, rel: str) -> str:
        return posixpath.join(self.prefix, rel) if self.prefix else rel

    def read(self, rel: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(rel))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def put(self, rel: str, file: SiteFile, sent=None) -> None:  # one request per file: progress per file
        with open(file.path, "rb") as handle:
            self.client.put_object(Bucket=self.bucket, Key=self._key(rel), Body=handle,
                                   ContentType=content_type(rel), CacheControl=cache_control(rel))

    def put_bytes(self, rel: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(rel), Body=data, ContentType="application/json",
                               CacheControl="no-store")

    def delete(self, rel: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(rel))


def publish(target: Target, site: BuiltSite, *, dry_run: bool, progress, allow_deletions: bool = False) -> Summary:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    client = boto3.client("s3", endpoint_url=target.get("endpoint"), region_name=target.get("region"))
    store = S3Store(client, target.get("bucket") or "", target.get("prefix") or "")
    try:
        return sync(store, site, progress, dry_run=dry_run, cap=target.number("max_deletions", DEFAULT_MAX_DELETIONS),
                    allow_deletions=allow_deletions, target=target.name)
    except (BotoCoreError, ClientError) as exc:
        raise PublishError([Problem("site.yaml", target.line, f"Không gửi được lên kho S3 “{target.get('bucket')}” "
                                    f"({exc}). Trang đang chạy giữ nguyên những gì chưa gửi.",
                                    hint="Kiểm tra bucket, endpoint, region và khoá truy cập (AWS_ACCESS_KEY_ID, "
                                         "AWS_SECRET_ACCESS_KEY hoặc ~/.aws/credentials), rồi chạy lại: lần sau chỉ "
                                         "gửi phần còn lại.", code="publish-failed")]) from None
