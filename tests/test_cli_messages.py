"""Command-line mistakes answered in Vietnamese, with "did you mean" only when it is close; the
`bangvang` console command and `python build.py` typed without the environment."""

from __future__ import annotations

import io
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from bangvang.cli import main
from tests.conftest import ROOT, article

ENGLISH = re.compile(r"\b(usage|invalid|required|argument|arguments|error|choose|unrecognized|expected|"
                     r"options|positional|show this help)\b", re.IGNORECASE)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv,expected", [
    (["buidl"], "Không có lệnh “buidl”. Có phải là “build”? Các lệnh: build, serve, new, check, publish, init."),
    (["chek"], "Có phải là “check”?"),
    (["new"], "Thiếu tiêu đề bài viết."),
    (["build", "--outt", "x"], "Lệnh không có tùy chọn “--outt”. Có phải là “--out”?"),
    (["serve", "--port", "tám"], "--port cần một số nguyên, không phải “tám”."),
    (["check", "--format", "jsn"], "--format không nhận “jsn”. Có phải là “json”? Chọn một trong: text, json."),
    (["new", "Tiêu đề", "--unit"], "Tùy chọn --unit cần một giá trị ngay sau nó."),
    (["new", "Hội", "nghị", "--unit", "x"], "Thừa “nghị”. Nếu là một giá trị có dấu cách, hãy đặt trong ngoặc kép."),
])
def test_command_line_mistakes_are_one_vietnamese_sentence(argv, expected):
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    assert expected in err, err
    assert not ENGLISH.search(err), err
    assert "--help" in err  # where to read more


def test_a_wrong_option_points_at_the_commands_own_help():
    code, _, err = run("publish", "--dryrun")
    assert code == 1 and "Có phải là “--dry-run”?" in err and err.strip().endswith("Xem thêm: bangvang publish --help")
    code, _, err = run("--strik")  # no command: build
    assert code == 1 and err.strip().endswith("Xem thêm: bangvang build --help")


@pytest.mark.parametrize("word", ["xyz", "xuat-ban-ngay", "tin-tuc"])
def test_no_suggestion_when_nothing_is_close(word):
    code, _, err = run(word)
    assert code == 1 and f"Không có lệnh “{word}”." in err and "Có phải là" not in err


