"""Setup actions of the bad-input cases: what a fixture folder cannot hold as plain files.

Symlinks pointing outside the project, files too large to keep in git or that git refuses (a .git
folder), files that vanish or cannot be read while the build runs (the tests run as root, so permissions cannot make a file unreadable).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import article


def apply(action: dict, root: Path, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (kind, value), = ((k, v) for k, v in action.items() if k in ACTIONS)
    ACTIONS[kind](value, action, root, tmp, monkeypatch)


def _outside(tmp: Path) -> Path:
    """A folder beside the site holding a secret, as /etc/passwd or ~/.ssh would be."""
    folder = tmp / "ngoai-du-an"
    folder.mkdir(exist_ok=True)
    (folder / "bi-mat.md").write_text(article("Bí mật", body="MẬT-KHẨU-KHÔNG-ĐƯỢC-LỘ"), "utf-8")
    (folder / "bi-mat.jpg").write_bytes(b"\xff\xd8\xff\xe0MAT-KHAU-ANH")
    (folder / "bi-mat.css").write_text("/* MAT-KHAU-CSS */", "utf-8")
    (folder / "bi-mat.html").write_text("MAT-KHAU-MAU {{ 1 }}", "utf-8")
    return folder


def symlink(rel: str, action: dict, root: Path, tmp: Path, monkeypatch) -> None:
    """`symlink: path` to `to:` (a path in the site, or `outside:NAME` for a file outside the project)."""
    target = action["to"]
    if target.startswith("outside:"):
        target = str(_outside(tmp) / target.removeprefix("outside:"))
    link = root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def generate(rel: str, action: dict, root: Path, tmp: Path, monkeypatch) -> None:
    """`generate: path` with `make:` one of GENERATORS and its `params`."""
    data = GENERATORS[action["make"]](**action.get("params", {}))
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def unreadable(rel: str, action: dict, root: Path, tmp: Path, monkeypatch) -> None:
    """`unreadable: path`: reading it fails as a permission error (or vanished: `error: missing`)."""
    import bangvang.discover

    target = (root / rel).resolve()
    real = bangvang.discover.read_bytes
    error = FileNotFoundError if action.get("error") == "missing" else PermissionError

    def read_bytes(source):
        if source.path.resolve() == target:
            raise error(13 if error is PermissionError else 2, os.strerror(13 if error is PermissionError else 2))
        return real(source)

    monkeypatch.setattr(bangvang.discover, "read_bytes", read_bytes)
    import bangvang.pipeline

    monkeypatch.setattr(bangvang.pipeline, "read_bytes", read_bytes)


def write(rel: str, action: dict, root: Path, tmp: Path, monkeypatch) -> None:
    """`write: path` with `text:`, for files git will not hold (anything inside a folder named .git)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(action.get("text", ""), "utf-8")


ACTIONS = {"symlink": symlink, "generate": generate, "unreadable": unreadable, "write": write}


# --- generated inputs --------------------------------------------------------------------------

GIVEN = ["An", "Bình", "Chi", "Dũng", "Đào", "Giang", "Hùng", "Hương", "Khánh", "Lan", "Minh", "Nga", "Phúc",
         "Quang", "Sơn", "Thảo", "Uyên", "Vinh", "Xuân", "Yến"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Võ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Đức", "Thu", "Quốc"]


def awardees(count: int, short: bool = False) -> str:
    """An article reporting `count` named individuals (all distinct names); short: one-letter names."""
    lines = ["awardees:"]
    for i in range(count):
        name = f"A{i}" if short else f"{FAMILY[i % 10]} {MIDDLE[(i // 10) % 8]} {GIVEN[(i // 80) % 20]} {i // 1600 + 1}"
        lines.append(f'  - name: "{name}"\n    award: bang-khen')
    return article("Danh sách khen thưởng rất dài", extra="\n".join(lines) + "\n")


def big_body(megabytes: float) -> str:
    paragraph = ("Công đoàn cơ sở tổ chức hội nghị người lao động, biểu dương đoàn viên tiêu biểu "
                 "trong phong trào thi đua lao động giỏi, lao động sáng tạo. ") * 5
    count = int(megabytes * 2**20 / (len(paragraph.encode()) + 2))
    return article("Bài viết rất dài", body="\n\n".join([paragraph] * count))


def big_front_matter(megabytes: float) -> str:
    summary = "Tóm tắt dài " * int(megabytes * 2**20 / len("Tóm tắt dài ".encode()))
    return article("Phần đầu bài rất lớn", extra=f'summary: "{summary}"\n')


def pathological(kind: str, repeat: int) -> str:
    pieces = {"quotes": '"a" ', "emphasis": "*_", "links": '[]( "', "cdata": "<![", "brackets": "[" ,
              "nested_lists": "- "}
    if kind == "nested_lists":
        body = "\n".join("  " * i + "- mục" for i in range(repeat))
    elif kind == "nested_quotes":
        body = "\n".join(">" * i + " trích" for i in range(1, repeat + 1))
    else:
        body = pieces[kind] * repeat
    return article(f"Markdown bệnh lý {kind}", body=body)


def deep_yaml(depth: int) -> str:
    return article("YAML lồng sâu", extra="extra: " + "[" * depth + "]" * depth + "\n")


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the combining tone marks Windows-1258 has


def cp1258(title: str) -> bytes:
    """An article saved by an old Windows editor in Windows-1258: letters with their hat or horn
    precomposed, tones as combining marks (how the code page writes Vietnamese)."""
    import unicodedata

    out = bytearray()
    for ch in article(title):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out += base.encode("cp1258") + "".join(c for c in decomposed if c in TONES).encode("cp1258")
    return bytes(out)


def utf16(title: str) -> bytes:
    return article(title).encode("utf-16")


def photo(kind: str) -> bytes:
    """A bad (or awkward) photo, made with Pillow: see tests/test_images.py."""
    import io

    from PIL import Image, ImageDraw

    from tests import test_images

    out = io.BytesIO()
    if kind == "bomb":
        return test_images.bomb()
    if kind == "hundred_megapixels":
        return test_images.hundred_megapixels()
    if kind == "truncated":
        return test_images.camera_jpeg(1, 800, 400)[:4000]
    if kind == "html":
        return b"<html><body><script>alert('MAT-KHAU')</script></body></html>"
    if kind == "animated":
        frames = [Image.new("RGB", (60, 40), c) for c in ((250, 0, 0), (0, 0, 250))]
        frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    elif kind == "cmyk":
        Image.new("CMYK", (120, 80), (0, 255, 255, 0)).save(out, "JPEG")
    elif kind == "transparent":
        logo = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
        ImageDraw.Draw(logo).ellipse((20, 10, 100, 70), fill=(200, 0, 0, 255))
        logo.save(out, "PNG")
    elif kind == "png":
        Image.new("RGB", (120, 80), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


GENERATORS = {"photo": photo, "awardees": awardees, "big_body": big_body, "big_front_matter": big_front_matter,
              "pathological": pathological, "cp1258": cp1258, "utf16": utf16, "deep_yaml": deep_yaml}
