"""discover → parse → model → render → write, top to bottom."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import __version__
from .assemble import Site, make_site
from .config import SiteConfig
from .discover import Sources, find_sources, is_junk, read_bytes
from .errors import BuildFailed, Problem, sorted_problems
from .markup import MarkdownRenderer
from .model import Article, StandalonePage
from .parse import is_published, make_article, make_page, read_document
from .registry import Registry, parse_registries
from .render import Planner, make_env, render_job
from .write import InPlaceSite, OutputLock, StagedSite, check_output_dir, write_bytes_atomic


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
    scheduled: tuple[tuple[str, datetime], ...] = ()
    drafts: int = 0
    output: Path = field(default=Path("output"))


def load_site(config: SiteConfig) -> Loaded:
    """Read and check every source; raises BuildFailed with all errors of the run."""
    sources = find_sources(config.content_dir, config.content_prefix)
    problems: list[Problem] = list(sources.problems)
    renderer = MarkdownRenderer()
    registry, found = read_registries(sources, renderer)
    problems += found
    articles, scheduled, drafts, found = read_articles(sources, registry, config, renderer)
    problems += found
    pages, found = read_pages(sources, config, renderer)
    problems += found
    site, found = make_site(config, registry, articles, pages, (a.rel for a in sources.assets))
    problems += found
    errors = [p for p in problems if p.is_error]
    if errors:
        raise BuildFailed(problems)
    return Loaded(site, tuple(sorted_problems(problems)), tuple(scheduled), drafts)


def read_registries(sources: Sources, renderer: MarkdownRenderer) -> tuple[Registry, list[Problem]]:
    files = {kind: read_bytes(src) for kind, src in sources.registries.items()}
    return parse_registries(files, lambda text, rel: renderer.render(text, rel).html)


def read_articles(sources: Sources, registry: Registry, config: SiteConfig, renderer: MarkdownRenderer):
    articles: list[Article] = []
    scheduled: list[tuple[str, datetime]] = []
    drafts = 0
    problems: list[Problem] = []
    for src in sources.articles:
        doc = read_document(src.rel, src.display, read_bytes(src), config.limits, renderer)
        article, found = make_article(doc, registry, config)
        problems += found
        if article is None:
            continue
        if is_published(article, config):
            articles.append(article)
        elif article.draft:
            drafts += 1
        else:
            scheduled.append((src.display, article.date))
    return articles, scheduled, drafts, problems


def read_pages(sources: Sources, config: SiteConfig, renderer: MarkdownRenderer):
    pages: list[StandalonePage] = []
    problems: list[Problem] = []
    for src in sources.pages:
        doc = read_document(src.rel, src.display, read_bytes(src), config.limits, renderer)
        page, draft, found = make_page(doc, config)
        problems += found
        if page is not None and (not draft or config.drafts):
            pages.append(page)
    return pages, problems


def build_site(config: SiteConfig, *, in_place: bool = False) -> BuildReport:
    """Build into a staging folder and swap it in; on any error the old output stays as it was."""
    started = time.monotonic()
    check_output_dir(config.output_dir, protected_paths(config))
    loaded = load_site(config)
    env = make_env(config)
    manifest_path = config.cache_dir / "manifest.json"
    with OutputLock(config.output_dir.with_name(f".{config.output_dir.name}.lock")):
        previous = read_manifest(manifest_path, config.output_dir)
        target = (InPlaceSite(config.output_dir, previous) if in_place
                  else StagedSite(config.output_dir, previous))
        try:
            pages = write_pages(loaded.site, env, target)
            files = copy_files(config, loaded.site, target)
            target.commit()
        except BaseException:
            target.discard()
            raise
        save_manifest(manifest_path, config.output_dir, target.manifest)
    site = loaded.site
    return BuildReport(
        pages=pages, files=pages + files, articles=len(site.articles),
        honours=sum(h.total for h in site.honours), warnings=loaded.warnings,
        written=target.written, unchanged=len(target.manifest) - target.written,
        seconds=time.monotonic() - started, scheduled=loaded.scheduled, drafts=loaded.drafts,
        output=config.output_dir)


def write_pages(site: Site, env, target) -> int:
    count = 0
    for job in Planner(site).jobs():
        target.write(site.urls.output_path(job.url), render_job(env, job))
        count += 1
    return count


def copy_files(config: SiteConfig, site: Site, target) -> int:
    """The theme's files under theme/, and files next to articles at their content path."""
    count = 0
    theme = config.theme_dir
    if theme.is_dir():
        for path in sorted(theme.rglob("*")):
            if path.is_file() and not path.is_symlink() and not any(is_junk(p) for p in path.relative_to(theme).parts):
                data = path.read_bytes()
                target.write("theme/" + path.relative_to(theme).as_posix(), data)
                count += 1
    for rel in site.assets:
        data = (config.content_dir / rel).read_bytes()
        target.write(rel, data)
        count += 1
    return count


def protected_paths(config: SiteConfig) -> dict[str, Path]:
    paths = {"thư mục nội dung": config.content_dir, "thư mục mẫu": config.templates_dir,
             "thư mục giao diện": config.theme_dir}
    if config.config_path:
        paths["tệp cấu hình"] = config.config_path
    return paths


def read_manifest(path: Path, output: Path) -> dict[str, str]:
    """Digests of the files now in output/, as the last build recorded them."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != __version__ or data.get("output") != str(output) or not output.is_dir():
        return {}
    stamp = data.get("stamp")
    if stamp != _dir_stamp(output):
        return {}
    return data.get("files", {})


def save_manifest(path: Path, output: Path, files: dict[str, str]) -> None:
    payload = {"version": __version__, "output": str(output), "stamp": _dir_stamp(output), "files": files}
    write_bytes_atomic(path, json.dumps(payload, sort_keys=True).encode("utf-8"))


def _dir_stamp(output: Path) -> list[int]:
    """Identity of the output folder: a swap or a hand edit at the top level changes it."""
    try:
        stat = output.stat()
    except OSError:
        return []
    return [stat.st_ino, stat.st_mtime_ns]
