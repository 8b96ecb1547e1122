"""discover → parse → model → render → write, top to bottom.

`build_site` is the whole build. With a BuildCache (kept in memory by the dev server, stored in the
cache folder by `build`) unchanged articles are not parsed again, pages whose complete context is
unchanged are not rendered again, and files whose bytes are unchanged are not rewritten; the result
is the same bytes as a clean build.
"""

from __future__ import annotations

import gc
import hashlib
import os
import posixpath
import time
from array import array
from bisect import bisect_left
from collections import ChainMap
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Mapping

from .assemble import Site, article_order, make_site, site_problems
from .cache import (BuildCache, RenderKeys, check_unchanged, config_digest, load_cache, output_stamp, racy_inputs,
                    read_ledger_file, save_cache, with_ledger)
from .config import BUILTIN_TEMPLATES, BUILTIN_THEME, SiteConfig
from .discover import Sources, find_sources, is_junk, outside_links, read_bytes
from .errors import WARNING, BangVangError, BuildFailed, Problem, sorted_problems
from .ledger import (LEDGER_NAME, REDIRECTS_FILE, Moved, awardee_moves, format_ledger, ledger_path, move_notices,
                     page_identities, plan_moves, read_ledger, redirect_lines, redirect_page, registry_renames, removed_page)
from .markup import MarkdownRenderer
from .parallel import collector_paused, release_free_memory, run_forked, split, worker_count
from .model import Article, StandalonePage
from .photos import (ImageStore, card_rel, is_image, missing_alt, prepare_images, prepare_share_card, published_files,
                     with_images)
from .parse import is_published, make_article, make_page, read_document, unreadable
from .registry import Registry, parse_registries
from .deps import ARTICLE_SHAPE, DepIndex, SiteShape, keys_array, site_shape
from .pages import (PageJob, Plan, StreamJob, UnitLog, closing_jobs, family_counts, run_unit, search_pages, shard_jobs,
                    text_edit_jobs, walk_units)
from .pages.articles import ARTICLE_PAGES, STANDALONE_PAGES
from .pages.plan import OWN, READ_KINDS
from .render import make_env, render_job, start_build, template_problems
from .urls import Urls
from .search import PAGEFIND_DIR, indexed_digest, search_bundle, search_parts
from .streams import PieceBuffer, StreamMemos
from .text import is_safe_path, nfc, safe_path
from .write import InPlaceSite, OutputLock, StagedSite, check_output_dir, file_digest, write_bytes_atomic

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None)
# Below this many articles a build is quicker in one process than the cost of forking workers.
PARALLEL_MIN_ARTICLES = 200


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Loaded:
    """Everything read and checked, before rendering."""

    site: Site
    warnings: tuple[Problem, ...]
    scheduled: tuple[tuple[str, datetime], ...]
    drafts: int
    asset_paths: Mapping[str, Path] = field(default_factory=dict)  # published path (NFC) → the file on disk
    registry_files: Mapping[str, str] = field(default_factory=dict)  # registry rel → digest of the bytes read
    image_files: Mapping[str, str] = field(default_factory=dict)  # photo rel → digest of the bytes read
    context: str = ""  # what the articles were made from besides their files: registries and configuration


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    articles: int
    honours: int
    warnings: tuple[Problem, ...]
    written: int
    unchanged: int
    seconds: float
    parsed: int = 0
    rendered: int = 0
    fresh: bool = False  # nothing had changed: the build did no work at all
    scheduled: tuple[tuple[str, datetime], ...] = ()
    drafts: int = 0
    output: Path = field(default=Path("output"))
    moved: tuple[str, ...] = ()  # what the address ledger found this time (pages moved or removed)
    marks: tuple[tuple[str, str], ...] = ()  # a preview's drafts and scheduled articles: (URL, what to say)


def load_site(config: SiteConfig, sources: Sources | None = None, cache: BuildCache | None = None,
              progress: Progress = _no_progress, parallel: bool = False, env=None, keep_photos: bool = True) -> Loaded:
    """Read and check every source (and, given the Jinja env, every template); raises BuildFailed
    with all errors of the run. keep_photos=False: photos processed now are not kept in the store."""
    sources = sources or find_sources(config.content_dir, config.content_prefix)
    cache = cache if cache is not None else BuildCache()
    problems: list[Problem] = list(sources.problems) + site_file_links(config) + unsafe_file_names(config, sources)
    if env is not None:
        problems += template_problems(env)
    renderer = MarkdownRenderer()
    registry, found, registry_digest, registry_files = read_registries(sources, renderer, cache)
    problems += found
    context = registry_digest + config_digest(config)
    if parallel:
        parse_in_workers(sources, registry, config, cache, context)
    articles, scheduled, drafts, found = read_articles(sources, registry, config, renderer, cache, context, progress)
    problems += found
    pages, found = read_pages(sources, config, renderer, cache)
    problems += found
    cache.forget_missing({s.rel for s in (*sources.articles, *sources.pages)})
    assets = tuple(sorted(a.rel for a in sources.assets))
    same = same_shape_site(cache.site, config, registry, articles, pages, assets)
    site, found = same if same is not None else make_site(config, registry, articles, pages, assets)
    problems += found
    store = ImageStore(config.cache_dir, read_only=not keep_photos)
    photos = prepare_images(site, {a.rel: a for a in sources.assets}, cache.images, store, cache.trusted, parallel)
    problems += photos.problems
    site = with_images(site, photos.images, prepare_share_card(config, store))
    problems += missing_alt(site, memo=cache.alt)
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    return Loaded(site, tuple(sorted_problems(problems)), tuple(scheduled), drafts,
                  MappingProxyType({a.rel: a.path for a in sources.assets}), MappingProxyType(registry_files),
                  photos.digests, context)


def site_file_links(config: SiteConfig) -> list[Problem]:
    """The site's own templates/ and theme/ may not link out of the project."""
    problems: list[Problem] = []
    for folder in dict.fromkeys(f for f in (config.templates_dir, config.theme_dir, config.static_dir) if f):
        if folder not in (BUILTIN_TEMPLATES, BUILTIN_THEME):
            problems += outside_links(folder, config.root, config.display(folder) + "/")
    return problems


def unsafe_file_names(config: SiteConfig, sources: Sources) -> list[Problem]:
    """Files published under their own names (next to articles, in static/) whose names have spaces or
    accents: FTP servers and some hosts mangle them, so publish refuses them. Said at the build, at the
    file, with the name to use, rather than first at publishing time. A photo is published under a
    folded name of its own: only its folders count."""
    named = [(a.display, a.rel, posixpath.dirname(a.rel) if is_image(a.rel) else a.rel) for a in sources.assets]
    prefix = config.display(config.static_dir) + "/" if config.static_dir else "static/"
    named += [(prefix + rel, rel, rel) for rel in static_files(config)]
    return [Problem(display, None, "Tên tệp hoặc thư mục có dấu cách hoặc chữ có dấu: máy chủ FTP và một số nơi "
                                   "lưu trữ làm hỏng những tên này, nên lệnh publish sẽ từ chối.",
                    hint=f"Đổi tên thành “{_new_name(rel)}” (chữ thường không dấu, nối bằng gạch ngang) và sửa các "
                         "liên kết tới tệp.", code="unsafe-name", severity=WARNING)
            for display, rel, published in named if not is_safe_path(published)]


