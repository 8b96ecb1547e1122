"""The `publish:` section of site.yaml: where the built site goes, checked like content.

Credentials never live here (site.yaml is shared and committed): SSH keys or the agent, environment
variables, ~/.netrc, ~/.aws: a key or value that looks like a secret is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BangVangError, ConfigError, Problem
from ..schema import FieldReader
from ..usage import close_match, program_name
from ..yamlstrict import YMap, YScalar, YSeq, load

TYPES = ("rsync", "sftp", "ftp", "s3", "git", "zip")
COMMON_KEYS = ("name", "type", "limits")
TYPE_KEYS = {
    "rsync": ("host", "user", "port", "path", "keep", "bwlimit"),
    "sftp": ("host", "user", "port", "path", "keep", "bwlimit", "swap"),
    "ftp": ("host", "user", "port", "path", "tls", "max_deletions"),
    "s3": ("bucket", "prefix", "endpoint", "region", "max_deletions"),
    "git": ("repo", "branch", "cname", "message"),
    "zip": ("path",),
}
REQUIRED = {"rsync": ("path",), "sftp": ("host", "path"), "ftp": ("host",), "s3": ("bucket",), "git": ("repo",),
            "zip": ("path",)}
LIMIT_KEYS = ("files", "bytes", "file_bytes", "per_folder")
SECRET_KEY = re.compile(r"pass|secret|token|private|credential|access_key|api_key|mat_khau|mật khẩu", re.I)
SECRET_IN_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]+:[^/@\s]+@", re.I)  # scheme://user:password@host
_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_SIZE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(B|KB|MB|GB|KIB|MIB|GIB)?$", re.I)
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "KIB": 2**10, "MIB": 2**20, "GIB": 2**30}
SECRET_HINT = ("Không ghi mật khẩu, mã truy cập hay khoá bí mật vào site.yaml (tệp này được chia sẻ và đưa lên git). "
               "Dùng khoá SSH hoặc ssh-agent, biến môi trường (BANGVANG_FTP_PASSWORD, AWS_ACCESS_KEY_ID, "
               "AWS_SECRET_ACCESS_KEY), tệp ~/.netrc hoặc ~/.aws/credentials.")


@dataclass(frozen=True)
class HostLimits:
    """What a host accepts; None: no limit of that kind."""

    name: str
    files: int | None = None
    bytes: int | None = None
    file_bytes: int | None = None
    per_folder: int | None = None


# The hosts' documented hard limits (checked 2026): GitHub Pages sites are at most 1 GB and git refuses
# files over 100 MB; Cloudflare Pages (free plan) 20,000 files of at most 25 MiB; GitLab Pages 1 GB and
# 200,000 entries in the archive; Netlify 54,000 files in one folder.
PRESETS = {
    "github-pages": HostLimits("của github-pages", bytes=10**9, file_bytes=100 * 10**6),
    "cloudflare-pages": HostLimits("của cloudflare-pages", files=20_000, file_bytes=25 * 2**20),
    "gitlab-pages": HostLimits("của gitlab-pages", files=200_000, bytes=10**9),
    "netlify": HostLimits("của netlify", per_folder=54_000),
}


@dataclass(frozen=True)
class Target:
    name: str
    type: str
    line: int
    settings: dict[str, str] = field(default_factory=dict)
    limits: HostLimits | None = None

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.settings.get(key, default)

    def number(self, key: str, default: int) -> int:
        value = self.settings.get(key)
        return int(value) if value is not None else default

    @property
    def host(self) -> str | None:
        return self.settings.get("host")


def read_targets(config_path: Path | None, display: str = "site.yaml") -> list[Target]:
    """The publish targets of site.yaml, in their order; ConfigError with every problem found."""
    if config_path is None or not config_path.is_file():
        return []
    text = config_path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")
    tree, problems = load(text, display)
    if problems:
        raise ConfigError(problems)
    if not isinstance(tree, YMap) or tree.get("publish") is None:
        return []
    return parse_targets(tree.get("publish"), display)


def parse_targets(node, display: str) -> list[Target]:
    reader = FieldReader(display)
    targets: list[Target] = []
    if not isinstance(node, YSeq):
        reader.error(node, "publish", "Cần một danh sách nơi xuất bản (mỗi mục bắt đầu bằng “- name: …”).",
                     "Xem ví dụ trong README, mục Xuất bản.", code="shape")
        raise ConfigError(reader.problems)
    names: set[str] = set()
    for i, item in enumerate(node.items, 1):
        target = _read_target(reader, item, f"publish[{i}]")
        if target is None:
            continue
        if target.name in names:
            reader.error(item, f"publish[{i}].name", f"Tên nơi xuất bản “{target.name}” bị trùng.",
                         "Đặt cho mỗi nơi một tên riêng.", code="duplicate")
        names.add(target.name)
        targets.append(target)
    if reader.problems:
        raise ConfigError(reader.problems)
    return targets


def _read_target(reader: FieldReader, item, field: str) -> Target | None:
    node = reader.mapping(item, field)
    if node is None:
        return None
    _find_secrets(reader, node, field)
    kind = reader.text(reader.require(node, "type", f"{field}.type", "Một trong: " + ", ".join(TYPES) + "."),
                       f"{field}.type")
    name = reader.text(reader.require(node, "name", f"{field}.name", "Ví dụ: name: may-chu"), f"{field}.name")
    if name is not None and not _NAME.match(name):
        reader.error(node.get("name"), f"{field}.name", f"Tên “{name}” không hợp lệ.",
                     "Dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ may-chu.", code="name")
    if kind is None:
        return None
    if kind not in TYPES:
        reader.error(node.get("type"), f"{field}.type", f"Không biết kiểu xuất bản “{kind}”.",
                     "Một trong: " + ", ".join(TYPES) + ".", code="type")
        return None
    # A secret's key has been reported as a secret: not again as an unknown field.
    allowed = COMMON_KEYS + TYPE_KEYS[kind] + tuple(key for key in node.keys if SECRET_KEY.search(key))
    reader.check_keys(node, allowed, prefix=f"{field}.")
    for key in REQUIRED[kind]:
        reader.require(node, key, f"{field}.{key}")
    settings: dict[str, str] = {}
    for key in TYPE_KEYS[kind]:
        value = reader.text(node.get(key), f"{field}.{key}") if key in node.entries else None
        if value is None:
            continue
        if key in ("port", "keep", "max_deletions", "bwlimit"):
            if reader.integer(node.get(key), f"{field}.{key}", minimum=1) is None:
                continue
        if key == "swap" and value not in ("symlink", "rename"):
            reader.error(node.get(key), f"{field}.{key}", f"Không biết cách chuyển “{value}”.",
                         "Viết symlink (mặc định) hoặc rename.", code="swap")
            continue
        if key == "tls":
            value = "true" if reader.flag(node.get(key), f"{field}.{key}") else "false"
        settings[key] = value
    limits = _read_limits(reader, node.get("limits"), f"{field}.limits")
    if name is None:
        return None
    return Target(name, kind, node.line, settings, limits)


def _read_limits(reader: FieldReader, node, field: str) -> HostLimits | None:
    if node is None:
        return None
    if isinstance(node, YScalar):
        if node.text in PRESETS:
            return PRESETS[node.text]
        reader.error(node, field, f"Không biết giới hạn “{node.text}”.",
                     "Một trong: " + ", ".join(PRESETS) + ", hoặc ghi số: files, bytes, file_bytes, per_folder.",
                     code="limits")
        return None
    mapping = reader.mapping(node, field)
    if mapping is None:
        return None
    reader.check_keys(mapping, LIMIT_KEYS, prefix=f"{field}.")
    values: dict[str, int] = {}
    for key in LIMIT_KEYS:
        text = reader.text(mapping.get(key), f"{field}.{key}")
        if text is None:
            continue
        size = parse_size(text)
        if size is None or size < 1:
            reader.error(mapping.get(key), f"{field}.{key}", f"“{text}” không phải một số hợp lệ.",
                         "Viết số nguyên, dung lượng có thể kèm đơn vị: 1 GB, 25 MiB.", code="limits")
            continue
        values[key] = size
    return HostLimits("ghi trong site.yaml", **values)


def parse_size(text: str) -> int | None:
    m = _SIZE.match(text.strip())
    if not m:
        return None
    return int(float(m.group(1).replace(",", ".")) * _UNITS[(m.group(2) or "B").upper()])


def _find_secrets(reader: FieldReader, node: YMap, field: str) -> None:
    for key, key_node in node.keys.items():
        if SECRET_KEY.search(key):
            reader.error(key_node, f"{field}.{key}", "Không được ghi thông tin đăng nhập bí mật trong site.yaml.",
                         SECRET_HINT, code="secret")
    for key, value in node.entries.items():
        if isinstance(value, YScalar) and SECRET_IN_URL.match(value.text):
            reader.error(value, f"{field}.{key}", "Địa chỉ có kèm mật khẩu (dạng người-dùng:mật-khẩu@máy-chủ).",
                         SECRET_HINT, code="secret")


def choose(targets: list[Target], name: str | None, display: str) -> Target:
    """The target named on the command line, or the only one."""
    if not targets:
        raise ConfigError([Problem(display, None, "Chưa có nơi xuất bản nào trong site.yaml (mục publish:).",
                                   hint="Thêm một mục publish: như ví dụ trong README, mục Xuất bản.",
                                   code="publish")])
    if name is None:
        if len(targets) == 1:
            return targets[0]
        raise ConfigError([Problem(display, None, "Có nhiều nơi xuất bản: hãy ghi tên nơi muốn xuất bản.",
                                   hint=f"Ví dụ: {program_name()} publish " + targets[0].name + " (có: "
                                        + ", ".join(t.name for t in targets) + ").", code="publish")])
    for target in targets:
        if target.name == name:
            return target
    guess = close_match(name, [t.name for t in targets])
    raise ConfigError([Problem(display, None, f"Không có nơi xuất bản tên “{name}”.",
                               hint=(f"Có phải là “{guess}”? " if guess else "") + "Các nơi có trong site.yaml: "
                                    + ", ".join(t.name for t in targets) + ".",
                               code="publish")])


def publish_problems(config) -> list[Problem]:
    """Mistakes and secrets in site.yaml's publish section (a SiteConfig's), found before anyone tries to
    publish. Here rather than in check.py: every build asks it, and check imports the whole renderer."""
    try:
        read_targets(config.config_path, config.display(config.config_path) if config.config_path else "site.yaml")
    except BangVangError as exc:
        return list(exc.problems)
    return []
