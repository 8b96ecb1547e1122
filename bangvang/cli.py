"""Command line: `bangvang [build|serve|new|check] ...` (or `python build.py ...`). Messages for editors are
Vietnamese, argparse's own included (bangvang/usage.py)."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

from .cache import check_unchanged, load_cache
from .config import SiteConfig, load_config
from .errors import BangVangError, Problem
from .usage import UsageError, VietnameseParser, did_you_mean, program_name
from .vnformat import format_number

if TYPE_CHECKING:
    from .pipeline import BuildReport

COMMANDS = ("build", "serve", "new", "check", "publish", "init")
# What Ctrl+C leaves behind, said per command (publish leaves the live site whole; the next run resumes).
INTERRUPTED = {
    "build": "Đã dừng. Thư mục xuất bản giữ nguyên như trước.",
    "publish": "Đã dừng xuất bản giữa chừng. Trang đang chạy trên máy chủ vẫn dùng được (với ftp, s3 có thể một "
               "phần đã là bản mới). Chạy lại lệnh để gửi nốt phần còn lại.",
}


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=Path("site.yaml"), help="tệp cấu hình (mặc định: site.yaml)")
    common.add_argument("--content", type=Path, help="thư mục nội dung (mặc định: content/ cạnh site.yaml)")
    common.add_argument("--cache", type=Path, help="thư mục bộ nhớ đệm (mặc định: .bangvang-cache/ cạnh site.yaml)")
    common.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    common.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    common.add_argument("--debug", action="store_true", help="in chi tiết lỗi kỹ thuật (traceback)")
    parser = VietnameseParser(
        prog=program_name(),
        description="Bảng Vàng: dựng trang tin và bảng vàng công đoàn từ Markdown. "
                    "Không ghi lệnh thì mặc định là build.")
    commands = parser.add_subparsers(dest="command", metavar="lệnh", required=True)
    build = commands.add_parser("build", parents=[common], help="dựng trang vào thư mục output/ (mặc định)")
    build.add_argument("--out", type=Path, help="thư mục xuất bản (mặc định: output/ cạnh site.yaml)")
    build.add_argument("--drafts", action="store_true", help="dựng cả bản nháp và bài hẹn giờ (để xem thử)")
    build.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    serve = commands.add_parser("serve", parents=[common], help="xem trước, tự dựng lại và tải lại trình duyệt")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định: 8000)")
    serve.add_argument("--bind", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định: 127.0.0.1)")
    serve.add_argument("--open", action="store_true", help="mở trình duyệt")
    serve.add_argument("--no-drafts", dest="drafts", action="store_false",
                       help="xem trước như trang sẽ xuất bản: không có bản nháp và bài hẹn giờ")
    serve.add_argument("--drafts", dest="drafts", action="store_true", default=True,
                       help="hiện cả bản nháp và bài hẹn giờ (mặc định)")
    new = commands.add_parser("new", parents=[common], help="tạo bài viết mới (bản nháp)")
    new.add_argument("title", help="tiêu đề bài viết, trong ngoặc kép")
    new.add_argument("--unit", action="append", default=[], help="đơn vị (mã, tên hoặc tên ngắn); lặp lại được")
    new.add_argument("--campaign", action="append", default=[], help="phong trào; lặp lại được")
    new.add_argument("--slug", help="đường dẫn của bài và tên tệp (mặc định: từ tiêu đề)")
    check = commands.add_parser("check", parents=[common], help="kiểm tra nội dung, không ghi gì")
    check.add_argument("--format", choices=("text", "json"), default="text", help="định dạng kết quả")
    check.add_argument("--drafts", action="store_true", help="kiểm tra cả bản nháp và bài hẹn giờ")
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi (mã thoát 1)")
    publish = commands.add_parser("publish", parents=[common], help="gửi trang đã dựng lên máy chủ (xem site.yaml, publish:)")
    publish.add_argument("target", nargs="?", help="tên nơi xuất bản trong site.yaml (không cần nếu chỉ có một)")
    publish.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và cho biết sẽ gửi gì, không gửi")
    publish.add_argument("--rollback", action="store_true", help="quay lại bản xuất bản trước (rsync, sftp, git)")
    publish.add_argument("--allow-deletions", action="store_true", help="cho phép xoá nhiều tệp hơn max_deletions")
    init = commands.add_parser("init", parents=[common], help="bắt đầu một trang mới của đơn vị mình")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."),
                      help="thư mục của trang mới (mặc định: thư mục hiện tại)")
    init.add_argument("--unit", default="", help="tên đầy đủ của công đoàn, ví dụ “Liên đoàn Lao động tỉnh Nghệ An”")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse_arguments(argv)
    except UsageError as exc:
        print(exc, file=err)
        return 1
    try:
        return RUNNERS[args.command](args, out, err)
    except BangVangError as exc:
        report_failure(exc.problems, err, args)
        return 1
    except KeyboardInterrupt:
        print(INTERRUPTED.get(args.command, "Đã dừng."), file=err)
        return 130
    except Exception:  # a bug in the generator: keep the editor's view short unless --debug
        if args.debug:
            raise
        print("Lỗi không mong muốn trong chương trình (không phải lỗi nội dung). "
              "Chạy lại với --debug để xem chi tiết và báo cho người quản trị.", file=err)
        print(traceback.format_exc().strip().splitlines()[-1], file=err)
        return 2


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """No command means build; a word that is not a command is refused (a typo of one, usually)."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        raise UsageError(f"Không có lệnh “{argv[0]}”.{did_you_mean(argv[0], COMMANDS)} "
                         f"Các lệnh: {', '.join(COMMANDS)}. Xem thêm: {program_name()} --help")
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["build", *argv]
    try:
        return make_parser().parse_args(argv)
    except UsageError as exc:  # argparse reports a wrong option at the top: point at the command's own help
        text, top = str(exc), f"Xem thêm: {program_name()} --help"
        if argv[0] in COMMANDS and text.endswith(top):
            raise UsageError(text.removesuffix(top) + f"Xem thêm: {program_name()} {argv[0]} --help") from None
        raise