def _new_name(rel: str) -> str:
    """The name to suggest: the file's own name when only it needs changing, else the whole path."""
    folder, name = posixpath.split(rel)
    return safe_path(name) if is_safe_path(folder) else safe_path(rel)


def same_shape_site(old: Site | None, config: SiteConfig, registry: Registry, articles: list[Article],
                    pages: list[StandalonePage], assets: tuple[str, ...]) -> tuple[Site, list[Problem]] | None:
    """The last Site with these articles swapped in, when only their content changed (their texts, titles,
    summaries, ...: the fields deps.ARTICLE_CONTENT lists) and their order did not; None otherwise. Returns
    the site and its link and collision problems.

    Assembling a large site (orders, roll-ups, awardees) is the slow part of a rebuild and depends on
    nothing but the articles' shape, so the dev server skips it while an editor is writing."""
    if old is None or old.assets != assets or config_digest(old.config) != config_digest(config) \
            or old.registry != registry or len(old.articles) != len(articles) or len(old.pages) != len(pages):
        return None
    by_source = {a.source: a for a in articles}
    ordered = []
    moved = []  # places of the articles whose content changed
    for place, before in enumerate(old.articles):
        after = by_source.get(before.source)
        if after is None:
            return None
        if after is not before and after.meta_digest != before.meta_digest:
            if not same_article_shape(before, after):
                return None
            moved.append(place)
        ordered.append(after)
    for place in moved:  # the order (newest first, then by title) must be the one assembled
        if (place > 0 and article_order(ordered[place - 1]) >= article_order(ordered[place])) or (
                place + 1 < len(ordered) and article_order(ordered[place]) >= article_order(ordered[place + 1])):
            return None
    page_by_source = {p.source: p for p in pages}
    for before in old.pages:
        after = page_by_source.get(before.source)
        if after is None or (after.slug, after.title, after.summary, after.references) != (
                before.slug, before.title, before.summary, before.references):
            return None
    link_targets = old.link_targets
    if moved:
        link_targets = dict(link_targets)
        link_targets.update({ordered[place].source: old.urls.article(ordered[place].slug) for place in moved})
        link_targets = MappingProxyType(link_targets)
    site = replace(old, config=config, articles=tuple(ordered), by_source=MappingProxyType(by_source),
                   pages=tuple(page_by_source[p.source] for p in old.pages), link_targets=link_targets)
    return site, site_problems(site) if moved else []


def same_article_shape(before: Article, after: Article) -> bool:
    """Whether two versions of an article differ only in their content fields (deps.ARTICLE_CONTENT)."""
    return all(getattr(before, name) == getattr(after, name) for name in ARTICLE_SHAPE)


def read_registries(sources: Sources, renderer: MarkdownRenderer,
                    cache: BuildCache | None = None) -> tuple[Registry, list[Problem], str, dict]:
    """The registries, their problems, a digest of their bytes (what stage B of every article uses),
    and each file's own digest (what the cache vouches for a racy file with). Parsed again only when
    their bytes changed since the cache's last build (the dev server's saves of articles)."""
    files = {kind: read_bytes(src) for kind, src in sorted(sources.registries.items())}
    digest = hashlib.blake2b(b"\0".join(k.encode() + b"\0" + v for k, v in files.items()), digest_size=16)
    names = tuple((kind, src.rel) for kind, src in sorted(sources.registries.items()))
    kept = cache.registry if cache is not None else None
    if kept is not None and kept[0] == (digest.hexdigest(), names):
        registry, problems = kept[1], list(kept[2])
    else:
        registry, problems = parse_registries(files, lambda text, rel: renderer.render(text, rel).html)
        if cache is not None:
            cache.registry = ((digest.hexdigest(), names), registry, tuple(problems))
    each = {sources.registries[kind].rel: file_digest(data) for kind, data in files.items()}
    return registry, problems, digest.hexdigest(), each


def read_articles(sources: Sources, registry: Registry, config: SiteConfig, renderer: MarkdownRenderer,
                  cache: BuildCache, context: str, progress: Progress = _no_progress):
    articles: list[Article] = []
    scheduled: list[tuple[str, datetime]] = []
    drafts = 0
    problems: list[Problem] = []
    total = len(sources.articles)
    for done, src in enumerate(sources.articles, 1):
        doc = cache.document(src, read_bytes, lambda data, s=src: read_document(s.rel, s.display, data,
                                                                                 config.limits, renderer))
        article, found = cache.result(doc, context, lambda d: make_article(d, registry, config))
        problems += found
        if done % 100 == 0 or done == total:
            progress("parse", done, total)
        if article is None:
            continue
        if article.draft:  # counted also when a preview shows them
            drafts += 1
        elif article.date > config.now:
            scheduled.append((src.display, article.date))
        if is_published(article, config):
            articles.append(article)
    return articles, scheduled, drafts, problems


def parse_in_workers(sources: Sources, registry: Registry, config: SiteConfig, cache: BuildCache,
                     context: str) -> None:
    """Parse the articles the cache does not know in forked workers; their results fill the cache."""
    stale = [src for src in sources.articles if not cache.known(src)]
    if len(stale) < PARALLEL_MIN_ARTICLES or worker_count() == 1:
        return
    state = (registry, config, context)
    for chunk in run_forked(_parse_chunk, state, split(stale, worker_count() * 4)):
        for src, doc, result in chunk:
            if not doc.digest:
                continue  # unreadable: read_articles tries again and reports it
            cache.remember(src, doc)
            cache.results[src.rel] = (doc.digest, context, result)
            cache.parsed += 1


def _parse_chunk(state, sources) -> list:
    """In a worker: parse and type these articles with one Markdown instance."""
    registry, config, _ = state
    renderer = MarkdownRenderer()
    out = []
    for src in sources:
        try:
            doc = read_document(src.rel, src.display, read_bytes(src), config.limits, renderer)
        except OSError as exc:
            doc = unreadable(src.rel, src.display, exc)
        out.append((src, doc, make_article(doc, registry, config)))
    return out


def read_pages(sources: Sources, config: SiteConfig, renderer: MarkdownRenderer, cache: BuildCache):
    pages: list[StandalonePage] = []
    problems: list[Problem] = []
    for src in sources.pages:
        doc = cache.document(src, read_bytes, lambda data, s=src: read_document(s.rel, s.display, data,
                                                                                 config.limits, renderer))
        page, draft, found = make_page(doc, config)
        problems += found
        if page is not None and (not draft or config.drafts):
            pages.append(page)
    return pages, problems


