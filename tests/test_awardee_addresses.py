"""Property: publishing a new article never moves an existing awardee page (CONTENT_FORMAT.md, "Awardee pages
keep their address").

The existing site is any set of articles; the new article is published after them (news is added at the
end; an article dated before existing ones is content added to the past, which the namesake rule — the
first published keeps the plain slug — may reorder by design). Its entries may be namesakes of existing
awardees (the same name in another unit, names that fold to one slug such as Hùng and Hưng), the same
people again, new people, counted lines and honours not granted. An `id` claiming an existing name is left
out: the editor's id wins by design and moves that page on purpose.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bangvang.assemble import make_site
from bangvang.model import Article, Honour, Period
from tests.test_format_v2 import CONFIG, REGISTRY

NAMES = ("Nguyễn Văn Hùng", "Nguyễn Văn Hưng", "Nguyễn Văn Hừng", "Lê Thị An", "Lê Thị Ân", "Trần Bình",
         "Tổ Cơ khí")
UNITS = ("ldld-hn", "cdcs-xd1", "ldld-tinh-a", "ldld-tinh-c")
AWARDS = ("bang-khen", "hoi-thi")
START = datetime(2020, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))

entry = st.fixed_dictionaries({
    "name": st.sampled_from(NAMES), "unit": st.sampled_from(UNITS), "award": st.sampled_from(AWARDS),
    "year": st.integers(2019, 2024),
    "status": st.sampled_from(("da-trao", "da-trao", "de-nghi")), "kind": st.sampled_from(("ca-nhan", "tap-the")),
    "id": st.sampled_from(("", "", "", "ma-rieng-1", "ma-rieng-2"))})
counted_line = st.fixed_dictionaries({"unit": st.sampled_from(UNITS), "number": st.integers(1, 40)})


def make_article(number: int, entries: list[dict], counted: list[dict], with_ids: bool) -> Article:
    source = f"tin-tuc/bai-{number}.md"
    honours = []
    for e in entries:
        honours.append(Honour(source, len(honours), e["award"], e["kind"], e["name"], (), Period(e["year"], e["year"]),
                              e["unit"], None, None, "", "", "", e["id"] if with_ids else "", len(honours) + 1,
                              status=e["status"]))
    for c in counted:
        honours.append(Honour(source, len(honours), "bang-khen", "tap-the", "", (("ca-nhan", c["number"]),),
                              Period(2023, 2023), c["unit"], None, None, "", "", "", "", len(honours) + 1))
    return Article(source, f"bai-{number}", f"Bài {number}", START + timedelta(days=number), (honours[0].unit,)
                   if honours else ("ldld-hn",), (), "", "", "", "", "", (), False, zlib.compress(b"<p>x</p>"),
                   tuple(honours))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(existing=st.lists(st.tuples(st.lists(entry, max_size=5), st.lists(counted_line, max_size=1)), min_size=1,
                         max_size=6),
       added=st.tuples(st.lists(entry, min_size=1, max_size=6), st.lists(counted_line, max_size=1)))
def test_adding_an_article_never_changes_an_existing_awardee_address(existing, added):
    before_articles = [make_article(i, entries, counted, True) for i, (entries, counted) in enumerate(existing)]
    new = make_article(len(existing), added[0], added[1], False)
    before, problems = make_site(CONFIG, REGISTRY, before_articles, [], [])
    assert problems == []
    after, problems = make_site(CONFIG, REGISTRY, before_articles + [new], [], [])
    assert problems == []
    for report, slug in before.awardee_of.items():
        assert after.awardee_of[report] == slug
    assert set(before.awardees) <= set(after.awardees)