def config_from(args: argparse.Namespace, **extra) -> SiteConfig:
    return load_config(args.config, content_dir=args.content, cache_dir=args.cache,
                       drafts=getattr(args, "drafts", False), **extra)


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    started = time.monotonic()
    config = config_from(args, output_dir=args.out)
    refuse_secrets(config)
    if unchanged_site(config, started, out, err, args):
        return 1 if args.strict and load_cache(config).warnings else 0
    from .pipeline import build_site  # Markdown, Jinja and the rest are imported only when there is work
    from .write import leftovers

    interrupted = [path for path in leftovers(config.output_dir) if path.is_dir()]
    with ProgressDisplay(err, enabled=not args.quiet) as progress:
        report = build_site(config, progress=progress.update)
    print_warnings(report.warnings, err, args)
    for line in () if args.quiet else report.moved:
        print(line, file=out)
    cleaned = [path.name for path in interrupted if not path.exists()]
    if cleaned and not args.quiet:
        print(f"Đã dọn {len(cleaned)} thư mục tạm của lần dựng bị ngắt trước: {', '.join(cleaned)}.", file=out)
    if not args.quiet:
        for display, when in report.scheduled:
            print(f"{display}: bài hẹn giờ, sẽ được xuất bản từ {when:%d/%m/%Y %H:%M}.", file=out)
        if args.verbose:
            print(f"Đọc lại {format_number(report.parsed)} bài (các bài khác lấy từ bộ nhớ đệm), dựng lại "
                  f"{format_number(report.rendered)} trang.", file=out)
        print(summary_line(report, config), file=out)
    if args.strict and report.warnings:
        print(f"Chế độ nghiêm ngặt: {len(report.warnings)} cảnh báo được tính là lỗi.", file=err)
        return 1
    return 0


def unchanged_site(config: SiteConfig, started: float, out: TextIO, err: TextIO, args: argparse.Namespace) -> bool:
    """Answer a build whose inputs and output are exactly as the last build left them, from file
    metadata alone and without importing the rendering machinery."""
    from .write import check_output_dir

    check_output_dir(config.output_dir, config.protected_paths())
    cache = load_cache(config)
    fresh, _, _ = check_unchanged(config, cache)
    if not fresh:
        return False
    print_warnings(cache.warnings, err, args)
    if not args.quiet:
        seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
        print(f"Không có gì thay đổi; {config.display(config.output_dir)}/ giữ nguyên ({seconds} giây, "
              f"{len(cache.warnings)} cảnh báo).", file=out)
    return True


def run_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .serve import DevServer, serve_config

    def read_config() -> SiteConfig:
        return serve_config(config_from(args), args.port, args.bind, args.drafts)

    DevServer(read_config(), out, err, quiet=args.quiet, read_config=read_config).run(
        args.bind, args.port, open_browser=args.open)
    return 0


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .scaffold import create_article

    config = config_from(args)
    created = create_article(config, args.title, args.unit, args.campaign, args.slug)
    print(config.display(created.path), file=out)
    if not args.quiet:
        print(f"Bài mới là bản nháp. Xem trước: chạy “{program_name()} serve” rồi mở "
              f"http://127.0.0.1:8000{created.preview}", file=out)
    return 0


