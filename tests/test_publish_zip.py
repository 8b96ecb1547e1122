"""zip targets: one archive whose pages work opened from the disk (relative links), deterministic."""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath

from bangvang.publish.archive import relative_url
from tests.publishkit import build, publish, write_site


def test_relative_urls():
    assert relative_url("/tin-tuc/bai/", "index.html", "/") == "tin-tuc/bai/index.html"
    assert relative_url("/", "tin-tuc/bai/index.html", "/") == "../../index.html"
    assert relative_url("/theme/css/site.css?v=1#x", "a/index.html", "/") == "../theme/css/site.css?v=1#x"
    assert relative_url("/congdoan/don-vi/", "index.html", "/congdoan/") == "don-vi/index.html"
    assert relative_url("https://example.org/", "index.html", "/") == "https://example.org/"
    assert relative_url("#noi-dung", "index.html", "/") == "#noi-dung"


def test_the_archive_works_from_the_disk_and_is_the_same_for_the_same_site(tmp_path):
    root = write_site(tmp_path / "site", "publish:\n  - name: usb\n    type: zip\n    path: ban-in/congdoan.zip\n")
    build(root)
    code, out, err = publish(root)
    assert code == 0, err
    assert "Tệp nén: " in out and "ban-in/congdoan.zip." in out  # where to find it
    archive = root / "ban-in/congdoan.zip"
    first = archive.read_bytes()
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
        assert {"index.html", "tin-tuc/bai-mot/index.html", "theme/css/site.css", "phien-ban.txt"} <= names
        for name in names:
            if not name.endswith(".html"):
                continue
            text = z.read(name).decode("utf-8")
            for link in re.findall(r'\s(?:href|src)="([^"]*)"', text):
                if link.startswith(("http:", "https:", "#", "mailto:", "data:")):
                    continue
                assert not link.startswith("/"), (name, link)
                target = PurePosixPath(name).parent / link.split("#")[0].split("?")[0]
                parts: list[str] = []
                for part in target.parts:
                    parts = parts[:-1] if part == ".." else parts + [part]
                resolved = "/".join(parts)
                assert resolved in names, (name, link)  # every internal link points at a file in the archive
    assert publish(root)[0] == 0
    assert archive.read_bytes() == first