def test_help_is_vietnamese(capsys):
    for argv in (["--help"], ["new", "--help"], ["serve", "-h"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 0
        text = capsys.readouterr().out
        assert text.startswith("Cách dùng: ") and "tùy chọn" in text
        assert not ENGLISH.search(text), text
    main_help = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--help"], capture_output=True,
                               text=True, check=True).stdout
    assert "--no-drafts" in main_help and main_help.startswith("Cách dùng: python build.py serve")


def console_command() -> Path:
    return Path(sys.executable).parent / ("bangvang.exe" if os.name == "nt" else "bangvang")


def test_bangvang_console_command_builds(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A")})
    done = subprocess.run([str(console_command()), "--config", str(root / "site.yaml")], capture_output=True,
                          text=True, cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã dựng ") and (root / "output/tin-tuc/a/index.html").is_file()


def test_build_py_without_the_environment_uses_the_projects_venv(scratch_site, tmp_path):
    """`python3 build.py` typed with a Python lacking the libraries (-S: no site-packages) runs itself
    again with the .venv next to build.py; with no .venv it says how to install, in Vietnamese."""
    root = scratch_site({"content/tin-tuc/a.md": article("A")})
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "build.py", project / "build.py")
    bare = [sys.executable, "-S", "-I", str(project / "build.py"), "--config", str(root / "site.yaml")]
    done = subprocess.run(bare, capture_output=True, text=True, cwd=root)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "Chưa cài Bảng Vàng cho Python này" in done.stderr and ".venv/bin/pip install -e ." in done.stderr
    # Now a .venv beside build.py, seeing the libraries of the environment running these tests.
    venv.create(project / ".venv", with_pip=False, symlinks=True)
    purelib = sysconfig.get_path("purelib", vars={"base": str(project / ".venv"), "platbase": str(project / ".venv")})
    Path(purelib, "bangvang-test.pth").write_text("\n".join([str(ROOT), *site.getsitepackages()]) + "\n")
    done = subprocess.run([sys.base_prefix + "/bin/python3", "-S", *bare[2:]], capture_output=True, text=True,
                          cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã dựng ")


def test_init_starts_a_site_of_ones_own_that_builds_and_takes_a_new_article(tmp_path, monkeypatch):
    """A new editor's first steps: in an empty folder the build says how to start a site; `init` makes
    one (never over an existing one), and its next steps work as printed."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run()
    assert code == 1 and "Không tìm thấy thư mục nội dung" in err and "init --unit" in err
    code, _, err = run("init", "nghe-an")
    assert code == 1 and "Thiếu tên đơn vị của trang" in err and not (tmp_path / "nghe-an").exists()
    code, out, err = run("init", "nghe-an", "--unit", "Liên đoàn Lao động tỉnh Nghệ An")
    assert code == 0, err
    assert "cd nghe-an" in out and 'new "Tiêu đề bài đầu tiên" --unit ldld-nghe-an' in out and "base_url" in out
    site = tmp_path / "nghe-an"
    assert "name: Liên đoàn Lao động tỉnh Nghệ An" in (site / "content/units.yaml").read_text()
    assert (site / "content/awards.yaml").read_text() == (ROOT / "content/awards.yaml").read_text()
    assert (site / "static").is_dir() and "output/" in (site / ".gitignore").read_text()
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    code, _, err = run("init", "nghe-an", "--unit", "Công đoàn khác")
    assert code == 1 and "không ghi đè" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    monkeypatch.chdir(site)
    code, out, err = run("new", "Hội nghị tổng kết năm 2024", "--unit", "Liên đoàn Lao động tỉnh Nghệ An")
    assert code == 0, err
    (site / out.splitlines()[0]).write_text((site / out.splitlines()[0]).read_text().replace("draft: true", "draft: false"))
    code, out, err = run("build")
    assert code == 0, err
    assert "1 bài viết" in out and (site / "output/gioi-thieu/index.html").is_file()
    assert (site / "output/tin-tuc/hoi-nghi-tong-ket-nam-2024/index.html").is_file()
    code, out, err = run("check")
    assert code == 0 and "0 lỗi, 0 cảnh báo" in out, out + err
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "publish:\n  - name: usb\n    type: zip\n"
                                                                        "    path: ban-in/trang.zip\n")
    code, _, err = run("publish", "usb")
    assert code == 0, err


def test_the_readmes_first_command_typed_literally_in_a_fresh_shell_builds_the_site(tmp_path):
    """Issue 14's acceptance: the README's first fenced command, as written, in a fresh shell (no activated
    environment, nothing but the system's PATH) in a fresh copy of the repository, builds the example site."""
    readme = (ROOT / "README.md").read_text("utf-8")
    command = re.search(r"```bash\n(.*?)```", readme, re.DOTALL).group(1).strip()
    assert command.startswith("python3 -m venv .venv") and "\n" not in command, command
    copy = tmp_path / "bang-vang"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        if (ROOT / rel).is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, copy / rel)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)), "LANG": "C.UTF-8"}
    for key in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE", "HTTPS_PROXY",
                "HTTP_PROXY", "https_proxy", "http_proxy", "NO_PROXY", "no_proxy"):
        if key in os.environ:  # how this machine reaches the package index, not part of the command
            env[key] = os.environ[key]
    done = subprocess.run(["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã dựng " in done.stdout and "Traceback" not in done.stderr
    assert (copy / "output/index.html").is_file() and (copy / "output/tin-tuc/index.html").is_file()
