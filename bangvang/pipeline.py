"""discover → parse → model → render → write, top to bottom.

`build_site` is the whole build. With a BuildCache (kept in memory by the dev server, stored in the
cache folder by `build`) unchanged articles are not parsed again, pages whose complete context is
unchanged are not rendered again, and files whose bytes are unchanged are not rewritten; the result
is the same bytes as a clean build.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from .assemble import Site, make_site
from .cache import BuildCache, input_fingerprint, load_cache, output_stamp, render_key, save_cache
from .config import BUILTIN_THEME, SiteConfig
from .discover import Sources, find_sources, is_junk, read_bytes
from .errors import BuildFailed, Problem, sorted_problems
from .markup import MarkdownRenderer
from .model import Article, StandalonePage
from .parse import is_published, make_article, make_page, read_document
from .registry import Registry, parse_registries
from .render import Planner, make_env, render_job
from .search import PAGEFIND_DIR, search_bundle
from .write import InPlaceSite, OutputLock, StagedSite, check_output_dir

Progress = Callable[[str, int, int | None], None]  # (stage, done, total or None)


def _no_progress(stage: str, done: int, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Loaded:
    """Everything read and checked, before rendering."""

    site: Site
    warnings: tuple[Problem, ...]
    scheduled: tuple[tuple[str, datetime], ...]
    drafts: int


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


def load_site(config: SiteConfig, sources: Sources | None = None, cache: BuildCache | None = None,
              progress: Progress = _no_progress) -> Loaded:
    """Read and check every source; raises BuildFailed with all errors of the run."""
    sources = sources or find_sources(config.content_dir, config.content_prefix)
    cache = cache if cache is not None else BuildCache()
    problems: list[Problem] = list(sources.problems)
    renderer = MarkdownRenderer()
    registry, found = read_registries(sources, renderer)
    problems += found
    articles, scheduled, drafts, found = read_articles(sources, registry, config, renderer, cache, progress)
    problems += found
    pages, found = read_pages(sources, config, renderer, cache)
    problems += found
    cache.forget_missing({s.rel for s in (*sources.articles, *sources.pages)})
    site, found = make_site(config, registry, articles, pages, (a.rel for a in sources.assets))
    problems += found
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    return Loaded(site, tuple(sorted_problems(problems)), tuple(scheduled), drafts)


def read_registries(sources: Sources, renderer: MarkdownRenderer) -> tuple[Registry, list[Problem]]:
    files = {kind: read_bytes(src) for kind, src in sources.registries.items()}
    return parse_registries(files, lambda text, rel: renderer.render(text, rel).html)


def read_articles(sources: Sources, registry: Registry, config: SiteConfig, renderer: MarkdownRenderer,
                  cache: BuildCache, progress: Progress = _no_progress):
    articles: list[Article] = []
    scheduled: list[tuple[str, datetime]] = []
    drafts = 0
    problems: list[Problem] = []
    total = len(sources.articles)
    for done, src in enumerate(sources.articles, 1):
        doc = cache.document(src, read_bytes, lambda data, s=src: read_document(s.rel, s.display, data,
                                                                                 config.limits, renderer))
        article, found = make_article(doc, registry, config)
        problems += found
        progress("parse", done, total)
        if article is None:
            continue
        if is_published(article, config):
            articles.append(article)
        elif article.draft:
            drafts += 1
        else:
            scheduled.append((src.display, article.date))
    return articles, scheduled, drafts, problems


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
               search: bool = True, progress: Progress = _no_progress) -> BuildReport:
    """Build, reusing what the cache proves unchanged; on any error the old output stays as it was.

    Without a cache argument the cache is loaded from and saved to the cache folder. With
    search=False the previous search index is carried over unchanged (the dev server refreshes it
    after telling the browser to reload: see refresh_search).
    """
    started = time.monotonic()
    check_output_dir(config.output_dir, protected_paths(config))
    persist = cache is None
    cache = load_cache(config) if cache is None else cache
    cache.prepare(config)
    sources = find_sources(config.content_dir, config.content_prefix)
    fingerprint = input_fingerprint(config, all_sources(sources))
    if cache.is_fresh(fingerprint, config) and not sources.problems:
        return BuildReport(pages=0, files=len(cache.outputs), articles=0, honours=0, warnings=cache.warnings, written=0,
                           unchanged=len(cache.outputs), seconds=time.monotonic() - started, fresh=True,
                           output=config.output_dir)
    loaded = load_site(config, sources, cache, progress)
    env = make_env(config)
    with OutputLock(config.output_dir.with_name(f".{config.output_dir.name}.lock")):
        previous = cache.outputs if cache.output_stamp == output_stamp(config.output_dir) else {}
        target = InPlaceSite(config.output_dir, previous) if in_place else StagedSite(config.output_dir, previous)
        try:
            renders, pages = write_pages(loaded.site, env, target, cache, progress)
            files = copy_files(config, loaded.site, target)
            files += write_search_index(config, target, previous, fresh=search)
            target.commit()
        except BaseException:
            target.discard()
            raise
    cache.renders = renders
    cache.outputs = dict(target.manifest)
    cache.output_stamp = output_stamp(config.output_dir)
    cache.fingerprint = fingerprint
    cache.next_change = min((when for _, when in loaded.scheduled), default=None)
    cache.warnings = loaded.warnings
    if persist:
        save_cache(config, cache)
    site = loaded.site
    return BuildReport(
        pages=pages, files=pages + files, articles=len(site.articles),
        honours=sum(h.total for h in site.honours), warnings=loaded.warnings,
        written=target.written, unchanged=len(target.manifest) - target.written,
        seconds=time.monotonic() - started, parsed=cache.parsed, rendered=cache.rendered,
        scheduled=loaded.scheduled, drafts=loaded.drafts, output=config.output_dir)


def all_sources(sources: Sources) -> list:
    return [*sources.registries.values(), *sources.articles, *sources.pages, *sources.assets]


def write_pages(site: Site, env, target, cache: BuildCache, progress: Progress = _no_progress):
    """Render every page whose context changed; carry the others over. Returns (render keys, pages)."""
    renders: dict[str, bytes] = {}
    count = 0
    for job in Planner(site).jobs():
        rel = site.urls.output_path(job.url)
        key = render_key(job.template, job.context)
        renders[rel] = key
        count += 1
        if cache.renders.get(rel) != key or not target.reuse(rel):
            target.write(rel, render_job(env, job))
            cache.rendered += 1
        if count % 50 == 0:
            progress("render", count, None)
    progress("render", count, count)
    return renders, count


def theme_files(config: SiteConfig) -> dict[str, Path]:
    """theme/ path → file: the built-in theme, overridden file by file by the site's own theme/."""
    files: dict[str, Path] = {}
    for theme in dict.fromkeys([BUILTIN_THEME, config.theme_dir]):
        if theme.is_dir():
            for path in sorted(theme.rglob("*")):
                rel = path.relative_to(theme)
                if path.is_file() and not path.is_symlink() and not any(is_junk(p) for p in rel.parts):
                    files["theme/" + rel.as_posix()] = path
    return dict(sorted(files.items()))