def build_site(config: SiteConfig, *, cache: BuildCache | None = None, in_place: bool = False,
               search: bool = True, progress: Progress = _no_progress, defer_streams: bool = False,
               shown: Callable[[Site, tuple[str, ...], tuple[Problem, ...]], None] | None = None,
               early_search: bool = False, stream_memos: bool = False) -> BuildReport:
    """Build, reusing what the cache proves unchanged; on any error the old output stays as it was.

    Without a cache argument the cache is loaded from and saved to the cache folder. With
    search=False the previous search index is carried over unchanged (the dev server refreshes it
    after telling the browser to reload: see refresh_search). In-place builds (the dev server's
    private folder) stay in one process; others use every core for large amounts of work. With
    defer_streams, an edit's open data and awardee index are left to refresh_search as well. `shown`
    (in-place builds only) is called as soon as the edited articles' and pages' own pages are in the folder,
    before the other pages that show them, with the new site, the URLs of those pages and the build's
    warnings: the dev server reloads the tabs then, and holds requests for other pages until the end.
    With early_search (in place, search=False), Pagefind begins on the search parts an edit changed as soon
    as its indexed pages are written (begin_search), for refresh_after_edit. stream_memos (the dev server's
    first build, not made in place): record what the open data and awardee index files hold row by row, as
    in-place builds do (streams.StreamMemo), so that the first edit splices them instead of writing them
    whole (about 20 s at N=10,000).
    """
    started = time.monotonic()
    check_output_dir(config.output_dir, config.protected_paths())
    persist = cache is None
    cache = load_cache(config) if cache is None else cache
    fresh, sources, fingerprint = check_unchanged(config, cache)
    if fresh:
        return BuildReport(pages=0, files=len(cache.outputs), articles=0, honours=0, warnings=cache.warnings, written=0,
                           unchanged=len(cache.outputs), seconds=time.monotonic() - started, fresh=True,
                           output=config.output_dir)
    cache.load_bulk()
    if cache.jinja is None:
        cache.jinja = make_env(config)
    env = cache.jinja
    start_build(env)
    loaded = load_site(config, sources, cache, progress, parallel=not in_place, env=env)
    if persist:
        cache.spill_docs(config)
    with OutputLock.beside(config.output_dir):
        previous = cache.outputs if cache.output_stamp == output_stamp(config.output_dir) else {}
        target = InPlaceSite(config.output_dir, previous) if in_place else StagedSite(config.output_dir, previous)
        try:
            deps, cache.deps = cache.deps, None  # describes the output again only once this build succeeds
            shape = site_shape(loaded.site, loaded.context, cache.shapes)
            memos = StreamMemos(cache.streams, shape) if in_place or stream_memos else None
            begin = ((lambda site: begin_search(config, cache, site, target))
                     if in_place and early_search and not search else None)
            renders, pages, deps = write_pages(loaded.site, env, target, cache, progress, parallel=not in_place,
                                               shape=shape, deps=deps, defer=defer_streams,
                                               shown=early_pages(shown, loaded.warnings) if in_place else None,
                                               memos=memos, begin=begin)
            files = copy_files(config, loaded, target)
            site = loaded.site
            used = {**loaded.registry_files, **loaded.image_files,
                    **{rel: target.manifest[rel] for rel in site.assets if rel in target.manifest}}
            racy = racy_inputs(cache, sources, used)
            addresses = SiteAddresses.of(config, site)
            indexed = search_pages(site)
            counts, marks = (len(site.articles), site.honour_total), preview_marks(site, config)
            if persist:  # the model is not needed any more: let it go before the Pagefind runs, the peak
                cache.spill_results(config)
                site, loaded = None, replace(loaded, site=None)
                gc.collect()
            files += write_search_index(config, indexed, target, cache, previous, fresh=search)
            files += copy_static(config, target)
            moved, ledger, notices = write_moved_pages(config, addresses, target,
                                                       record=records_addresses(config, in_place))
            files += len(moved)
            target.commit()
        except BaseException:
            target.discard()
            raise
    if ledger is not None:
        write_bytes_atomic(ledger_path(config.root), ledger)
    cache.renders = renders
    cache.deps = deps
    cache.streams = memos.result(target.manifest) if memos is not None else {}
    cache.outputs = dict(target.manifest)
    cache.output_stamp = output_stamp(config.output_dir)
    cache.fingerprint = with_ledger(fingerprint, read_ledger_file(config))
    cache.racy = racy
    cache.next_change = min((when for _, when in loaded.scheduled), default=None)
    cache.warnings = loaded.warnings
    cache.site = loaded.site
    if persist:
        save_cache(config, cache)
    else:
        # The caller keeps the cache, and with it the whole site, in memory (the dev server): a full
        # collection walking those objects took 0.65 s of a save at N=10,000. Frozen, the collector
        # leaves them alone; they are still freed when no longer referenced.
        gc.collect(1)
        gc.freeze()
    return BuildReport(
        pages=pages, files=pages + files, articles=counts[0],
        honours=counts[1], warnings=loaded.warnings,
        written=target.written, unchanged=len(target.manifest) - target.written,
        seconds=time.monotonic() - started, parsed=cache.parsed, rendered=cache.rendered,
        scheduled=loaded.scheduled, drafts=loaded.drafts, output=config.output_dir,
        moved=tuple(p.format() for p in notices), marks=marks)


def records_addresses(config: SiteConfig, in_place: bool) -> bool:
    """Only a build of what gets published (the site's own output/, no drafts) adds to the address ledger;
    previews, drafts and builds into other folders read it but leave it as it is."""
    return not in_place and not config.drafts and config.output_dir == (config.root / "output").resolve()


@dataclass(frozen=True)
class SiteAddresses:
    """What write_moved_pages reads of the Site, taken before the build lets the model go."""

    urls: Urls
    old: dict[str, tuple[str, str]]  # the address ledger on disk
    identities: Mapping[str, str]  # ledger.page_identities
    renames: Mapping[str, str]  # ledger.registry_renames
    awardee_notices: list[Problem]  # ledger.awardee_moves
    spoken: set[str]

    @classmethod
    def of(cls, config: SiteConfig, site: Site) -> "SiteAddresses":
        urls = site.urls
        old = read_ledger(read_ledger_file(config))
        notices, spoken = awardee_moves(old, site, lambda rel: _url_of(urls, rel))
        return cls(urls, old, page_identities(site), registry_renames(site), notices, spoken)


def _url_of(urls: Urls, rel: str) -> str:
    return urls.site(rel[: -len("index.html")])


