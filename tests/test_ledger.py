"""The address ledger: an address that disappears gets a redirect (or a removal notice), across a deleted cache."""

from __future__ import annotations

import shutil

from bangvang.ledger import LEDGER_NAME, read_ledger
from tests.conftest import article, run_build


def _site(scratch_site, title="Hội nghị tổng kết", extra=""):
    return scratch_site({"content/tin-tuc/2021/hoi-nghi.md": article(title=title, extra=extra),
                         "content/tin-tuc/2021/khac.md": article(title="Bài khác", date="2021-05-01")})


def test_a_changed_title_leaves_a_redirect_at_the_old_address_even_without_the_cache(scratch_site):
    root = _site(scratch_site)
    code, _, err = run_build(root)
    assert code == 0, err
    ledger = read_ledger((root / LEDGER_NAME).read_bytes())
    assert ledger["tin-tuc/hoi-nghi-tong-ket/index.html"] == ("bai:tin-tuc/2021/hoi-nghi.md", "")
    shutil.rmtree(root / ".bangvang-cache")
    (root / "content/tin-tuc/2021/hoi-nghi.md").write_text(article(title="Hội nghị tổng kết năm 2021"))
    code, out, err = run_build(root)
    assert code == 0, err
    assert "Địa chỉ cũ /tin-tuc/hoi-nghi-tong-ket/ không còn trang: đã đặt trang chuyển hướng tới " \
           "/tin-tuc/hoi-nghi-tong-ket-nam-2021/." in out
    assert "· 1 cảnh báo" in out  # the summary counts the notice it printed as a warning
    old = (root / "output/tin-tuc/hoi-nghi-tong-ket/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/tin-tuc/hoi-nghi-tong-ket-nam-2021/">' in old
    assert '<link rel="canonical" href="https://example.org/tin-tuc/hoi-nghi-tong-ket-nam-2021/">' in old
    assert (root / "output/_redirects").read_text() == \
        "/tin-tuc/hoi-nghi-tong-ket/ /tin-tuc/hoi-nghi-tong-ket-nam-2021/ 301\n"
    # the next build (cache deleted again) keeps the redirect and does not announce it a second time
    shutil.rmtree(root / ".bangvang-cache")
    first = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    code, out, err = run_build(root)
    assert code == 0, err
    assert "Địa chỉ cũ" not in out
    again = {p.relative_to(root / "output"): p.read_bytes() for p in (root / "output").rglob("*") if p.is_file()}
    assert again == first  # same input (ledger included) → same bytes


def test_a_second_move_sends_the_first_address_to_the_newest_one(scratch_site):
    root = _site(scratch_site)
    assert run_build(root)[0] == 0
    for title in ("Tên thứ hai", "Tên thứ ba"):
        (root / "content/tin-tuc/2021/hoi-nghi.md").write_text(article(title=title))
        assert run_build(root)[0] == 0
    for old in ("hoi-nghi-tong-ket", "ten-thu-hai"):
        page = (root / f"output/tin-tuc/{old}/index.html").read_text()
        assert "url=/tin-tuc/ten-thu-ba/" in page
    assert (root / "output/tin-tuc/ten-thu-ba/index.html").is_file()


def test_a_removed_article_gets_a_notice_and_nothing_breaks_while_it_is_gone(scratch_site):
    root = _site(scratch_site)
    assert run_build(root)[0] == 0
    (root / "content/tin-tuc/2021/hoi-nghi.md").unlink()
    code, out, err = run_build(root)
    assert code == 0, err
    assert "Trang ở địa chỉ /tin-tuc/hoi-nghi-tong-ket/ đã bị gỡ" in out
    page = (root / "output/tin-tuc/hoi-nghi-tong-ket/index.html").read_text()
    assert "Trang đã được gỡ" in page and 'href="/"' in page
    assert not (root / "output/_redirects").exists()
    assert read_ledger((root / LEDGER_NAME).read_bytes())["tin-tuc/hoi-nghi-tong-ket/index.html"][1] == "go"
    # it comes back under a new title: the notice becomes a redirect
    (root / "content/tin-tuc/2021/hoi-nghi.md").write_text(article(title="Đã trở lại"))
    assert run_build(root)[0] == 0
    assert "url=/tin-tuc/da-tro-lai/" in (root / "output/tin-tuc/hoi-nghi-tong-ket/index.html").read_text()


def test_a_unit_renamed_with_its_old_id_as_alias_is_redirected(scratch_site):
    from tests.conftest import UNITS

    root = _site(scratch_site)
    assert run_build(root)[0] == 0
    renamed = UNITS.replace("- id: ldld-ha-noi\n", "- id: ldld-tp-ha-noi\n  aliases: [ldld-ha-noi]\n") \
        .replace("parent: ldld-ha-noi", "parent: ldld-tp-ha-noi").replace("successor: ldld-ha-noi",
                                                                          "successor: ldld-tp-ha-noi")
    (root / "content/units.yaml").write_text(renamed)
    for name in ("hoi-nghi.md", "khac.md"):
        path = root / "content/tin-tuc/2021" / name
        path.write_text(path.read_text().replace("unit: ldld-ha-noi", "unit: ldld-tp-ha-noi"))
    code, out, err = run_build(root)
    assert code == 0, err
    page = (root / "output/don-vi/ldld-ha-noi/index.html").read_text()
    assert "url=/don-vi/ldld-tp-ha-noi/" in page
    assert "/don-vi/ldld-ha-noi/ /don-vi/ldld-tp-ha-noi/ 301" in (root / "output/_redirects").read_text()


def test_redirect_lines_follow_the_sites_own_redirects_file(scratch_site):
    root = _site(scratch_site)
    (root / "static").mkdir()
    (root / "static/_redirects").write_text("/lien-he-cu/ /lien-he/ 301")
    assert run_build(root)[0] == 0
    (root / "content/tin-tuc/2021/hoi-nghi.md").write_text(article(title="Tên mới"))
    assert run_build(root)[0] == 0
    assert (root / "output/_redirects").read_text() == \
        "/lien-he-cu/ /lien-he/ 301\n/tin-tuc/hoi-nghi-tong-ket/ /tin-tuc/ten-moi/ 301\n"


def test_builds_into_another_folder_or_with_drafts_leave_the_ledger_alone(scratch_site, tmp_path):
    root = _site(scratch_site)
    assert run_build(root, "--out", str(tmp_path / "preview"))[0] == 0
    assert not (root / LEDGER_NAME).exists()
    assert run_build(root, "--drafts")[0] == 0
    assert not (root / LEDGER_NAME).exists()
    assert run_build(root)[0] == 0
    assert (root / LEDGER_NAME).exists()


def test_the_build_after_the_one_that_wrote_the_ledger_has_nothing_to_do(scratch_site):
    root = _site(scratch_site)
    assert run_build(root)[0] == 0
    code, out, _ = run_build(root)
    assert code == 0 and "Không có gì thay đổi" in out
    (root / LEDGER_NAME).write_text((root / LEDGER_NAME).read_text() + "tin-tuc/cu/index.html\tbai:tin-tuc/cu.md\n")
    code, out, _ = run_build(root)
    assert "Không có gì thay đổi" not in out
    assert "Trang đã được gỡ" in (root / "output/tin-tuc/cu/index.html").read_text()


HUNG = """\
awardees:
  - name: "Nguyễn Văn Hùng"
    award: bang-khen
    unit: {unit}
"""


def test_an_awardee_page_that_changes_address_is_said_at_its_entry_with_the_id_that_keeps_it(scratch_site):
    """CONTENT_FORMAT.md, "Awardee pages keep their address": a namesake dated earlier takes the plain address;
    the build says so once, at the entry of the person who moved, with the `id` that takes the address back."""
    root = scratch_site({"content/tin-tuc/2021/fecon.md": article(title="Fecon", unit="cdcs-fecon",
                                                                  extra=HUNG.format(unit="cdcs-fecon"))})
    code, out, err = run_build(root)
    assert code == 0, err
    ledger = read_ledger((root / LEDGER_NAME).read_bytes())
    assert ledger["vinh-danh/nguyen-van-hung/index.html"][0].startswith("vinh-danh:")
    (root / "content/tin-tuc/2020/ha-noi.md").parent.mkdir(parents=True)
    (root / "content/tin-tuc/2020/ha-noi.md").write_text(article(title="Hà Nội", date="2020-03-01 08:00",
                                                                 extra=HUNG.format(unit="ldld-ha-noi")))
    code, out, err = run_build(root)
    assert code == 0, err
    assert ("content/tin-tuc/2021/fecon.md:6: cảnh báo: awardees[1]: Trang vinh danh của “Nguyễn Văn Hùng” đổi địa "
            "chỉ: /vinh-danh/nguyen-van-hung/ → /vinh-danh/nguyen-van-hung-cdcs-fecon/; "
            "địa chỉ cũ nay là trang của “Nguyễn Văn Hùng”, người khác trùng tên, nên liên kết cũ dẫn tới người đó. "
            "Gợi ý: Để giữ địa chỉ cũ, thêm dòng “id: nguyen-van-hung” vào mục này") in out
    assert "Địa chỉ cũ" not in out  # not said twice
    code, out, err = run_build(root)  # said once
    assert code == 0, err
    assert "đổi địa chỉ" not in out
    # the hint works: the id takes the address back, and the namesake moves aside
    (root / "content/tin-tuc/2021/fecon.md").write_text(article(
        title="Fecon", unit="cdcs-fecon", extra=HUNG.format(unit="cdcs-fecon") + "    id: nguyen-van-hung\n"))
    code, out, err = run_build(root)
    assert code == 0, err
    assert "Fecon" in (root / "output/vinh-danh/nguyen-van-hung/index.html").read_text("utf-8")
    assert "content/tin-tuc/2020/ha-noi.md:6: cảnh báo: awardees[1]: Trang vinh danh của “Nguyễn Văn Hùng” đổi" in out
