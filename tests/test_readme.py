"""The README as a new editor reads it: the Vietnamese guide has every step (install, build, serve, new,
check, publish, the table of messages), in-page links land on a heading, the GitHub Actions workflow is
valid YAML that builds the way the README's first command does and uploads output/."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def vietnamese_guide() -> str:
    return README.split("## Hướng dẫn cho biên tập viên", 1)[1].split("\n## ", 1)[0]


def test_the_vietnamese_guide_has_every_step():
    guide = vietnamese_guide()
    headings = re.findall(r"^### (.+)$", guide, re.MULTILINE)
    for wanted in ("Cài đặt", "Các lệnh", "Xem trước khi viết", "Xuất bản", "Bảng thông báo lỗi"):
        assert any(h.startswith(wanted) for h in headings), (wanted, headings)
    install = guide.split("### Cài đặt", 1)[1].split("\n### ", 1)[0]
    assert "Windows" in install and "Linux, macOS" in install and ".venv\\Scripts\\activate" in install \
        and "source .venv/bin/activate" in install
    commands = guide.split("### Các lệnh", 1)[1].split("\n### ", 1)[0]
    for command in ("bangvang init", "`bangvang`", "bangvang serve", "bangvang new", "--slug", "bangvang check",
                    "bangvang publish"):
        assert command in commands, command
    table = guide.split("### Bảng thông báo lỗi", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 20
    for message in ("Dấu “#” cắt mất", "ngoặc kép cong", "lẻ một mình", "nằm trên máy tính của bạn",
                    "Đã bỏ định dạng", "Không có lệnh “buidl”"):  # issue 14's messages are in the table
        assert any(message in row for row in rows), message
    for target in ("GitHub Pages", "Netlify", "Cloudflare Pages", "SFTP", "FTP"):
        assert target in guide, target


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_in_page_links_land_on_an_anchor():
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', README))
    anchors |= {github_anchor(h) for h in re.findall(r"^#+ (.+)$", README, re.MULTILINE)}
    for link in set(re.findall(r"\]\(#([^)]+)\)", README)):
        assert link in anchors, link


def test_the_github_actions_workflow_is_valid_and_builds_like_the_first_command():
    block = re.search(r"```yaml\n(name: Xuất bản\n.*?)```", README, re.DOTALL).group(1)
    workflow = yaml.safe_load(block)
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    first = re.search(r"```bash\n(.*?)```", README, re.DOTALL).group(1).strip()
    assert runs[0].split(" && ")[:2] == first.split(" && ")[:2]  # the same venv and install
    assert "build.py" in runs[0] or "bangvang" in runs[0]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output"
    assert any("address-ledger.txt" in run for run in runs)  # the ledger is committed back
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_publishing_is_step_by_step_in_both_languages_and_says_how_short_the_sftp_window_is():
    english = README.split("### Publishing", 1)[1].split("\n### ", 1)[0]
    for heading in ("#### GitHub Pages", "#### Netlify", "#### Cloudflare Pages", "#### A shared host (SFTP or FTP)"):
        assert heading in english, heading
    assert "swap: rename" in english and "a few milliseconds" in english
    guide = vietnamese_guide()
    assert "swap: rename" in guide and "vài phần nghìn giây" in guide
    assert "BANGVANG_FTP_PASSWORD" in guide and "--rollback" in guide and "--dry-run" in guide
