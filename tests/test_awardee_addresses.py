"""Property: publishing a new article never moves an existing awardee page (CONTENT_FORMAT.md, "Awardee pages
keep their address").

The existing site is any set of articles; the new article is published after them (news is added at the
end; an article dated before existing ones is content added to the past, which the namesake rule — the
first published keeps the plain slug — may reorder by design). Its entries may be namesakes of existing
awardees (the same name in another unit, names that fold to one slug such as Hùng and Hưng), the same
people again (also reporting their existing honours again, or holding them in the number of an
`includes_named` line, which makes the new report the one a merge keeps), new people, counted lines and
honours not granted. An `id` claiming an existing name is left out: the editor's id wins by design and
moves that page on purpose.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
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
    "year": st.sampled_from((2019, 2022, 2023, 2023, 2024)),
    "status": st.sampled_from(("da-trao", "da-trao", "de-nghi")), "kind": st.sampled_from(("ca-nhan", "tap-the")),
    "id": st.sampled_from(("", "", "", "ma-rieng-1", "ma-rieng-2"))})
counted_line = st.fixed_dictionaries({"unit": st.sampled_from(UNITS), "number": st.integers(1, 40),
                                      "includes_named": st.booleans(), "award": st.sampled_from(AWARDS),
                                      "year": st.sampled_from((2022, 2023))})


def make_article(number: int, entries: list[dict], counted: list[dict], with_ids: bool) -> Article:
    source = f"tin-tuc/bai-{number}.md"
    honours = []
    for e in entries:
        honours.append(Honour(source, len(honours), e["award"], e["kind"], e["name"], (), Period(e["year"], e["year"]),
                              e["unit"], None, None, "", "", "", e["id"] if with_ids else "", len(honours) + 1,
                              status=e["status"]))
    for c in counted:
        line = len(honours)
        # a line that includes the named entries of its award, year and status (as parse.py marks them): a
        # later summary can hold an honour an earlier article reported, and be the report a merge keeps
        period = Period(c["year"], c["year"])
        covered = [i for i, h in enumerate(honours) if c["includes_named"] and h.award == c["award"]
                   and h.period == period and h.status == "da-trao" and h.covered_by < 0]
        honours = [replace(h, covered_by=line) if i in covered else h for i, h in enumerate(honours)]
        honours.append(Honour(source, line, c["award"], "tap-the", "", (("ca-nhan", max(c["number"], len(covered))),),
                              period, c["unit"], None, None, "", "", "", "", line + 1,
                              includes_named=c["includes_named"]))
    return Article(source, f"bai-{number}", f"Bài {number}", START + timedelta(days=number), (honours[0].unit,)
                   if honours else ("ldld-hn",), (), "", "", "", "", "", (), False, zlib.compress(b"<p>x</p>"),
                   tuple(honours))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(existing=st.lists(st.tuples(st.lists(entry, max_size=5), st.lists(counted_line, max_size=1)), min_size=1,
                         max_size=6),
       added=st.tuples(st.lists(entry, min_size=1, max_size=6), st.lists(counted_line, max_size=1)),
       again=st.lists(st.tuples(st.integers(0, 30), st.booleans()), max_size=3))
def test_adding_an_article_never_changes_an_existing_awardee_address(existing, added, again):
    before_articles = [make_article(i, entries, counted, True) for i, (entries, counted) in enumerate(existing)]
    # the new article may report honours of existing ones again (a ceremony after the decision, or a summary
    # whose number holds them: then a counted line of their award and year includes them)
    reported = [e for entries, _ in existing for e in entries]
    repeats = [(reported[i % len(reported)], in_line) for i, in_line in again] if reported else []
    lines = [{"unit": e["unit"], "number": 40, "includes_named": True, "award": e["award"], "year": e["year"]}
             for e, in_line in repeats if in_line]
    new = make_article(len(existing), [dict(e, id="") for e, _ in repeats] + added[0], lines[:1] or added[1], False)
    before, problems = make_site(CONFIG, REGISTRY, before_articles, [], [])
    assert problems == []
    after, problems = make_site(CONFIG, REGISTRY, before_articles + [new], [], [])
    assert problems == []
    for report, slug in before.awardee_of.items():
        assert after.awardee_of[report] == slug
    assert set(before.awardees) <= set(after.awardees)
