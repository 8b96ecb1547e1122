"""Related articles: shared awardees, campaigns, units and tags; newest first among equals."""

from __future__ import annotations

from bangvang.related import article_features, build_index, related


def index_of(*articles):
    """articles: (source, units, campaigns, awardees, tags), newest first."""
    return build_index((s, article_features(u, c, a, t)) for s, u, c, a, t in articles)


def test_the_most_shared_first_then_the_newest():
    index = index_of(
        ("moi-nhat", ["ha-noi"], [], [], []),                     # same unit only, newest
        ("cung-don-vi", ["ha-noi"], [], [], []),                  # same unit only, older
        ("cung-phong-trao", ["thanh-hoa"], ["sang-kien"], [], []),  # same campaign only
        ("cung-nguoi", ["an-giang"], [], ["le-van-a"], []),       # same person, other unit, old
        ("khong-lien-quan", ["thai-nguyen"], ["gioi-viec-nuoc"], [], ["y-te"]),
        ("bai", ["ha-noi"], ["sang-kien"], ["le-van-a"], ["an-toan"]),
        ("cung-chu-de", ["hue"], [], [], ["an-toan"]),            # same tag, oldest
    )
    assert related("bai", index) == ("cung-nguoi", "moi-nhat", "cung-don-vi", "cung-phong-trao")
    assert related("bai", index, limit=6) == ("cung-nguoi", "moi-nhat", "cung-don-vi", "cung-phong-trao",
                                              "cung-chu-de")
    assert related("moi-nhat", index) == ("cung-don-vi", "bai")  # never itself


def test_two_shared_things_beat_one_and_nothing_shared_gives_nothing():
    index = index_of(
        ("a", ["ha-noi"], [], [], []),
        ("b", ["ha-noi"], ["sang-kien"], [], ["an-toan"]),
        ("c", ["ha-noi"], ["sang-kien"], [], []),
        ("d", ["hue"], [], [], []),
    )
    assert related("b", index) == ("c", "a")
    assert related("d", index) == ()
    assert related("khong-co", index) == ()


def test_a_rare_overlap_is_found_in_a_large_unit():
    """An old article sharing a person is found among a thousand newer articles of the same unit."""
    articles = [(f"bai-{i}", ["ha-noi"], ["sang-kien"], [], []) for i in range(1000)]
    articles.append(("cu-cung-nguoi", ["ha-noi"], [], ["le-van-a"], []))
    articles.append(("bai", ["ha-noi"], ["sang-kien"], ["le-van-a"], []))
    index = index_of(*articles)
    assert related("bai", index) == ("cu-cung-nguoi", "bai-0", "bai-1", "bai-2")


def test_deterministic_whatever_the_set_order():
    articles = [(f"bai-{i}", ["ha-noi"], [], [], ["t"]) for i in range(30)]
    first = related("bai-10", index_of(*articles), limit=5)
    assert first == ("bai-0", "bai-1", "bai-2", "bai-3", "bai-4")
    assert all(related("bai-10", index_of(*articles), limit=5) == first for _ in range(3))


PHUOC = 'awardees:\n  - name: "Lê Văn Phước"\n    award: bang-khen\n    unit: cdcs-fecon\n'


def test_the_built_page_lists_articles_on_the_same_people_campaign_unit_and_topic_not_the_same_days(scratch_site):
    """Through the command line: "Bài liên quan" of an article is what shares its awardee, campaign, unit or
    tag, the most shared first and the newest among equals; an article of the next day sharing nothing
    is not there."""
    import re

    from tests.conftest import article, run_build

    root = scratch_site({
        "content/tin-tuc/bai.md": article("Bài chính", "2021-06-06 08:00", "ldld-ha-noi",
                                          PHUOC + "campaign: gioi-viec-nuoc\ntags: [an toàn]\n"),
        "content/tin-tuc/gan-ngay.md": article("Ngày hôm sau", "2021-06-07 08:00", "tong-ldld"),
        "content/tin-tuc/cung-nguoi.md": article("Cùng người", "2018-01-01 08:00", "tong-ldld", PHUOC),
        "content/tin-tuc/don-vi-moi.md": article("Cùng đơn vị mới", "2021-01-01 08:00", "ldld-ha-noi"),
        "content/tin-tuc/don-vi-cu.md": article("Cùng đơn vị cũ", "2019-01-01 08:00", "ldld-ha-noi"),
        "content/tin-tuc/phong-trao.md": article("Cùng phong trào", "2020-01-01 08:00", "tong-ldld",
                                                 "campaign: gioi-viec-nuoc\n"),
        "content/tin-tuc/chu-de.md": article("Cùng chủ đề", "2021-05-01 08:00", "tong-ldld", "tags: [an toàn]\n"),
    })
    code, _, err = run_build(root)
    assert code == 0, err
    page = (root / "output/tin-tuc/bai-chinh/index.html").read_text("utf-8")
    section = page.split('id="bai-lien-quan"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r'<a href="/tin-tuc/[^"]+/">([^<]+)</a>', section)
    assert titles == ["Cùng người", "Cùng đơn vị mới", "Cùng phong trào", "Cùng đơn vị cũ"], section
    other = (root / "output/tin-tuc/ngay-hom-sau/index.html").read_text("utf-8")
    assert "Cùng người" in other.split('id="bai-lien-quan"', 1)[1]  # the same unit, tong-ldld
    assert "Bài chính" not in other.split('id="bai-lien-quan"', 1)[1]  # a day apart, nothing shared
