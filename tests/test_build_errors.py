"""A broken build reports every problem with file:line and leaves output/ exactly as it was."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import article, run_build
from tests.sitecheck import tree_bytes

BROKEN_YAML = """\
---
title: Hội nghị: tổng kết năm
date: 2021-01-01
unit: ldld-ha-noi
---
Nội dung.
"""

UNKNOWN_UNIT = article("Bài đơn vị sai", unit="ldld-ha-nol")

MISSING_AWARD = article("Bài thiếu danh hiệu", extra="""\
awardees:
  - name: "Nguyễn Văn An"
    unit: cdcs-fecon
  - name: "Trần Thị Bình"
    award: "Bằng khen cấp trung ương"
""")


def good_site(scratch_site):
    return scratch_site({
        "content/tin-tuc/2021/mot.md": article("Bài một", extra='awardees:\n  - name: "Lê Văn Phước"\n    award: bang-khen\n'),
        "content/tin-tuc/2021/hai.md": article("Bài hai", date="2021-07-01"),
    })


def test_broken_articles_fail_with_every_message_and_output_unchanged(scratch_site):
    root = good_site(scratch_site)
    code, _, err = run_build(root)
    assert code == 0, err
    before = tree_bytes(root / "output")
    assert "vinh-danh/le-van-phuoc/index.html" in before
    (root / "content/tin-tuc/2021/ba.md").write_text(BROKEN_YAML, "utf-8")
    (root / "content/tin-tuc/2021/bon.md").write_text(UNKNOWN_UNIT, "utf-8")
    (root / "content/tin-tuc/2021/nam.md").write_text(MISSING_AWARD, "utf-8")
    code, out, err = run_build(root)
    assert code == 1
    lines = err.splitlines()
    assert any(l.startswith("content/tin-tuc/2021/ba.md:2:") and "Dấu hai chấm" in l and "ngoặc kép" in l for l in lines)
    assert any(l.startswith("content/tin-tuc/2021/bon.md:4:7: unit: Không tìm thấy đơn vị “ldld-ha-nol”") for l in lines)
    assert any(l.startswith("content/tin-tuc/2021/nam.md:6:5: awardees[1].award: Thiếu trường bắt buộc “award”")
               for l in lines)
    assert any(l.startswith("content/tin-tuc/2021/nam.md:9:12: awardees[2].award: Không tìm thấy danh hiệu")
               and "“Bằng khen”" in l for l in lines)
    assert "Dựng thất bại: 4 lỗi" in lines[-1]
    assert "Traceback" not in err
    assert tree_bytes(root / "output") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".output")] == [".output.lock"]


def test_registry_errors_and_article_errors_come_together(scratch_site):
    root = scratch_site({
        "content/campaigns.yaml": "- id: a\n  name: A\n  launched_by: khong-co\n",
        "content/tin-tuc/bai.md": article("Bài", unit="khong-co"),
    })
    code, _, err = run_build(root)
    assert code == 1
    assert "content/campaigns.yaml:3:16: [1].launched_by" in err
    assert "content/tin-tuc/bai.md:4:7: unit" in err


def test_url_collision_lists_both_files(scratch_site):
    root = scratch_site({
        "content/tin-tuc/a.md": article("Trùng tên"),
        "content/tin-tuc/b.md": article("Trùng tên", date="2021-02-02"),
        "content/trang/bang-vang.md": '---\ntitle: "Bảng vàng"\n---\nx\n',
    })
    code, _, err = run_build(root)
    assert code == 1
    assert "content/tin-tuc/a.md, content/tin-tuc/b.md" in err
    assert "/bang-vang/" in err


def test_missing_image_and_link_and_wrong_case(scratch_site):
    root = scratch_site({
        "content/tin-tuc/2021/a.md": article("A", extra="image: anh/Hop.JPG\n",
                                             body="Xem [bài B](b.md) và [bài C](c.md), ![x](anh/khong-co.png)"),
        "content/tin-tuc/2021/b.md": article("B"),
        "content/tin-tuc/2021/anh/hop.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
    })
    code, _, err = run_build(root)
    assert code == 1
    assert "content/tin-tuc/2021/a.md:5: Tệp “anh/Hop.JPG” khác chữ hoa/thường" in err
    assert "content/tin-tuc/2021/a.md:7: Liên kết tới bài “c.md”" in err
    assert "content/tin-tuc/2021/a.md:7: Ảnh “anh/khong-co.png”" in err
    assert "b.md" not in err.replace("“b.md", "")  # the good link is fine


def test_debug_shows_a_traceback_only_when_asked(scratch_site, monkeypatch):
    root = scratch_site({"content/tin-tuc/a.md": article("A")})
    import bangvang.pipeline

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(bangvang.pipeline, "make_site", boom)
    code, _, err = run_build(root)
    assert code == 2 and "Traceback" not in err and "--debug" in err
    import pytest
    with pytest.raises(RuntimeError):
        run_build(root, "--debug")


def test_refuses_dangerous_output_folders(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A")})
    for target in (root, root / "content", root.parent):
        code, _, err = run_build(root, "--out", str(target))
        assert code == 1 and "Không dùng thư mục này" in err, target
    (root / "elsewhere/.git").mkdir(parents=True)
    code, _, err = run_build(root, "--out", str(root / "elsewhere"))
    assert code == 1 and ".git" in err
