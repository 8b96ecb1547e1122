"""Command line: `python build.py [build|serve|new|check] ...`. Messages for editors are Vietnamese."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path
from typing import Sequence, TextIO

from .config import load_config
from .errors import BangVangError, Problem
from .pipeline import BuildReport, build_site
from .vnformat import format_number


COMMANDS = ("build",)


def make_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="in chi tiết lỗi kỹ thuật (traceback)")
    common.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    common.add_argument("-v", "--verbose", action="store_true", help="in thêm chi tiết")
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Bảng Vàng: dựng trang tin và bảng vàng công đoàn từ Markdown. "
                    "Không ghi lệnh thì mặc định là build.")
    commands = parser.add_subparsers(dest="command", metavar="lệnh", required=True)
    build = commands.add_parser("build", parents=[common], help="dựng trang vào thư mục output/ (mặc định)")
    _site_options(build)
    build.add_argument("--out", type=Path, help="thư mục xuất bản (mặc định: output/ cạnh site.yaml)")
    build.add_argument("--drafts", action="store_true", help="dựng cả bản nháp và bài hẹn giờ (để xem thử)")
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("site.yaml"), help="tệp cấu hình (mặc định: site.yaml)")
    parser.add_argument("--content", type=Path, help="thư mục nội dung (mặc định: content/ cạnh site.yaml)")
    parser.add_argument("--cache", type=Path, help="thư mục bộ nhớ đệm (mặc định: .bangvang-cache/ cạnh site.yaml)")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]
    args = make_parser().parse_args(argv)
    try:
        if args.command == "build":
            return run_build(args, out, err)
    except BangVangError as exc:
        report_failure(exc.problems, err, args)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng. Thư mục xuất bản giữ nguyên như trước.", file=err)
        return 130
    except Exception:  # an unexpected bug: keep the editor's view short unless --debug
        if args.debug:
            raise
        print("Lỗi không mong muốn trong chương trình (không phải lỗi nội dung). "
              "Chạy lại với --debug để xem chi tiết và báo cho người quản trị.", file=err)
        print(traceback.format_exc().strip().splitlines()[-1], file=err)
        return 2
    return 0


def run_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    config = load_config(args.config, content_dir=args.content, output_dir=args.out, cache_dir=args.cache,
                         drafts=args.drafts)
    report = build_site(config)
    print_warnings(report.warnings, err, args)
    if not args.quiet:
        for display, when in report.scheduled:
            print(f"{display}: bài hẹn giờ, sẽ được xuất bản từ {when:%d/%m/%Y %H:%M}.", file=out)
        print(summary_line(report), file=out)
    return 0


def summary_line(report: BuildReport) -> str:
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    return (f"Đã dựng {format_number(report.pages)} trang ({format_number(report.articles)} bài viết, "
            f"{format_number(report.honours)} lượt vinh danh) trong {seconds} giây → {report.output} · "
            f"{format_number(report.written)} tệp ghi mới, {format_number(report.unchanged)} tệp giữ nguyên · "
            f"{len(report.warnings)} cảnh báo")


def print_warnings(warnings: Sequence[Problem], err: TextIO, args: argparse.Namespace) -> None:
    if args.quiet:
        return
    for problem in warnings:
        print(problem.format(), file=err)


def report_failure(problems: Sequence[Problem], err: TextIO, args: argparse.Namespace) -> None:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    for problem in problems:
        if problem.is_error or not args.quiet:
            print(problem.format(), file=err)
    print(f"Dựng thất bại: {len(errors)} lỗi, {len(warnings)} cảnh báo. "
          "Trang đã xuất bản trước đó được giữ nguyên.", file=err)
