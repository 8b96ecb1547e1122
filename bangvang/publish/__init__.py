"""`python build.py publish [TARGET] [--dry-run] [--rollback]`: send the built site to a host.

Nothing is sent before every check passed: the build is fresh and complete (publish never builds), it
has no drafts, base_url is not the example's, file names are safe, and the site fits the host's
limits. Each kind of target keeps the live site whole while it changes (see its module), and an
interrupted publish is resumed by the next run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TextIO

from ..config import SiteConfig
from ..errors import PublishError, Problem
from .site import BuiltSite, check_base_url, check_fresh, check_limits, check_names, read_built_site
from .sync import Summary
from .targets import Target, choose, read_targets

ROLLBACK_TYPES = ("rsync", "sftp", "git")
# Hosts that keep names as they are: a folder on this machine, an archive.
NAMES_KEPT = ("zip",)


@dataclass(frozen=True)
class Options:
    target: str | None = None
    dry_run: bool = False
    rollback: bool = False
    allow_deletions: bool = False
    quiet: bool = False


def prepare(config: SiteConfig, target: Target) -> BuiltSite:
    """Every check that comes before sending anything; the site's files with their digests."""
    recorded = check_fresh(config)
    if target.type != "zip":
        check_base_url(config)
    site = read_built_site(config, recorded)
    if target.type not in NAMES_KEPT and not (target.type == "rsync" and not target.host):
        check_names(config, site)
    check_limits(config, site, target.limits, target.name)
    return site


def publish(config: SiteConfig, options: Options, out: TextIO, err: TextIO) -> int:
    display = config.display(config.config_path) if config.config_path else "site.yaml"
    target = choose(read_targets(config.config_path, display), options.target, display)
    if options.rollback:
        if target.type not in ROLLBACK_TYPES:
            raise PublishError([Problem(display, target.line, f"Nơi xuất bản “{target.name}” ({target.type}) không "
                                        "quay lại được.", hint="Quay lại được với rsync, sftp và git.",
                                        code="no-rollback")])
        module = _module(target)
        print(module.rollback(target, config) if target.type == "git" else module.rollback(target), file=out)
        return 0
    site = prepare(config, target)
    with ProgressBar(err, enabled=not options.quiet, label=f"Xuất bản lên {target.name}") as bar:
        summary = _module(target).publish(target, site, dry_run=options.dry_run, progress=bar.update,
                                           **_extra(target, options, config))
    if not options.quiet or options.dry_run:
        print(summary.line(target.name, options.dry_run), file=out)
    return 0


def _module(target: Target):
    if target.type == "rsync":
        from . import releases as module
    elif target.type == "sftp":
        from . import sftp as module
    elif target.type == "ftp":
        from . import ftp as module
    elif target.type == "s3":
        from . import s3 as module
    elif target.type == "git":
        from . import git as module
    else:
        from . import archive as module
    return module


def _extra(target: Target, options: Options, config: SiteConfig) -> dict:
    if target.type in ("ftp", "s3"):
        return {"allow_deletions": options.allow_deletions}
    if target.type in ("zip", "git"):
        return {"config": config}
    return {}


class ProgressBar:
    """A progress bar on a terminal once publishing has run for a second; nothing otherwise."""

    DELAY = 1.0  # seconds before the bar shows: a quick publish prints its summary alone

    def __init__(self, stream: TextIO, enabled: bool, label: str):
        self.stream, self.label = stream, label
        self.enabled = enabled and getattr(stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self.progress = self.task = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY:
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                     TimeElapsedColumn(), TextColumn("còn"), TimeRemainingColumn(),
                                     console=Console(file=self.stream), transient=True)
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=total)
        self.progress.update(self.task, completed=done, total=total)


__all__ = ["Options", "publish", "prepare", "Summary"]
