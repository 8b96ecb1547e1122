"""The address ledger: every page address the site has had, so that no published address ever breaks.

The ledger is a text file in the site folder (`address-ledger.txt`, beside site.yaml) that editors commit
with their content; unlike the cache it is never safe to delete. Each line is an output path and what
the page there stands for (an article's source file, a unit's id, an awardee's key), so that when an
address disappears (a new title or slug, a renamed unit, an awardee whose page moved) the build knows
where it went and writes a redirect page there (meta refresh plus canonical link, and a `_redirects`
line for the hosts that read that file); an address whose page is really gone gets a notice page.

Pure functions over the site and the ledger's text; pipeline.py writes the pages and the file.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .errors import WARNING, Problem

LEDGER_NAME = "address-ledger.txt"
REDIRECTS_FILE = "_redirects"
HEADER = (
    "# Sổ địa chỉ của trang (Bảng Vàng ghi tự động): mọi địa chỉ trang đã dựng, để địa chỉ cũ không bao giờ hỏng.\n"
    "# Hãy lưu tệp này cùng nội dung (commit vào git); đừng xoá hay sửa tay.\n"
    "# The address ledger (written by the build): commit it with the content; do not delete or edit it.\n"
)


@dataclass(frozen=True, slots=True)
class Moved:
    """One vanished address and what the build puts there: a redirect to `target`, or a notice (None)."""

    rel: str  # output path of the old page ("tin-tuc/ten-cu/index.html")
    url: str  # its URL ("/tin-tuc/ten-cu/")
    target: str | None  # the URL it now lives at; None when the page was removed
    news: bool = True  # this build is the first to find it so (the build says so once)


def ledger_path(root: Path) -> Path:
    return root / LEDGER_NAME


def read_ledger(data: bytes) -> dict[str, tuple[str, str]]:
    """Ledger text → {output path: (identity, state)}; state is "" for a live page, MOVED or REMOVED."""
    entries: dict[str, tuple[str, str]] = {}
    for line in data.decode("utf-8", "replace").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rel, _, rest = line.partition("\t")
        identity, _, state = rest.partition("\t")
        entries[rel.strip()] = (identity.strip(), state.strip())
    return entries


def format_ledger(entries: Mapping[str, tuple[str, str]]) -> bytes:
    lines = [f"{rel}\t{identity}\t{state}".rstrip("\t") if state else f"{rel}\t{identity}"
             for rel, (identity, state) in sorted(entries.items())]
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


def page_identities(site) -> dict[str, str]:
    """Output path → identity, for the pages that stand for one thing (others are known by their path)."""
    urls = site.urls
    out: dict[str, str] = {}
    for article in site.articles:
        out[urls.output_path(urls.article(article.slug))] = "bai:" + article.source
    for page in site.pages:
        out[urls.output_path(urls.page(page.slug))] = "trang:" + page.source
    for unit_id in site.registry.units:
        out[urls.output_path(urls.unit(unit_id))] = "don-vi:" + unit_id
    for campaign_id in site.registry.campaigns:
        out[urls.output_path(urls.campaign(campaign_id))] = "phong-trao:" + campaign_id
    for awardee in site.awardees.values():
        out[urls.output_path(urls.awardee(awardee.slug))] = "vinh-danh:" + awardee.key
    return out


def registry_renames(site) -> dict[str, str]:
    """Old identities → new ones from the registries: a unit or campaign whose old id is kept among its
    aliases (the README's way to rename one) is the same page under a new address."""
    out: dict[str, str] = {}
    for kind, items in (("don-vi:", site.registry.units), ("phong-trao:", site.registry.campaigns)):
        for ident, item in items.items():
            for alias in getattr(item, "aliases", ()):
                out.setdefault(kind + alias, kind + ident)
    return out


def is_page(rel: str) -> bool:
    return rel == "index.html" or rel.endswith("/index.html")


MOVED, REMOVED = "chuyen", "go"


def plan_moves(ledger: Mapping[str, tuple[str, str]], present: Iterable[str], identities: Mapping[str, str],
               renames: Mapping[str, str], url_of) -> tuple[list[Moved], dict[str, tuple[str, str]]]:
    """The vanished addresses with what goes there, and the new ledger.

    `present`: every output path this build wrote; `identities`: output path → identity of this build's
    pages; `url_of`: output path → URL. A vanished page whose identity lives on elsewhere is redirected
    there; one that stood for nothing in particular (a later page of a list) goes to the nearest page
    above it; an article, page, unit or awardee that is gone gets a notice."""
    present = set(present)
    where = {identity: rel for rel, identity in identities.items()}
    moves: list[Moved] = []
    new: dict[str, tuple[str, str]] = {}
    for rel, (identity, state) in sorted(ledger.items()):
        if rel in present or not is_page(rel):
            continue
        target = where.get(renames.get(identity, identity)) if identity else None
        if target is None and not identity:
            target = _nearest_page_above(rel, present)
        now = MOVED if target else REMOVED
        moves.append(Moved(rel, url_of(rel), url_of(target) if target else None, news=state != now))
        new[rel] = (identity, now)
    new.update({rel: (identities.get(rel, ""), "") for rel in present if is_page(rel)})
    return moves, new


def _nearest_page_above(rel: str, present: set[str]) -> str | None:
    parts = rel.split("/")[:-1]
    while parts:
        parts.pop()
        candidate = "/".join([*parts, "index.html"])
        if candidate in present:
            return candidate
    return None


def redirect_page(url: str, target: str, absolute_target: str, title: str, stylesheet: str) -> bytes:
    """A page that sends readers and search engines on: meta refresh, canonical link, and a plain link."""
    t, a = html.escape(target), html.escape(absolute_target)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Trang đã chuyển địa chỉ · {html.escape(title)}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{a}">
<meta http-equiv="refresh" content="0; url={t}">
<link rel="stylesheet" href="{html.escape(stylesheet)}">
</head>
<body>
<main class="container">
<h1>Trang đã chuyển địa chỉ</h1>
<p>Trang này nay ở <a href="{t}">{a}</a>. Nếu trình duyệt không tự chuyển, hãy bấm vào liên kết.</p>
</main>
</body>
</html>
""".encode("utf-8")


def removed_page(title: str, home: str, stylesheet: str) -> bytes:
    """What readers find at the address of a page that was really removed: a notice, not a bare 404."""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Trang đã được gỡ · {html.escape(title)}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="{html.escape(stylesheet)}">
</head>
<body>
<main class="container">
<h1>Trang đã được gỡ</h1>
<p>Nội dung từng có ở địa chỉ này đã được ban biên tập gỡ khỏi trang.
<a href="{html.escape(home)}">Về trang chủ {html.escape(title)}</a>.</p>
</main>
</body>
</html>
""".encode("utf-8")


def redirect_lines(moves: Iterable[Moved]) -> str:
    """`_redirects` lines (Netlify, Cloudflare Pages): old address, new address, 301."""
    return "".join(f"{m.url} {m.target} 301\n" for m in moves if m.target)


AWARDEE = "vinh-danh:"


def awardee_moves(ledger: Mapping[str, tuple[str, str]], site, url_of) -> tuple[list[Problem], set[str]]:
    """An awardee whose page the previous build published at another address (CONTENT_FORMAT.md, "Awardee
    pages keep their address"): said once, at the awardee's first entry (file:line), with the `id` that
    takes the old address back. Most often a namesake published with an earlier date took the plain
    address: old links now lead to that other person, and no redirect can be put there.
    Returns the warnings and the old output paths they speak for (move_notices leaves those out)."""
    urls = site.urls
    if not any(not state and identity.startswith(AWARDEE) for identity, state in ledger.values()):
        return [], set()  # nothing published an awardee page yet (a site never built into output/)
    by_key = {a.key: a for a in site.awardees.values()}
    now = {urls.output_path(urls.awardee(a.slug)): a for a in site.awardees.values()}
    out: list[Problem] = []
    spoken: set[str] = set()
    for rel, (identity, state) in sorted(ledger.items()):
        if state or not identity.startswith(AWARDEE):
            continue  # not an awardee page, or the build before this one no longer had it
        awardee = by_key.get(identity[len(AWARDEE):])
        if awardee is None:
            continue  # no longer anyone's page here (a name edited, an id given): the ledger's own notice
        new_rel = urls.output_path(urls.awardee(awardee.slug))
        if new_rel == rel:
            continue
        old_slug = rel.removesuffix("/index.html").rsplit("/", 1)[-1]
        holder = now.get(rel)
        first = min(awardee.honours, key=lambda h: (site.article(h.article).date, h.article, h.index))
        what = (f"địa chỉ cũ nay là trang của “{holder.name}”, người khác trùng tên, nên liên kết cũ dẫn tới "
                "người đó" if holder is not None else "địa chỉ cũ được chuyển hướng tới địa chỉ mới")
        out.append(Problem(site.config.content_prefix + first.article, first.line,
                           f"Trang vinh danh của “{awardee.name}” đổi địa chỉ: {url_of(rel)} → "
                           f"{urls.awardee(awardee.slug)}; {what}.", field=f"awardees[{first.index + 1}]",
                           hint=f"Để giữ địa chỉ cũ, thêm dòng “id: {old_slug}” vào mục này (và vào các mục khác "
                                "của cùng người này).", severity=WARNING, code="awardee-moved"))
        spoken.add(rel)
    return out, spoken


def move_notices(moves: Iterable[Moved], ledger_display: str, spoken: frozenset[str] | set[str] = frozenset()
                 ) -> list[Problem]:
    """What the build says about each vanished address (warnings: an editor should know); `spoken`: the old
    addresses awardee_moves has already spoken for."""
    out = []
    for m in moves:
        if not m.news or m.rel in spoken:
            continue
        if m.target:
            out.append(Problem(ledger_display, None, f"Địa chỉ cũ {m.url} không còn trang: đã đặt trang chuyển "
                               f"hướng tới {m.target}.", severity=WARNING, code="address-moved",
                               hint="Không cần làm gì; liên kết cũ vẫn dùng được."))
        else:
            out.append(Problem(ledger_display, None, f"Trang ở địa chỉ {m.url} đã bị gỡ: đặt trang thông báo "
                               "“Trang đã được gỡ” ở đó.", severity=WARNING, code="address-removed",
                               hint="Nếu trang chỉ đổi địa chỉ, hãy giữ mã (id) cũ trong aliases của danh mục."))
    return out