def copy_files(config: SiteConfig, site: Site, target) -> int:
    """The theme's files under theme/, and files next to articles at their content path."""
    count = 0
    for rel, path in theme_files(config).items():
        target.write(rel, path.read_bytes())
        count += 1
    for rel in site.assets:
        target.write(rel, (config.content_dir / rel).read_bytes())
        count += 1
    return count


def write_search_index(config: SiteConfig, target, previous: dict[str, str], fresh: bool) -> int:
    """Pagefind's index of the pages just written, or (fresh=False) the previous index carried over."""
    if not fresh:
        kept = [rel for rel in previous if rel.startswith(PAGEFIND_DIR + "/") and target.reuse(rel)]
        if kept:
            return len(kept)
    with target.view() as folder:
        bundle = search_bundle(folder, config)
    for rel, data in bundle.items():
        target.write(rel, data)
    return len(bundle)


def refresh_search(config: SiteConfig, cache: BuildCache) -> int:
    """The dev server's second step after a build made with search=False: index the preview folder."""
    with OutputLock(config.output_dir.with_name(f".{config.output_dir.name}.lock")):
        target = InPlaceSite(config.output_dir, cache.outputs)
        for rel in cache.outputs:
            if not rel.startswith(PAGEFIND_DIR + "/"):
                target.reuse(rel)
        count = write_search_index(config, target, cache.outputs, fresh=True)
        target.commit()
    cache.outputs = dict(target.manifest)
    cache.output_stamp = output_stamp(config.output_dir)
    return count


def protected_paths(config: SiteConfig) -> dict[str, Path]:
    paths = {"thư mục nội dung": config.content_dir, "thư mục mẫu": config.templates_dir,
             "thư mục giao diện": config.theme_dir, "thư mục bộ nhớ đệm": config.cache_dir}
    if config.config_path:
        paths["tệp cấu hình"] = config.config_path
    return paths
