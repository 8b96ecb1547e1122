#!/usr/bin/env python3
"""Bảng Vàng command line: `python build.py` builds the example site in content/ into output/."""

import sys

from bangvang.cli import main

if __name__ == "__main__":
    sys.exit(main())
