"""The command line: new, check, build options, messages and exit codes."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from bangvang.cli import main
from tests.conftest import article, photo, run_build


def cli(root, *args):
    out, err = io.StringIO(), io.StringIO()
    code = main([*args, "--config", str(root / "site.yaml"), "--cache", str(root / ".cache")], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_new_writes_a_checked_draft_and_never_overwrites(scratch_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("UTC")).timestamp())))
    root = scratch_site({})
    code, out, err = cli(root, "new", "Đại hội Công đoàn: nhiệm kỳ mới", "--unit", "LĐLĐ TP Hà Nội",
                         "--campaign", "Lao động giỏi, lao động sáng tạo")
    assert code == 0, err
    created, preview = out.splitlines()
    assert created == "content/tin-tuc/2026/dai-hoi-cong-doan-nhiem-ky-moi.md"
    assert preview.endswith("http://127.0.0.1:8000/tin-tuc/dai-hoi-cong-doan-nhiem-ky-moi/")
    text = (root / created).read_text("utf-8")
    assert 'title: "Đại hội Công đoàn: nhiệm kỳ mới"' in text
    assert "date: 2026-03-08 08:30" in text  # the site timezone, UTC+7
    assert "draft: true" in text and "unit: ldld-ha-noi" in text and "  - lao-dong-gioi" in text
    assert "# awardees:" in text
    # The new draft is valid content: a drafts build includes it, a normal build does not.
    assert run_build(root, "--drafts", "--out", str(root / "drafts"))[0] == 0
    assert (root / "drafts/tin-tuc/dai-hoi-cong-doan-nhiem-ky-moi/index.html").is_file()
    code, _, err = cli(root, "new", "Đại hội Công đoàn: nhiệm kỳ mới", "--unit", "ldld-ha-noi")
    assert code == 1 and "Tệp đã có; không ghi đè." in err
    assert "nhiệm kỳ mới" in (root / created).read_text("utf-8")
    code, out2, _ = cli(root, "new", "Đại hội Công đoàn: nhiệm kỳ mới", "--unit", "ldld-ha-noi", "--slug", "dai-hoi-2")
    assert code == 0 and out2.splitlines()[0].endswith("dai-hoi-2.md")
    assert out2.splitlines()[1].endswith("/tin-tuc/dai-hoi-2/")
    assert "\nslug: dai-hoi-2 " in (root / out2.splitlines()[0]).read_text("utf-8")
    assert run_build(root, "--drafts", "--out", str(root / "drafts"))[0] == 0
    assert (root / "drafts/tin-tuc/dai-hoi-2/index.html").is_file()


def test_new_refuses_unknown_unit_and_campaign_with_suggestions(scratch_site):
    root = scratch_site({})
    code, out, err = cli(root, "new", "Tiêu đề", "--unit", "LDLD Ha Noi", "--campaign", "gioi viec nuoc")
    assert code == 1 and out == ""
    assert "new: Không tìm thấy đơn vị “LDLD Ha Noi” (--unit). Gợi ý: Có phải là “Liên đoàn Lao động thành phố Hà Nội”" in err
    assert "Không tìm thấy phong trào “gioi viec nuoc” (--campaign)" in err and "Giỏi việc nước" in err
    assert "Chưa tạo bài mới: 2 lỗi." in err
    assert not (root / "content/tin-tuc").exists()
    code, _, err = cli(root, "new", "Tiêu đề")
    assert code == 1 and "Thiếu đơn vị" in err


def test_check_reports_every_problem_and_writes_nothing(scratch_site):
    root = scratch_site({
        "content/tin-tuc/a.md": article("A", extra='awardees:\n  - name: "Lê Thị Thúy"\n    award: bang-khen\n',
                                        body="Xem [bảng vàng](/bang-vang/#khong-co) và [B](b.md#muc-khong-co) ![](anh.png)"),
        "content/tin-tuc/b.md": article("B", date="2021-02-02",
                                        extra='awardees:\n  - name: "Lê Thị Thủy"\n    award: bang-khen\n',
                                        body="## Mục một\n\nXem [trang sai](/khong-co-trang/) và [bài A](a.md)."),
        "content/tin-tuc/anh.png": photo(),
    })
    code, out, _ = cli(root, "check")
    assert code == 1, out
    lines = out.splitlines()
    assert "content/tin-tuc/a.md:9: Liên kết “/bang-vang/#khong-co”: trang đích không có mục #khong-co." in out
    assert "content/tin-tuc/a.md:9: Liên kết “b.md#muc-khong-co”: trang đích không có mục #muc-khong-co." in out
    assert "content/tin-tuc/b.md:11: Liên kết “/khong-co-trang/” trỏ tới trang không có trên site." in out
    assert "(trang)" not in out  # template links are fine; body links are reported once, at their line
    assert any(l.startswith("content/tin-tuc/a.md:6: cảnh báo: Có thể là cùng một người/tập thể viết khác nhau: "
                            "“Lê Thị Thúy”, “Lê Thị Thủy”") for l in lines)
    assert any(l.startswith("content/tin-tuc/a.md:9: cảnh báo: Ảnh không có chú thích thay thế (alt)") for l in lines)
    assert lines[-1].startswith("Kiểm tra xong: 3 lỗi, 2 cảnh báo (2 bài viết,")
    assert not (root / "output").exists() and not (root / ".cache").exists()


def test_check_passes_with_warnings_and_strict_fails(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A", body="![](anh.png)"),
                         "content/tin-tuc/anh.png": photo()})
    code, out, _ = cli(root, "check")
    assert code == 0 and "0 lỗi, 1 cảnh báo" in out
    code, _, _ = cli(root, "check", "--strict")
    assert code == 1


def test_check_sees_the_built_in_theme_under_a_site_theme_of_one_file(scratch_site):
    # The build lays the site's theme/ over the built-in one: pages link to both, and check must know both.
    root = scratch_site({"content/tin-tuc/a.md": article("A", body="Xem [kiểu chữ](/theme/rieng.css)."),
                         "theme/rieng.css": "body { color: #222; }\n"})
    code, out, _ = cli(root, "check")
    assert code == 0 and "0 lỗi, 0 cảnh báo" in out, out
    assert "(trang)" not in out and "hỏng" not in out
    assert run_build(root)[0] == 0
    assert (root / "output/theme/rieng.css").is_file() and (root / "output/theme/js/search.js").is_file()


def test_check_json_and_errors(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A", unit="khong-co")})
    code, out, _ = cli(root, "check", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False and data["errors"] == 1
    problem = data["problems"][0]
    assert (problem["path"], problem["line"], problem["column"], problem["field"], problem["code"]) == (
        "content/tin-tuc/a.md", 4, 7, "unit", "unknown-unit")
    assert "Không tìm thấy đơn vị" in problem["message"]


def test_build_summary_and_quiet(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A")})
    code, out, err = run_build(root)
    assert code == 0 and err == ""
    assert out.startswith("Đã dựng ") and "1 bài viết" in out and "0 cảnh báo" in out
    code, out, err = run_build(root, "--quiet")
    assert code == 0 and out == "" and err == ""
    code, out, _ = run_build(root)
    assert out.startswith("Không có gì thay đổi")


def test_verbose_says_what_was_read_again_and_what_was_left_out(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A"), "content/tin-tuc/b.md": article("B", date="2021-07-01"),
                         "content/tin-tuc/c.md": article("C", extra="draft: true\n"),
                         "content/tin-tuc/d.md": article("D", date="2031-01-01")})
    code, out, err = run_build(root, "--verbose")
    assert code == 0, err
    assert "Đọc lại 4 bài" in out and out.rstrip().endswith("· 1 bản nháp, 1 bài hẹn giờ (chưa xuất bản)")
    code, out, err = run_build(root, "--drafts", "--out", str(root / "xem-truoc"))
    assert code == 0 and out.rstrip().endswith("· 1 bản nháp, 1 bài hẹn giờ (có trong bản xem trước)"), out
    (root / "content/tin-tuc/a.md").write_text(article("A", body="Sửa."), "utf-8")
    code, out, err = run_build(root, "--verbose")
    assert code == 0 and "Đọc lại 1 bài" in out, out


def test_strict_turns_warnings_into_failure(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A"), "content/notes.txt.bak": "x"})
    code, _, err = run_build(root, "--strict")
    assert code == 1 and "cảnh báo" in err


def test_progress_bar_only_on_a_terminal(scratch_site):
    from bangvang.cli import ProgressDisplay

    class Tty(io.StringIO):
        def isatty(self):
            return True

    piped = ProgressDisplay(io.StringIO(), enabled=True)
    assert not piped.enabled
    tty = Tty()
    display = ProgressDisplay(tty, enabled=True)
    display.started -= 5  # pretend the build has run for a while
    with display:
        display.update("parse", 3, 10)
    assert "Đọc bài viết" in tty.getvalue()
