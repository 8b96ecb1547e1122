"""What publish refuses before sending anything: stale, incomplete or draft builds, the example base_url,
a site over the host's limits, secrets and mistakes in site.yaml's publish section."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import article
from tests.publishkit import SITE, build, publish, write_site


def folder_target(dest, extra=""):
    return f"publish:\n  - name: thu-muc\n    type: rsync\n    path: {dest}\n{extra}"


def test_publish_refuses_a_stale_build_and_sends_nothing(tmp_path, monkeypatch):
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    monkeypatch.setattr("sys.argv", ["/site/.venv/bin/bangvang", "publish"])
    code, _, err = publish(root)
    assert code == 1 and "Chưa có bản dựng" in err and "Gợi ý: Chạy bangvang trước" in err
    build(root)
    (root / "content/tin-tuc/bai-mot.md").write_text(article(title="Bài một", body="Đã sửa."))
    code, _, err = publish(root)
    assert code == 1
    assert "Bản dựng trong output/ đã cũ" in err and "Chưa xuất bản: 1 lỗi" in err
    assert "Gợi ý: Chạy bangvang rồi xuất bản lại." in err  # the command the editor typed, not python build.py
    monkeypatch.setattr("sys.argv", ["build.py", "publish"])
    assert "Gợi ý: Chạy python build.py rồi xuất bản lại." in publish(root)[2]
    assert not dest.exists()


def test_publish_refuses_a_build_with_drafts(tmp_path):
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    from tests.publishkit import run

    assert run(root, "build", "--drafts")[0] == 0
    code, _, err = publish(root)
    assert code == 1 and "có cả bản nháp" in err
    assert not dest.exists()


def test_publish_refuses_an_output_edited_by_hand(tmp_path):
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    build(root)
    (root / "output/tin-tuc/bai-mot/index.html").write_text("sửa tay")
    os.utime(root / "output", ns=(0, os.stat(root / "output").st_mtime_ns))  # top folder's stamp unchanged
    code, _, err = publish(root)
    assert code == 1 and "không khớp với lần dựng cuối" in err and "tin-tuc/bai-mot/index.html" in err
    assert not dest.exists()


def test_publish_refuses_an_incomplete_output(tmp_path):
    """A page missing from output/ (a half copy, a file deleted by hand): refused, naming it; nothing sent."""
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    build(root)
    (root / "output/tin-tuc/bai-hai/index.html").unlink()
    code, _, err = publish(root)
    assert code == 1 and "không khớp với lần dựng cuối" in err and "tin-tuc/bai-hai/index.html" in err
    assert not dest.exists()


def test_publish_refuses_the_example_base_url(tmp_path):
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    (root / "site.yaml").write_text(SITE.replace("https://congdoan-thu.vn/", "https://bangvang.example.org/")
                                    + folder_target(dest))
    build(root)
    code, _, err = publish(root)
    assert code == 1 and "base_url vẫn là địa chỉ mẫu" in err
    assert not dest.exists()


@pytest.mark.parametrize("limits, expected, hint, not_hint", [
    ("cloudflare-pages", None, None, None),
    ("{files: 5}", "tệp, quá giới hạn 5 tệp", "tăng roll_page_size", "chia các tệp quá lớn"),
    ("{bytes: 100 KB}", "tổng dung lượng", "bớt ảnh và tệp đính kèm lớn", "roll_page_size"),
    ("{file_bytes: 100 KB}", "1 tệp lớn hơn 100,0 KB mỗi tệp: phien-ban-lon.txt (150,0 KB)",
     "Nén nhỏ hoặc chia các tệp quá lớn", "roll_page_size"),  # fewer pages would not help one large file
    ("{per_folder: 3}", "tệp, quá giới hạn 3 tệp một thư mục", "tăng roll_page_size", "chia các tệp quá lớn"),
])
def test_a_site_over_the_hosts_limits_is_refused_before_anything_is_sent(tmp_path, limits, expected, hint, not_hint):
    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest, f"    limits: {limits}\n"),
                      extra={"static/phien-ban-lon.txt": "x" * 150_000})
    build(root)
    code, out, err = publish(root)
    if expected is None:
        assert code == 0, err  # a small site fits Cloudflare Pages
        return
    assert code == 1, out
    assert "Trang không vừa giới hạn" in err and expected in err and "Chưa gửi gì" in err
    assert hint.lower() in err.split("Gợi ý:")[1].lower() and not_hint not in err and "(gốc)/" not in err
    assert not dest.exists()


def test_cloudflare_pages_limit_in_files_is_checked(tmp_path):
    dest = tmp_path / "www"
    many = {f"static/tep/{i:05d}.txt": "x" for i in range(20_001)}
    root = write_site(tmp_path / "site", folder_target(dest, "    limits: cloudflare-pages\n"), extra=many)
    build(root)
    code, _, err = publish(root)
    assert code == 1 and "quá giới hạn 20.000 tệp" in err
    assert not dest.exists()


@pytest.mark.parametrize("entry, message", [
    ("    password: bi-mat\n", "publish[1].password: Không được ghi thông tin đăng nhập bí mật"),
    ("    aws_secret_access_key: abc\n", "Không được ghi thông tin đăng nhập bí mật"),
])
def test_a_secret_in_site_yaml_is_an_error(tmp_path, entry, message):
    from tests.publishkit import run

    root = write_site(tmp_path / "site", f"publish:\n  - name: ftp\n    type: ftp\n    host: ftp.example.vn\n{entry}")
    code, _, err = run(root, "build")  # refused by the build already
    assert code == 1 and message in err and "BANGVANG_FTP_PASSWORD" in err
    code, _, err = publish(root)
    assert code == 1 and message in err and "BANGVANG_FTP_PASSWORD" in err


def test_a_password_in_a_repository_address_is_an_error(tmp_path):
    root = write_site(tmp_path / "site", "publish:\n  - name: gh\n    type: git\n"
                                         "    repo: https://bientap:ghp_abc123@github.com/ldld/ldld.github.io.git\n")
    code, _, err = publish(root)
    assert code == 1 and "publish[1].repo: Địa chỉ có kèm mật khẩu" in err


def test_mistakes_in_the_publish_section_are_reported_together_in_vietnamese(tmp_path):
    root = write_site(tmp_path / "site", "publish:\n  - name: A B\n    type: rsynk\n  - name: s3\n    type: s3\n"
                                         "    bucket: b\n    max_deletion: 3\n    limits: github\n")
    build(root)
    code, _, err = publish(root)
    assert code == 1
    assert "publish[1].type: Không biết kiểu xuất bản “rsynk”" in err
    assert "publish[2].max_deletion: Trường “max_deletion” không có trong định dạng. Gợi ý: Có phải bạn muốn viết " \
           "“max_deletions”?" in err
    assert "publish[2].limits: Không biết giới hạn “github”" in err


def test_several_targets_need_a_name_and_an_unknown_name_lists_them(tmp_path):
    root = write_site(tmp_path / "site", folder_target(tmp_path / "a") + "  - name: zip\n    type: zip\n"
                                                                         "    path: ban-in.zip\n")
    build(root)
    code, _, err = publish(root)
    assert code == 1 and "Có nhiều nơi xuất bản" in err
    code, _, err = publish(root, "khong-co")
    assert code == 1 and "Các nơi có trong site.yaml: thu-muc, zip" in err and "Có phải là" not in err
    code, _, err = publish(root, "thu-mc")  # a typo of a target's name
    assert code == 1 and "Có phải là “thu-muc”?" in err


def test_the_build_accepts_a_publish_section(tmp_path):
    root = write_site(tmp_path / "site", folder_target(tmp_path / "www"))
    build(root)
    shutil.rmtree(root / "output")


def test_file_names_with_spaces_or_accents_are_refused_for_hosts_that_mangle_them(tmp_path):
    from tests.publishkit import FtpServer, run

    server = FtpServer(tmp_path / "ftp")
    try:
        root = write_site(tmp_path / "site", server.target(),
                          extra={"static/Báo cáo tổng kết.pdf": b"%PDF-1.4",
                                 "content/tin-tuc/Tài liệu/Kế hoạch 2022.PDF": b"%PDF-1.4",
                                 "content/tin-tuc/anh/Hội nghị.txt": "x", "content/tin-tuc/tai-lieu/ok.pdf": b"%PDF"})
        code, out, err = run(root, "build")
        assert code == 0, err
        # said at the build, at each file, with the name to use: not first when publishing
        assert "static/Báo cáo tổng kết.pdf: cảnh báo: Tên tệp hoặc thư mục có dấu cách hoặc chữ có dấu" in err
        assert "Gợi ý: Đổi tên thành “Báo cáo tổng kết.pdf”" not in err and "“bao-cao-tong-ket.pdf”" in err
        assert "content/tin-tuc/Tài liệu/Kế hoạch 2022.PDF: cảnh báo:" in err and "“tin-tuc/tai-lieu/ke-hoach-2022.pdf”" in err
        assert "“hoi-nghi.txt”" in err and "ok.pdf" not in err  # only the name changes: only the name is said
        assert run(root, "check")[1].count("Tên tệp hoặc thư mục có dấu cách") == 3
        code, _, err = publish(root)
        assert code == 1 and "Báo cáo tổng kết.pdf → bao-cao-tong-ket.pdf" in err and "chữ thường không dấu" in err
        assert not (server.home / "www").exists()
    finally:
        server.stop()


def test_check_reports_mistakes_and_secrets_in_the_publish_section(tmp_path):
    from tests.publishkit import run

    root = write_site(tmp_path / "site", "publish:\n  - name: ftp\n    type: ftp\n    host: ftp.example.vn\n"
                                         "    password: bi-mat\n    kepp: 3\n")
    code, out, _ = run(root, "check")
    assert code == 1
    assert "publish[1].password: Không được ghi thông tin đăng nhập bí mật" in out
    assert "Trường “password” không có trong định dạng" not in out  # said once, as a secret
    assert "publish[1].kepp: Trường “kepp” không có trong định dạng" in out
    # the build, what editors run most, refuses the secret too (site.yaml is committed and shared)
    code, out, err = run(root, "build")
    assert code == 1 and "publish[1].password: Không được ghi thông tin đăng nhập bí mật" in err
    assert "kepp" not in err and not (root / "output").exists()


def test_after_a_generator_upgrade_publish_asks_for_a_build_and_the_build_remakes_the_site(tmp_path, monkeypatch):
    from bangvang import cache as cache_module
    from tests.publishkit import run

    dest = tmp_path / "www"
    root = write_site(tmp_path / "site", folder_target(dest))
    build(root)
    monkeypatch.setattr(cache_module, "code_digest", lambda: "a newer generator")
    code, _, err = publish(root)
    assert code == 1 and "Bản dựng trong output/ đã cũ" in err
    assert not dest.exists()
    code, out, err = run(root, "build")
    assert code == 0 and "Không có gì thay đổi" not in out and "Đã dựng" in out
    code, _, err = publish(root)
    assert code == 0, err


def test_limits_are_said_in_the_units_the_host_states_them():
    """Cloudflare Pages' 25 MiB is said as 25 MiB (the README's words), not as 26,2 MB."""
    from pathlib import Path

    from bangvang.publish.site import BuiltSite, SiteFile, limit_problems
    from bangvang.publish.targets import PRESETS

    site = BuiltSite(Path("."), (SiteFile("tai-lieu/video.mp4", Path("video.mp4"), 30 * 2**20, "x"),))
    assert limit_problems(site, PRESETS["cloudflare-pages"]) == [
        "1 tệp lớn hơn 25 MiB mỗi tệp: tai-lieu/video.mp4 (31,5 MB)"]
    big = BuiltSite(Path("."), (SiteFile("a.bin", Path("a.bin"), 2 * 10**9, "x"),))
    assert "quá giới hạn 1,0 GB" in limit_problems(big, PRESETS["github-pages"])[0]


@pytest.mark.parametrize("preset, fits, too_big, said", [
    ("github-pages", [(f"{i}.bin", 10**8) for i in range(10)], [(f"{i}.bin", 10**8) for i in range(10)] + [("c", 1)],
     "quá giới hạn 1,0 GB"),
    ("github-pages", [("a.bin", 100 * 10**6)], [("a.bin", 100 * 10**6 + 1)], "lớn hơn 100,0 MB mỗi tệp"),
    ("cloudflare-pages", [(f"t/{i}", 1) for i in range(20_000)], [(f"t/{i}", 1) for i in range(20_001)],
     "quá giới hạn 20.000 tệp"),
    ("cloudflare-pages", [("v.mp4", 25 * 2**20)], [("v.mp4", 25 * 2**20 + 1)], "lớn hơn 25 MiB mỗi tệp"),
    ("gitlab-pages", [(f"{i // 1000}/{i}", 1) for i in range(200_000)],
     [(f"{i // 1000}/{i}", 1) for i in range(200_001)], "quá giới hạn 200.000 tệp"),
    ("gitlab-pages", [("a.bin", 10**9)], [("a.bin", 10**9 + 1)], "quá giới hạn 1,0 GB"),
    ("netlify", [(f"vinh-danh/{i}", 1) for i in range(54_000)], [(f"vinh-danh/{i}", 1) for i in range(54_001)],
     "thư mục vinh-danh/ có 54.001 tệp, quá giới hạn 54.000 tệp một thư mục"),
])
def test_each_hosts_preset_holds_the_limits_the_host_states(preset, fits, too_big, said):
    """Issue 13's numbers: GitHub Pages 1 GB (and 100 MB a file), Cloudflare Pages 20,000 files and 25 MiB a
    file, GitLab Pages 1 GB and 200,000 entries, Netlify 54,000 files a folder: at the limit fits, one over not."""
    from pathlib import Path

    from bangvang.publish.site import BuiltSite, SiteFile, limit_problems
    from bangvang.publish.targets import PRESETS

    def site(files):
        return BuiltSite(Path("."), tuple(SiteFile(rel, Path(rel), size, "x") for rel, size in files))

    assert limit_problems(site(fits), PRESETS[preset]) == []
    problems = limit_problems(site(too_big), PRESETS[preset])
    assert len(problems) == 1 and said in problems[0], problems