def write_moved_pages(config: SiteConfig, addresses: SiteAddresses, target,
                      record: bool = True) -> tuple[list[Moved], bytes | None, list[Problem]]:
    """A redirect page (or a removal notice) at every address of the ledger this build no longer has,
    the `_redirects` lines for them after the site's own; returns them, the new ledger's bytes (None
    when it holds what the ledger on disk holds, or when the build does not record addresses) and what the
    build says about them (awardee pages that changed address at their entries, ledger.awardee_moves; the
    others at the ledger)."""
    urls, old = addresses.urls, addresses.old
    present = list(target.manifest)
    moves, entries = plan_moves(old, present, addresses.identities, addresses.renames,
                                lambda rel: _url_of(urls, rel))
    stylesheet = urls.theme("css/site.css")
    for move in moves:
        if move.target:
            data = redirect_page(move.url, move.target, urls.absolute(move.target), config.title, stylesheet)
        else:
            data = removed_page(config.title, urls.home(), stylesheet)
        target.write(move.rel, data)
    lines = redirect_lines(moves)
    if lines:
        own = static_files(config).get(REDIRECTS_FILE)
        head = own.read_bytes() if own else b""
        if head and not head.endswith(b"\n"):
            head += b"\n"
        target.write(REDIRECTS_FILE, head + lines.encode("utf-8"))
    notices = addresses.awardee_notices + move_notices(moves, LEDGER_NAME, addresses.spoken)
    return moves, None if not record or entries == old else format_ledger(entries), notices


