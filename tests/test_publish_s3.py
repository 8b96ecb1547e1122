"""S3-compatible targets against moto's server on 127.0.0.1: a manifest diff by content hash, ordered
uploads, content types and cache headers, a cap on deletions, and a publish killed midway."""

from __future__ import annotations

import os
import signal

import pytest

from tests.publishkit import S3Server, build, publish, publish_process, set_version, wait_for, write_site


@pytest.fixture
def s3(monkeypatch):
    server = S3Server()
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    yield server
    server.stop()


def test_publish_edit_publish_sends_only_changed_objects_with_headers(tmp_path, s3):
    root = write_site(tmp_path / "site", s3.target(), extra={"static/se-xoa.txt": "cũ"})
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    objects = s3.objects()
    files = {p.relative_to(root / "output").as_posix() for p in (root / "output").rglob("*") if p.is_file()}
    assert set(objects) == {f"congdoan/{rel}" for rel in files} | {"congdoan/.bangvang-manifest.json"}
    page = s3.get("congdoan/tin-tuc/bai-mot/index.html")
    assert page["ContentType"] == "text/html; charset=utf-8"
    assert page["CacheControl"] == "public, max-age=0, must-revalidate"
    assert s3.get("congdoan/feed.xml")["ContentType"] == "application/atom+xml; charset=utf-8"
    assert s3.get("congdoan/theme/css/site.css")["CacheControl"] == "public, max-age=86400"
    etags = {key: item["ETag"] for key, item in objects.items()}
    set_version(root, "v2")
    (root / "static/se-xoa.txt").unlink()
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    after = s3.objects()
    assert "congdoan/se-xoa.txt" not in after
    assert b"v2" in s3.get("congdoan/tin-tuc/bai-mot/index.html")["Body"].read()
    unchanged = [k for k in after if k in etags and after[k]["ETag"] == etags[k]]
    assert "congdoan/theme/css/site.css" in unchanged
    assert "giữ nguyên" in out and "gửi 0 tệp" not in out
    code, _, err = publish(root, "--rollback")  # a bucket keeps no versions of the site
    assert code == 1 and "Nơi xuất bản “kho” (s3) không quay lại được" in err


def test_more_deletions_than_the_cap_are_refused_without_the_flag(tmp_path, s3):
    many = {f"static/tep/{i:02d}.txt": str(i) for i in range(10)}
    root = write_site(tmp_path / "site", s3.target("    max_deletions: 5\n"), extra=many)
    build(root)
    assert publish(root)[0] == 0
    for i in range(10):
        (root / f"static/tep/{i:02d}.txt").unlink()
    build(root)
    before = s3.objects()
    code, _, err = publish(root)
    assert code == 1 and "sẽ xoá" in err and "--allow-deletions" in err and "Chưa gửi gì" in err
    assert {k: v["ETag"] for k, v in s3.objects().items()} == {k: v["ETag"] for k, v in before.items()}
    code, out, err = publish(root, "--allow-deletions")
    assert code == 0, err
    assert not [k for k in s3.objects() if "/tep/" in k]


def test_a_publish_killed_midway_keeps_the_live_objects_and_the_next_run_resumes(tmp_path, s3):
    many = {f"static/tep/{i:03d}.txt": f"{i} v1" for i in range(400)}
    root = write_site(tmp_path / "site", s3.target(), extra=many)
    build(root)
    assert publish(root)[0] == 0
    set_version(root, "v2")
    for i in range(400):
        (root / f"static/tep/{i:03d}.txt").write_text(f"{i} v2")
    build(root)
    manifest_etag = s3.objects()["congdoan/.bangvang-manifest.json"]["ETag"]
    process = publish_process(root, env=s3.env())

    def progressed():
        item = s3.objects().get("congdoan/.bangvang-manifest.json")
        return item is not None and item["ETag"] != manifest_etag

    assert wait_for(progressed, timeout=120, step=0.05), process.communicate(timeout=5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    assert b"v1" in s3.get("congdoan/tin-tuc/bai-mot/index.html")["Body"].read()  # pages after the assets
    code, out, err = publish(root)
    assert code == 0, err
    sent = int(out.split("gửi ")[1].split(" ")[0])
    assert sent < 400  # what the killed run had sent is not sent again
    assert b"v2" in s3.get("congdoan/tin-tuc/bai-mot/index.html")["Body"].read()
    assert s3.get("congdoan/tep/399.txt")["Body"].read() == b"399 v2"


def test_objects_go_up_assets_then_pages_then_feeds_and_deletions_last(tmp_path, s3, caplog):
    """The order the S3 server received the requests in (its own request log): new and changed assets,
    then pages, then feeds and the sitemap, deletions of removed files after every upload."""
    import logging
    import re

    from bangvang.publish.sync import order_key

    root = write_site(tmp_path / "site", s3.target(), extra={"static/se-xoa.txt": "cũ", "static/anh/moi.txt": "1"})
    build(root)
    assert publish(root)[0] == 0
    set_version(root, "v2")
    (root / "static/se-xoa.txt").unlink()
    (root / "static/anh/moi.txt").write_text("2")
    build(root)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        code, out, err = publish(root)
    assert code == 0, err
    requests = [m.groups() for r in caplog.records
                if (m := re.search(r'"(?:\x1b\[[\d;]*m)*(PUT|DELETE) /congdoan-site/congdoan/(\S+) HTTP', r.getMessage()))]
    puts = [key for verb, key in requests if verb == "PUT" and key != ".bangvang-manifest.json"]
    deletes = [i for i, (verb, _) in enumerate(requests) if verb == "DELETE"]
    assert "anh/moi.txt" in puts and "tin-tuc/bai-mot/index.html" in puts and "feed.xml" in puts, requests
    assert [order_key(key)[0] for key in puts] == sorted(order_key(key)[0] for key in puts), puts
    assert puts.index("anh/moi.txt") < puts.index("tin-tuc/bai-mot/index.html") < puts.index("feed.xml")
    last_put = max(i for i, (verb, key) in enumerate(requests) if verb == "PUT" and key != ".bangvang-manifest.json")
    assert ("DELETE", "se-xoa.txt") in requests and min(deletes) > last_put, requests