def refuse_secrets(config: SiteConfig) -> None:
    """A password in site.yaml's publish section stops the build too: site.yaml is committed and shared,
    and the build is what editors run most; other mistakes there wait for check and publish."""
    from .errors import BuildFailed
    from .publish.targets import publish_problems

    secrets = [p for p in publish_problems(config) if p.code == "secret"]
    if secrets:
        raise BuildFailed(secrets)


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .check import as_json, check_site

    config = config_from(args)
    result = check_site(config)
    if args.format == "json":
        print(as_json(result), file=out)
    else:
        for problem in result.problems:
            if problem.is_error or not args.quiet:
                print(problem.format(), file=out)
        if not args.quiet:
            for merge in result.merges:
                print(merge, file=out)
        print(f"Kiểm tra xong: {result.errors} lỗi, {result.warnings} cảnh báo "
              f"({format_number(result.articles)} bài viết, {format_number(result.pages)} trang).", file=out)
    failed = result.errors or (args.strict and result.warnings)
    return 1 if failed else 0


def run_publish(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .publish import Options, publish

    return publish(config_from(args), Options(args.target, args.dry_run, args.rollback, args.allow_deletions,
                                              args.quiet), out, err)


def run_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .starter import start_site

    started = start_site(args.folder, args.unit)
    if not args.quiet:
        folder = started.folder.as_posix()
        go = "" if folder in (".", "") else f"cd {folder}\n  "
        print(f"Đã tạo trang mới trong {folder}/: site.yaml, content/ (đơn vị “{started.unit_id}”, danh mục khen "
              f"thưởng, trang giới thiệu), static/.\nBước tiếp theo:\n  {go}{program_name()} new \"Tiêu đề bài đầu "
              f"tiên\" --unit {started.unit_id}\n  {program_name()} serve --open\nTrước khi xuất bản: sửa base_url "
              "trong site.yaml thành địa chỉ thật của trang.", file=out)
    return 0


RUNNERS = {"build": run_build, "serve": run_serve, "new": run_new, "check": run_check, "publish": run_publish,
           "init": run_init}


def summary_line(report: BuildReport, config: SiteConfig) -> str:
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    where = config.display(report.output)
    if report.fresh:
        return f"Không có gì thay đổi; {where}/ giữ nguyên ({seconds} giây, {len(report.warnings)} cảnh báo)."
    return (f"Đã dựng {format_number(report.pages)} trang ({format_number(report.articles)} bài viết, "
            f"{format_number(report.honours)} lượt vinh danh) trong {seconds} giây → {where}/ · "
            f"ghi {format_number(report.written)} tệp, giữ nguyên {format_number(report.unchanged)} · "
            f"{len(report.warnings) + len(report.moved)} cảnh báo{held_back(report, config)}")  # every "cảnh báo:" said


def held_back(report: BuildReport, config: SiteConfig) -> str:
    """" · 1 bản nháp, 2 bài hẹn giờ (chưa xuất bản)": what the site has that readers do not see yet."""
    if not report.drafts and not report.scheduled:
        return ""
    shown = "có trong bản xem trước" if config.drafts else "chưa xuất bản"
    return (f" · {format_number(report.drafts)} bản nháp, {format_number(len(report.scheduled))} bài hẹn giờ "
            f"({shown})")


def print_warnings(warnings: Sequence[Problem], err: TextIO, args: argparse.Namespace) -> None:
    if args.quiet:
        return
    for problem in warnings:
        print(problem.format(), file=err)


FAILURE_TAILS = {
    "build": "Dựng thất bại: {errors} lỗi, {warnings} cảnh báo. Trang đã xuất bản trước đó được giữ nguyên.",
    "new": "Chưa tạo bài mới: {errors} lỗi.",
    "serve": "Không khởi động được máy chủ xem trước: {errors} lỗi.",
    "check": "Kiểm tra không chạy được: {errors} lỗi.",
    "publish": "Chưa xuất bản: {errors} lỗi. Trang đang chạy trên máy chủ giữ nguyên như trước.",
    "init": "Chưa tạo trang mới: {errors} lỗi.",
}


def report_failure(problems: Sequence[Problem], err: TextIO, args: argparse.Namespace) -> None:
    errors = [p for p in problems if p.is_error]
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(problem.format(), file=err)
    tail = FAILURE_TAILS[args.command]
    print(tail.format(errors=len(errors), warnings=len(problems) - len(errors)), file=err)


class ProgressDisplay:
    """A rich progress bar on a terminal, shown only once a build has run for about a second."""

    DELAY = 1.0
    LABELS = {"parse": "Đọc bài viết", "render": "Dựng trang"}

    def __init__(self, stream: TextIO, enabled: bool):
        self.stream = stream
        self.enabled = enabled and getattr(stream, "isatty", lambda: False)()
        self.started = time.monotonic()
        self.progress = None
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "ProgressDisplay":
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def update(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY:
            return
        if self.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(self.LABELS.get(stage, stage), total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)