def preview_marks(site: Site, config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """The URLs of the drafts and scheduled articles a preview shows, with the mark the preview puts on them."""
    if not config.drafts:
        return ()
    urls = Urls(config)
    marks = []
    for article in site.articles:
        if article.draft:
            marks.append((urls.article(article.slug), "Bản nháp: bài chưa được xuất bản, chỉ hiện khi xem trước."))
        elif article.date > config.now:
            local = article.date.astimezone(config.tz)
            marks.append((urls.article(article.slug),
                          f"Hẹn giờ: bài sẽ được xuất bản từ {local:%d/%m/%Y %H:%M}; chỉ hiện khi xem trước."))
    return tuple(marks)


def write_pages(site: Site, env, target, cache: BuildCache, progress: Progress = _no_progress,
                parallel: bool = False, shape: SiteShape | None = None,
                deps: DepIndex | None = None, defer: bool = False,
                shown: Callable[[Site, tuple[str, ...]], None] | None = None,
                memos: StreamMemos | None = None,
                begin: Callable[[Site], None] | None = None) -> tuple[dict[str, bytes], int, DepIndex | None]:
    """Render every page whose context changed; carry the others over. Returns (render keys, pages, the
    dependency index of the output).

    When only the content of articles and pages changed since the last build (a title, a summary, a text:
    see deps.py), only the units of work that read what changed are planned at all (write_dep_changes).
    """
    if cache.renders and deps is not None and shape is not None:
        keys = deps.changed_keys(shape)
        if keys is not None:
            done = write_dep_changes(site, env, target, cache, deps, shape, keys, defer, shown, memos, begin)
            if done is not None:
                return done
    changed = text_only_changes(cache.site, site) if cache.renders else None
    if changed is not None:
        return (*write_text_changes(site, env, target, cache, changed), None)
    shards = worker_count() if parallel and len(site.articles) >= PARALLEL_MIN_ARTICLES else 1
    # In place (the dev server) the next builds may reuse what the pages made of the shape; a build
    # that ends with the process does not keep it alive through the search index, its memory peak.
    shaped = (shaped_memo(cache, shape) or {}) if memos is not None and shape is not None else None
    state = (site, env, target, cache.renders, shape is not None, memos, shaped)
    results = run_forked(_render_shard, state, [(shard, shards) for shard in range(shards)])
    if shaped is not None:
        cache.shaped = (shape.shape, shaped)
    renders: dict[str, bytes] = {}
    entries = []
    count = 0
    problems = {(p.path, p.line): p for done in results for p in done.problems}  # shards meet the same lines
    if problems:
        raise BuildFailed(problems.values())
    units = []
    streams: set[int] = set()
    for done in results:
        streams |= done.streams
        renders.update(done.renders)
        entries += done.entries
        count += done.count
        cache.rendered += done.rendered
        units += done.units
        if done.pid != os.getpid():  # a worker wrote into the staging folder; record what it wrote
            target.merge(done.manifest, done.written, done.linked)
            if memos is not None:
                memos.received(done.stream_memos)
    keys = RenderKeys()
    closing = []
    for job in closing_jobs(Plan(site), entries):
        cache.rendered += _render_one(job, site, env, target, cache.renders, renders, keys)[0]
        closing.append(site.urls.output_path(job.url))
        count += 1
    progress("render", count, count)
    index = None
    if shape is not None:
        units.sort(key=lambda unit: unit[0])
        index = DepIndex(shape, results[0].counts, [unit[1:] for unit in units],
                         tuple(closing), frozenset(streams))
    return dict(sorted(renders.items())), count, index


@collector_paused()
def write_dep_changes(site: Site, env, target, cache: BuildCache, deps: DepIndex, shape: SiteShape,
                      keys: set[int], defer: bool = False,
                      shown: Callable[[Site, tuple[str, ...]], None] | None = None,
                      memos: StreamMemos | None = None,
                      begin: Callable[[Site], None] | None = None) -> tuple[dict[str, bytes], int, DepIndex] | None:
    """Re-plan and re-render the units of work that read what changed (deps.DepIndex.readers), and those
    an earlier build deferred; carry every other output over, and remake the sitemap from the units'
    entries. With defer, the stream units (open data, the awardee index) are left for finish_deferred.
    The edited articles' and pages' own pages are rendered first; with `shown`, they are put in the folder
    then and `shown(site, their URLs)` is called (the rest of the site follows within the same build).
    `begin(site)` is called once every indexed page (pages.search_pages) is in the folder, before the
    other families' pages. None when the walk of the units is not the indexed one or a file to carry over
    has gone: the caller then plans everything."""
    plan = Plan(site, shaped=shaped_memo(cache, shape))
    chosen = sorted(set(deps.readers(keys)) | deps.deferred)
    deferred = frozenset(n for n in chosen if n in deps.streams) if defer else frozenset()
    chosen = [n for n in chosen if n not in deferred]
    # The edited pages first, planned on their own: walking every unit of a large site takes longer
    # than making them (0.8 s at N=10,000).
    early = own_page_units(plan, deps, shape, keys, chosen)
    units = list(deps.units)
    log = UnitLog()
    render_keys = RenderKeys()
    renders: dict[str, bytes] = {}
    problems: dict[tuple, Problem] = {}
    count = 0
    entries_changed = False

    def render_unit(n: int, family, work) -> list[str]:
        nonlocal count, entries_changed
        outputs, _, _, pages = units[n]
        for i, job in enumerate(run_unit(plan, family, work, [], log, n)):
            if pages and unchanged_page(job, i, outputs, pages, keys, site, cache.renders, renders, target):
                plan.reads.keys.update(pages[i])  # what it read, unchanged, for the index
                count += 1
                continue
            try:
                done, made = _render_one(job, site, env, target, cache.renders, renders, render_keys, memos)
                cache.rendered += done
                count += made
            except BuildFailed as exc:
                for problem in exc.problems:
                    problems.setdefault((problem.path, problem.line), problem)
        _, urls, read, own, per_page = log.units[-1]
        entries_changed = entries_changed or own != units[n][2]
        units[n] = (tuple(site.urls.output_path(url) for url in urls), keys_array(read), own,
                    tuple(map(keys_array, per_page)))
        return urls

    shown_urls = [url for n, (family, work) in early.items() for url in render_unit(n, family, work)]
    if early and shown is not None and not problems:
        target.flush()
        shown(site, tuple(shown_urls))
    # Then, with `begin`, the other indexed pages the edit changes (articles whose related cards, neighbour
    # links or honour tables show the edited one), also without the walk, so that Pagefind begins before it.
    indexed = indexed_units(plan, deps, shape, chosen, early) if begin is not None else None
    if indexed is not None:
        for n, (family, work) in indexed.items():
            render_unit(n, family, work)
        early |= indexed
        begin = begin_once(begin, site, target, problems)
    walk = list(walk_units(plan))
    if family_counts([family for _, family, _ in walk]) != deps.counts or len(walk) != len(deps.units):
        return None
    redone = {rel for n in chosen for rel in deps.units[n][0]}
    reuse = target.reuse
    if not all(reuse(rel) for rel in cache.renders if rel not in redone and rel not in deps.closing):
        return None
    renders.update((rel, key) for rel, key in cache.renders.items() if rel not in redone)
    indexed_end = units_before(deps.counts, INDEXED_FAMILIES)
    for n in chosen:
        if begin is not None and n >= indexed_end:
            begin = begin_once(begin, site, target, problems)
        if n not in early:
            render_unit(n, walk[n][1], walk[n][2])
    if begin is not None:
        begin_once(begin, site, target, problems)
    if problems:
        raise BuildFailed(problems.values())
    if entries_changed or not all(reuse(rel) for rel in deps.closing):
        entries = [entry for _, _, own, _ in units for entry in own]
        for job in closing_jobs(plan, entries):
            cache.rendered += _render_one(job, site, env, target, cache.renders, renders, render_keys)[0]
    count += len(deps.closing)
    cache.shaped = (shape.shape, plan.shaped)
    return renders, count, replace(deps, site=shape, units=units, deferred=deferred)


# The families whose pages site search indexes (pages.search_pages), first in the walk after the home page.
INDEXED_FAMILIES = (ARTICLE_PAGES, STANDALONE_PAGES)


def units_before(counts: tuple[tuple[str, int], ...], families: tuple) -> int:
    """The number of the first unit after the last of these families' (counts: DepIndex.counts)."""
    names = {family.name for family in families}
    total = end = 0
    for name, size in counts:
        total += size
        if name in names:
            end = total
    return end


def begin_once(begin: Callable[[Site], None], site: Site, target, problems) -> None:
    """write_dep_changes' `begin`, unless the build has failed already; None (it is called once)."""
    if not problems:
        target.flush()
        begin(site)
    return None


def unchanged_page(job, i: int, outputs: tuple[str, ...], pages: tuple[array, ...], keys: set[int],
                   site: Site, previous: dict[str, bytes], renders: dict[str, bytes], target) -> bool:
    """Whether page i of a re-planned unit is the last build's, decided without keying its context: it read
    none of the changed keys, and it is where it was. Then it is carried over with its render key."""
    if i >= len(pages) or not isinstance(job, PageJob) or not keys.isdisjoint(pages[i]):
        return False
    rel = site.urls.output_path(job.url)
    key = previous.get(rel)
    if rel != outputs[i] or key is None or not target.reuse(rel):
        return False
    renders[rel] = key
    return True


def shaped_memo(cache: BuildCache, shape: SiteShape | None) -> dict | None:
    """The last build's Plan.shaped when it was made for a site of this shape (none to reuse: None)."""
    if shape is not None and cache.shaped is not None and cache.shaped[0] == shape.shape:
        return cache.shaped[1]
    return None


def early_pages(shown, warnings: tuple[Problem, ...]):
    """build_site's `shown` as write_dep_changes calls it, with the build's warnings added."""
    if shown is None:
        return None
    return lambda site, urls: shown(site, urls, warnings)


# The families that make an article's or stand-alone page's own page: an edit shows there first.
OWN_PAGE_FAMILIES = (ARTICLE_PAGES, STANDALONE_PAGES)


def own_page_units(plan: Plan, deps: DepIndex, shape: SiteShape, keys: set[int], chosen: list[int]) -> dict:
    """{unit number: (family, work)} of the chosen units that make an edited article's or page's own page,
    planned without walking the other units."""
    owned = [(key, key // READ_KINDS) for key in sorted(keys) if key % READ_KINDS == OWN]

    def edited(n: int) -> str | None:
        return next((shape.sources[i] for key, i in owned if has_key(deps.units[n][1], key)), None)

    return units_of_sources(plan, deps, OWN_PAGE_FAMILIES, chosen, edited) or {}


def indexed_units(plan: Plan, deps: DepIndex, shape: SiteShape, chosen: list[int], done: dict) -> dict | None:
    """{unit number: (family, work)} of every chosen unit of the indexed families not in `done`, planned
    without walking the other units; each makes the page of the one article or page whose own fields it
    read. None when one cannot be planned so (the walk then plans it)."""

    def own(n: int) -> str | None:
        read = [key // READ_KINDS for key in deps.units[n][1] if key % READ_KINDS == OWN]
        return shape.sources[read[0]] if len(read) == 1 else None

    return units_of_sources(plan, deps, INDEXED_FAMILIES, [n for n in chosen if n not in done], own, every=True)


def units_of_sources(plan: Plan, deps: DepIndex, families: tuple, chosen: list[int],
                     source: Callable[[int], str | None], every: bool = False) -> dict | None:
    """{unit number: (family, work)} of the chosen units of these families for which source(unit number)
    names the article or page the unit is made for (with `every`, all of them must), planned without the
    walk: such a family yields one unit per article or page, in site order, when told which it touches. None
    when that does not hold."""
    start = 0
    found: dict[int, tuple] = {}
    for name, size in deps.counts:
        family = next((f for f in families if f.name == name), None)
        if family is not None:
            units = {n: source(n) for n in chosen if start <= n < start + size}
            if None in units.values() and every:
                return None
            units = {n: found_source for n, found_source in units.items() if found_source is not None}
            works = list(family.work(plan, frozenset(units.values()))) if units else []
            if len(works) != len(units):
                return None
            found.update((n, (family, work)) for n, work in zip(sorted(units), works))
        start += size
    return found


def has_key(read: array, key: int) -> bool:
    """Whether a unit's recorded reads (sorted, deps.keys_array) include this key."""
    at = bisect_left(read, key)
    return at < len(read) and read[at] == key


@collector_paused()
def finish_deferred(config: SiteConfig, cache: BuildCache) -> int:
    """The dev server's second step after a build with defer_streams: the open data and awardee index the
    edit changed. Returns the outputs remade."""
    deps = cache.deps
    if deps is None or not deps.deferred or cache.site is None:
        return 0
    with OutputLock.beside(config.output_dir):
        target = InPlaceSite(config.output_dir, cache.outputs)
        cache.deps = None  # until the outputs are as the index says
        memos = StreamMemos(cache.streams, deps.site)
        done = write_dep_changes(cache.site, cache.jinja, target, cache, deps, deps.site, set(), memos=memos)
        if done is None:  # cannot happen (the walk is the one just made); still, no stale file is trusted
            cache.renders = {}
            return 0
        renders, count, index = done
        for rel in cache.outputs:
            if rel.startswith(PAGEFIND_DIR + "/") or rel not in renders:
                target.reuse(rel)  # the search index, the files copied
        target.commit()
    cache.renders, cache.deps = renders, index
    cache.streams = memos.result(target.manifest)
    cache.outputs = dict(target.manifest)
    cache.output_stamp = output_stamp(config.output_dir)
    return count


@dataclass
class ShardResult:
    renders: dict[str, bytes]
    entries: list
    count: int
    rendered: int
    manifest: dict[str, str]
    written: int
    linked: int
    problems: tuple[Problem, ...] = ()
    pid: int = 0  # the process that rendered the shard (the parent renders one itself)
    units: list = field(default_factory=list)  # (number, output paths, keys read, sitemap entries) per unit
    counts: tuple[tuple[str, int], ...] = ()  # units per family
    streams: set[int] = field(default_factory=set)  # the units whose jobs are StreamJobs
    stream_memos: dict = field(default_factory=dict)  # the StreamMemos it made (StreamMemos.sent)


# A broken template line fails every page that uses it: one message per template line is enough,
# and past this many distinct ones the rest of the pages are not tried.
MAX_TEMPLATE_PROBLEMS = 20


def _render_shard(state, shard: tuple[int, int]) -> ShardResult:
    """One worker's share of the pages (all of them when there is a single shard). Template errors
    are collected, one per template line, so that a build reports all of them."""
    site, env, target, previous, record, memos, shaped = state
    before = dict(target.manifest), target.written, target.linked
    renders: dict[str, bytes] = {}
    entries: list = []
    count = rendered = 0
    problems: dict[tuple, Problem] = {}
    keys = RenderKeys()
    log = UnitLog() if record else None
    for job in shard_jobs(Plan(site, shaped=shaped), entries, *shard, log=log):
        try:
            done, outputs = _render_one(job, site, env, target, previous, renders, keys, memos)
            rendered += done
            count += outputs
        except BuildFailed as exc:
            for problem in exc.problems:
                problems.setdefault((problem.path, problem.line), problem)
            if len(problems) >= MAX_TEMPLATE_PROBLEMS:
                break
            count += 1
    if problems:
        return ShardResult({}, [], count, rendered, {}, 0, 0, tuple(problems.values()), os.getpid())
    manifest = {rel: d for rel, d in target.manifest.items() if before[0].get(rel) != d or rel not in before[0]}
    units, counts = [], ()
    if log is not None:
        path = site.urls.output_path
        units = [(n, tuple(path(url) for url in urls), keys_array(read), own, tuple(map(keys_array, pages)))
                 for n, urls, read, own, pages in log.units]
        counts = tuple(log.counts)
    return ShardResult(renders, entries, count, rendered, manifest, target.written - before[1],
                       target.linked - before[2], pid=os.getpid(), units=units, counts=counts,
                       streams=log.streams if log is not None else set(),
                       stream_memos=memos.sent() if memos is not None else {})


def _render_one(job, site: Site, env, target, previous: dict[str, bytes], renders: dict[str, bytes],
                keys: RenderKeys, memos: StreamMemos | None = None) -> tuple[int, int]:
    """Render (or carry over) one page, or the files of a StreamJob: (files rendered, files)."""
    if isinstance(job, StreamJob):
        if memos is not None:
            done = memos.write(job, [site.urls.output_path(url) for url in job.urls], target, previous, renders,
                               keys)
            if done is not None:
                return done, len(job.urls)
        return write_stream(job, site, target, previous, renders, keys), len(job.urls)
    rel = site.urls.output_path(job.url)
    key = keys.key(job.template, job.context)
    renders[rel] = key
    if previous.get(rel) == key and target.reuse(rel):
        return 0, 1
    target.write(rel, render_job(env, job))
    return 1, 1


def write_stream(job: StreamJob, site: Site, target, previous: dict[str, bytes], renders: dict[str, bytes],
                 keys: RenderKeys) -> int:
    """The files of a StreamJob: keyed row by row first when an earlier build may have them (a file whose
    key is unchanged is carried over), then the others written in one pass. Returns the files written."""
    rels = [site.urls.output_path(url) for url in job.urls]
    starts = [keys.key(job.template, {"head": head}) for head in job.heads]
    todo = list(range(len(rels)))
    if any(rel in previous for rel in rels):
        for i, key in enumerate(_stream_keys(job, keys, starts)):
            renders[rels[i]] = key
        todo = [i for i in todo if not (previous.get(rels[i]) == renders[rels[i]] and target.reuse(rels[i]))]
        if not todo:
            return 0
        hashes = None
    else:
        hashes = [hashlib.blake2b(start, digest_size=16) for start in starts]
    encode, makers = job.streams()
    outs = {i: target.open(rels[i]) for i in todo}
    buffers = {i: PieceBuffer(outs[i], makers[i].head()) for i in todo}
    try:
        for view, files in job.rows():
            if hashes is not None:
                digest = keys.view_digest(view)
                for i in files:
                    hashes[i].update(digest)
            wanted = [i for i in files if i in outs]
            if not wanted:
                continue
            line = encode(view)
            for i in wanted:
                piece = makers[i].add(view, line)
                buffers[i].add(piece)
        for i in todo:
            buffers[i].add(makers[i].tail())
            buffers[i].flush()
    finally:
        for out in outs.values():
            out.close()
    if hashes is not None:
        for i, rel in enumerate(rels):
            renders[rel] = hashes[i].digest()
    return len(todo)


def _stream_keys(job: StreamJob, keys: RenderKeys, starts: list[bytes]) -> list[bytes]:
    hashes = [hashlib.blake2b(start, digest_size=16) for start in starts]
    for view, files in job.rows():
        digest = keys.view_digest(view)
        for i in files:
            hashes[i].update(digest)
    return [h.digest() for h in hashes]


def text_only_changes(old: Site | None, new: Site) -> tuple[frozenset[str], frozenset[str]] | None:
    """(articles, pages) whose text alone changed since `old`, or None when anything else did."""
    if old is None or config_digest(old.config) != config_digest(new.config) or old.registry != new.registry \
            or old.assets != new.assets or old.images != new.images:
        return None
    if len(old.articles) != len(new.articles) or len(old.pages) != len(new.pages):
        return None
    articles, pages = set(), set()
    for a, b in zip(old.articles, new.articles):
        if a is b:
            continue
        if a.source != b.source or a.meta_digest != b.meta_digest:
            return None
        if a.digest != b.digest:
            articles.add(b.source)
    for a, b in zip(old.pages, new.pages):
        if (a.source, a.slug, a.title, a.summary, a.references) != (b.source, b.slug, b.title, b.summary, b.references):
            return None
        if a.digest != b.digest:
            pages.add(b.source)
    return frozenset(articles), frozenset(pages)


def write_text_changes(site: Site, env, target, cache: BuildCache, changed) -> tuple[dict[str, bytes], int]:
    """Re-render what the edited texts reach (the work of the page families that read texts: the edited
    articles' and pages' own pages, the feeds that carry them); carry everything else over. Falls back to
    planning everything if a file to carry over has gone missing from the output."""
    jobs = list(text_edit_jobs(site, changed[0] | changed[1]))
    fresh = {site.urls.output_path(job.url) for job in jobs}
    reuse = target.reuse
    if not all(reuse(rel) for rel in cache.renders if rel not in fresh):
        cache.site = None
        return write_pages(site, env, target, cache)[:2]
    renders = dict(cache.renders)
    keys = RenderKeys()
    for job in jobs:
        cache.rendered += _render_one(job, site, env, target, cache.renders, renders, keys)[0]
    return renders, len(jobs)


def theme_files(config: SiteConfig) -> dict[str, Path]:
    """theme/ path → file: the built-in theme, overridden file by file by the site's own theme/ (and the
    branding logo, wherever it is in the site's folder)."""
    files: dict[str, Path] = {}
    for theme in dict.fromkeys([BUILTIN_THEME, config.theme_dir]):
        if theme.is_dir():
            for path in sorted(theme.rglob("*")):
                rel = path.relative_to(theme)
                # symlinks out of the project were refused by site_file_links; those inside are followed
                if path.is_file() and not any(is_junk(p) for p in rel.parts):
                    files["theme/" + rel.as_posix()] = path
    logo = config.branding.logo
    if logo and logo not in files:  # a logo outside theme/ is published at its path from site.yaml's folder
        files[logo] = config.root / logo
    return dict(sorted(files.items()))


def copy_files(config: SiteConfig, loaded: Loaded, target) -> int:
    """The theme's files under theme/, and files next to articles at their content path."""
    count = 0
    for rel, path in theme_files(config).items():
        target.write(rel, path.read_bytes())
        count += 1
    for rel in loaded.site.assets:
        if not is_image(rel):  # photos are published only as processed files, below
            target.write(rel, loaded.asset_paths[rel].read_bytes())
            count += 1
    store = ImageStore(config.cache_dir)
    for rel, info in loaded.site.images.items():
        files = None
        for out, variant in published_files(rel, info):
            if target.previous.get(out) == variant.digest and target.reuse(out):
                continue
            files = files or store.files(info.key)
            target.write(out, files[variant.name])
        count += len(published_files(rel, info))
    card = loaded.site.share_card
    if card is not None:
        rel = card_rel(card)
        if not (target.previous.get(rel) == card.share.digest and target.reuse(rel)):
            target.write(rel, store.files(card.key)[card.share.name])
        count += 1
    return count


# static/ is published as it is, dotfiles included (.htaccess, .well-known/): only what a file manager,
# an editor or version control leaves behind is left out.
STATIC_SKIPPED = frozenset({".git", ".svn", ".hg", ".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db"})


def static_files(config: SiteConfig) -> dict[str, Path]:
    """static/ path → file, for the root of the output."""
    root = config.static_dir
    if root is None or not root.is_dir():
        return {}
    files: dict[str, Path] = {}
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d.lower() not in STATIC_SKIPPED)
        for name in names:
            if name.lower() in STATIC_SKIPPED or name.startswith(("~$", ".#")) or name.endswith(("~", ".swp")):
                continue
            path = Path(folder, name)
            if path.is_file():
                files[nfc(path.relative_to(root).as_posix())] = path
    return dict(sorted(files.items()))


def copy_static(config: SiteConfig, target) -> int:
    """static/ copied to the output's root, last: a file at an address the build has already written
    is an error, never a silent override of a generated page (or of the page by the file)."""
    files = static_files(config)
    prefix = config.display(config.static_dir) + "/" if config.static_dir else "static/"
    clashes = [Problem(prefix + rel, None, f"Tệp tĩnh trùng địa chỉ với một tệp do Bảng Vàng tạo ra (/{rel}).",
                       hint="Đổi tên hoặc chuyển tệp sang thư mục khác trong static/; không thể thay một trang "
                            "được dựng bằng tệp tĩnh.", code="static-clash")
               for rel in files if rel in target.manifest]
    if clashes:
        raise BuildFailed(clashes)
    for rel, path in files.items():
        target.write(rel, path.read_bytes())
    return len(files)


def write_search_index(config: SiteConfig, indexed: list[str], target, cache: BuildCache, previous: dict[str, str],
                       fresh: bool, ready: Mapping[str, tuple[str, dict[str, bytes]]] | None = None) -> int:
    """Pagefind's index of the indexed pages (pages.search_pages), part by part: a part whose pages did not
    change is carried over; fresh=False carries every part over (the dev server re-indexes after the reload).
    `ready`: parts indexed already (name → (part digest, bundle)), used when the digest is still the part's."""
    target.flush()  # the pages are read below, and by the indexer
    done, todo = search_plan(indexed, target, cache, previous, fresh)
    ready = ready or {}
    missing = [(name, rels) for name, rels, digest in todo if ready.get(name, ("",))[0] != digest]
    release_free_memory()  # what rendering and merging the workers' results freed goes back before Pagefind runs
    with ThreadPoolExecutor(max_workers=worker_count()) as pool:
        made = dict(zip((name for name, _ in missing), pool.map(lambda job: _index_part(config, target, job[1]),
                                                                   missing)))
    for name, _, digest in todo:
        bundle = made[name] if name in made else ready[name][1]
        for rel, data in bundle.items():
            target.write(f"{PAGEFIND_DIR}/{name}/{rel[len(PAGEFIND_DIR) + 1:]}", data)
        done[name] = digest
    cache.search_parts = done
    return sum(1 for rel in target.manifest if rel.startswith(PAGEFIND_DIR + "/"))


def search_plan(indexed: list[str], target, cache: BuildCache, previous: dict[str, str],
                fresh: bool) -> tuple[dict[str, str], list[tuple[str, tuple[str, ...], str]]]:
    """The search parts carried over (name → digest, their files reused) and those to index again
    ([(name, output paths of its pages, digest)]); records the pages' keys in the cache."""
    old_files: dict[str, list[str]] = {}
    for rel in previous:
        if rel.startswith(PAGEFIND_DIR + "/"):
            old_files.setdefault(rel.split("/", 2)[1], []).append(rel)
    done: dict[str, str] = {}
    todo = []
    keys = SearchKeys(cache.search_keys, target)
    for name, rels in search_parts(indexed):
        old = old_files.get(name, [])
        if not fresh and old and all(target.reuse(rel) for rel in old):
            done[name] = cache.search_parts.get(name, "")
            keys.keep(rels)
            continue
        digest = keys.part_digest(rels)
        if old and cache.search_parts.get(name) == digest and all(target.reuse(rel) for rel in old):
            done[name] = digest
        else:
            todo.append((name, rels, digest))
    cache.search_keys = keys.result
    return done, todo


class SearchKeys:
    """What a search part's digest is made of, page by page: what Pagefind reads of the page
    (search.indexed_digest), worked out again only for a page whose file changed. A part is re-indexed
    only when that changed, not when a page changed elsewhere (a related article's new title)."""

    def __init__(self, stored: dict[str, tuple[str, bytes]], target, manifest: Mapping[str, str] | None = None):
        self.stored, self.target = stored, target
        self.manifest = target.manifest if manifest is None else manifest
        self.result: dict[str, tuple[str, bytes]] = {}

    def key(self, rel: str) -> bytes:
        digest = self.manifest.get(rel, "")
        kept = self.stored.get(rel)
        if kept is None or kept[0] != digest:
            kept = (digest, (indexed_digest(self.target.read(rel)) if digest else None) or digest.encode())
        self.result[rel] = kept
        return kept[1]

    def keep(self, rels: Iterable[str]) -> None:
        """These pages' keys as they were (a part carried over until the dev server re-indexes)."""
        self.result.update((rel, self.stored[rel]) for rel in rels if rel in self.stored)

    def part_digest(self, rels: Iterable[str]) -> str:
        h = hashlib.blake2b(digest_size=16)
        for rel in rels:
            h.update(f"{rel}\0".encode() + self.key(rel) + b"\0")
        return h.hexdigest()


def _index_part(config: SiteConfig, target, rels: tuple[str, ...]) -> dict[str, bytes]:
    with target.view(rels) as folder:
        return search_bundle(folder, config)


def refresh_search(config: SiteConfig, cache: BuildCache,
                   ready: Mapping[str, tuple[str, dict[str, bytes]]] | None = None) -> int:
    """The dev server's second step after a build made with search=False: re-index changed parts (those in
    `ready`, indexed already, are put in as they are while their pages are unchanged)."""
    with OutputLock.beside(config.output_dir):
        target = pages_in_place(config, cache)
        count = write_search_index(config, search_pages(cache.site), target, cache, cache.outputs, fresh=True,
                                   ready=ready)
        target.commit()
    cache.outputs = dict(target.manifest)
    cache.output_stamp = output_stamp(config.output_dir)
    return count


def pages_in_place(config: SiteConfig, cache: BuildCache) -> InPlaceSite:
    """The dev server's folder as the last build left it, every output but the search index kept."""
    target = InPlaceSite(config.output_dir, cache.outputs)
    for rel in cache.outputs:
        if not rel.startswith(PAGEFIND_DIR + "/"):
            target.reuse(rel)
    return target


def refresh_after_edit(config: SiteConfig, cache: BuildCache) -> int:
    """The dev server's steps after the reload signal, overlapped: Pagefind (other processes) indexes the
    search parts an edit changed, from links to their pages, while this process remakes the deferred open
    data (finish_deferred, which writes no indexed page); refresh_search then puts the parts in. On 2 cores
    at N=10,000 the two took 1.7-2.4 s and 2.5-4 s one after the other. The parts the edit's build began
    (cache.early_search) are not begun again. Returns the outputs remade."""
    if cache.site is None:
        discard_early_search(cache)
        return finish_deferred(config, cache)
    early, cache.early_search = cache.early_search, None
    begun = early.names if early is not None else frozenset()
    with ExitStack() as views:
        with OutputLock.beside(config.output_dir):
            target = pages_in_place(config, cache)
            _, todo = search_plan(search_pages(cache.site), target, cache, cache.outputs, fresh=True)
            folders = [(name, digest, views.enter_context(target.view(rels))) for name, rels, digest in todo
                       if name not in begun]
        with ThreadPoolExecutor(max_workers=worker_count()) as pool:
            pending = [(name, digest, pool.submit(search_bundle, folder, config)) for name, digest, folder in folders]
            count = finish_deferred(config, cache)
        ready = {name: (digest, future.result()) for name, digest, future in pending}
    if early is not None:
        ready |= early.result()  # a part whose pages changed after it was begun is indexed again
    return count + refresh_search(config, cache, ready)


class EarlySearch:
    """Search parts Pagefind indexes while the rest of an edit is built (begin_search): each from links to
    its pages as they were when it began, with the part's digest then, so that refresh_search puts it in
    only if its pages are still what the build ended with."""

    def __init__(self, config: SiteConfig, target: InPlaceSite, parts: list[tuple[str, tuple[str, ...], str]]):
        self.names = frozenset(name for name, _, _ in parts)
        self.views = ExitStack()
        folders = [(name, digest, self.views.enter_context(target.view(rels))) for name, rels, digest in parts]
        # One core per part: the build goes on beside them (on 2 cores at N=10,000, a part of 500 pages
        # takes 2.6 s on one core and 1.9 s on both, but the build then takes 0.5-0.8 s longer).
        self.pool = ThreadPoolExecutor(max_workers=worker_count())
        self.futures = [(name, digest, self.pool.submit(search_bundle, folder, config, 1))
                        for name, digest, folder in folders]

    def result(self) -> dict[str, tuple[str, dict[str, bytes]]]:
        """{part name: (its digest then, its bundle)} (waits for them). One that failed is left out:
        refresh_search indexes it again, and reports a failure there."""
        ready = {}
        try:
            for name, digest, future in self.futures:
                try:
                    ready[name] = (digest, future.result())
                except (BangVangError, OSError):
                    pass
        finally:
            self.pool.shutdown()
            self.views.close()
        return ready


def begin_search(config: SiteConfig, cache: BuildCache, site: Site, target: InPlaceSite) -> None:
    """The dev server, once an edit's build has written every indexed page it changes (pages.search_pages:
    articles and stand-alone pages) and goes on with the lists, rolls and awardee pages: Pagefind begins
    on the search parts whose indexed text changed (SearchKeys), beside the rest of the build
    (cache.early_search, for refresh_after_edit). At N=10,000 a part of 500 pages takes about 2 s."""
    discard_early_search(cache)
    # An indexed page not written yet is one the build carries over (it changes no page of its own after this).
    keys = SearchKeys(cache.search_keys, target, ChainMap(target.manifest, target.previous))
    parts = [(name, rels, digest) for name, rels in search_parts(search_pages(site))
             if (digest := keys.part_digest(rels)) != cache.search_parts.get(name)]
    if parts:
        cache.early_search = EarlySearch(config, target, parts)


def discard_early_search(cache: BuildCache) -> None:
    """Wait for and drop search parts begun by a build that did not get to refresh_after_edit (it failed)."""
    early, cache.early_search = cache.early_search, None
    if early is not None:
        early.result()
