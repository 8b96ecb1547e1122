#!/usr/bin/env python3
"""Bảng Vàng command line: `python build.py` builds the example site in content/ into output/.

Typed with a Python that lacks the libraries (the usual slip: the environment is not activated),
it runs itself again with the project's own .venv, or says in Vietnamese how to install.
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

NEEDED = ("markdown", "yaml", "jinja2", "nh3")


def venv_python() -> Path | None:
    folder = Path(__file__).resolve().parent / ".venv"
    for candidate in (folder / "bin" / "python", folder / "Scripts" / "python.exe"):
        if candidate.is_file():
            return candidate
    return None


def missing_libraries() -> list[str]:
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def run_in_venv() -> int | None:
    python = venv_python()
    if python is None or Path(sys.prefix).resolve() == python.parent.parent.resolve():
        return None
    argv = [str(python), str(Path(__file__).resolve()), *sys.argv[1:]]
    if os.name == "nt":  # no exec on Windows: run it and pass its exit code on
        return subprocess.call(argv)
    os.execv(argv[0], argv)
    return None  # pragma: no cover - execv does not return


if __name__ == "__main__":
    if missing_libraries():
        code = run_in_venv()
        if code is not None:
            sys.exit(code)
        print("Chưa cài Bảng Vàng cho Python này (thiếu thư viện: " + ", ".join(missing_libraries()) + ").\n"
              "Cài một lần trong thư mục dự án:\n"
              "  Linux, macOS:  python3 -m venv .venv && .venv/bin/pip install -e .\n"
              "  Windows:       py -m venv .venv  rồi  .venv\\Scripts\\pip install -e .\n"
              "Sau đó gõ lại lệnh này, hoặc dùng lệnh bangvang trong môi trường đó "
              "(.venv/bin/bangvang, trên Windows .venv\\Scripts\\bangvang).", file=sys.stderr)
        sys.exit(1)
    from bangvang.cli import main

    sys.exit(main())
