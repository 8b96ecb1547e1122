from bangvang.views import pager


def url(n: int) -> str:
    return "/" if n == 1 else f"/trang/{n}/"


def numbers(p) -> list[int]:
    return [n for n, _ in p.pages]


def test_no_pager_for_one_page():
    assert pager(1, 1, url) is None


def test_short_pagers_list_every_page():
    assert numbers(pager(5, 3, url)) == [1, 2, 3, 4, 5]
    assert numbers(pager(7, 4, url)) == [1, 2, 3, 4, 5, 6, 7]


def test_long_pagers_show_a_window_and_both_ends():
    p = pager(1000, 500, url)
    assert numbers(p) == [1, 0, 498, 499, 500, 501, 502, 0, 1000]
    assert (0, "") in p.pages and p.prev_url == "/trang/499/" and p.next_url == "/trang/501/"
    assert numbers(pager(1000, 1, url)) == [1, 2, 3, 0, 1000]
    assert numbers(pager(1000, 1000, url)) == [1, 0, 998, 999, 1000]


def test_a_single_skipped_page_is_linked_rather_than_elided():
    assert numbers(pager(10, 5, url)) == [1, 2, 3, 4, 5, 6, 7, 0, 10]
    assert numbers(pager(10, 4, url)) == [1, 2, 3, 4, 5, 6, 0, 10]
