"""Bảng Vàng: a static-site generator for Vietnamese labour-union news and honour rolls."""

__version__ = "0.1.0"
