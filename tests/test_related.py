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
