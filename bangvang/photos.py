"""The image step: every photo the site's pages use, processed once, its files named for the output.

Between assembling the Site and rendering it: the articles' `image:` fields and the images and links in
their bodies name the photos to process (a photo no page uses is not published at all). Processing
(bangvang/imaging.py) is slow, so its results are kept in a content-addressed store in the cache folder,
keyed by the source bytes, the settings, the image code's version and the encoders' versions: an
unchanged photo is never processed twice, across builds, output folders and the dev server. New photos
are processed in the build's forked workers.

Published names carry the first characters of that key (`anh/hoi-nghi-1a2b3c4d-960.webp`): a replaced
photo gets new names, so a browser never shows a stale copy and names never clash.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

from .assemble import Site
from .config import ImageSettings, SiteConfig
from .discover import SourceFile
from .errors import WARNING, Problem
from .imaging import (IMAGE_EXTENSIONS, IMAGE_VERSION, SHARE_SIZE, ImageInfo, ImageRefused, Variant, encode,
                      library_versions, process, share_card)
from .model import Article
from .parallel import run_forked, split, worker_count
from .text import slugify
from .write import file_digest, write_bytes_atomic

KEY_CHARS = 8  # of the content key in published names: enough that two photos of one folder never share one


def is_image(rel: str) -> bool:
    return posixpath.splitext(rel)[1].lower() in IMAGE_EXTENSIONS


@dataclass(frozen=True, slots=True)
class Use:
    """Where a page uses a photo, for messages."""

    display: str
    line: int | None
    field: str | None
    written: str


def image_uses(site: Site) -> dict[str, list[Use]]:
    """Content path of each photo that articles and pages use → where they use it, in site order."""
    uses: dict[str, list[Use]] = {}
    assets = set(site.assets)
    for item in (*site.articles, *site.pages):
        display = site.config.content_prefix + item.source
        refs = item.references
        for i, ref in enumerate(refs):
            if ref.target in assets and is_image(ref.target):
                lead = isinstance(item, Article) and bool(item.image) and i == len(refs) - 1
                uses.setdefault(ref.target, []).append(Use(display, ref.line or None, "image" if lead else None,
                                                           ref.written))
    return dict(sorted(uses.items()))


def output_rel(asset: str, info: ImageInfo, variant: Variant) -> str:
    """Where one file of a processed photo is published: beside the photo, named after it."""
    folder, name = posixpath.split(asset)
    return posixpath.join(folder, f"{_stem(name)}-{info.key[:KEY_CHARS]}-{variant.name}")


@lru_cache(maxsize=4096)  # a photo's name is slugified for each of its files on every page that shows it
def _stem(name: str) -> str:
    return slugify(posixpath.splitext(name)[0])[:80].strip("-") or "anh"


def published_files(asset: str, info: ImageInfo) -> list[tuple[str, Variant]]:
    files = [*info.variants, info.share] + ([info.original] if info.original else [])
    return [(output_rel(asset, info, v), v) for v in files]


def photo_outputs(site: Site) -> set[str]:
    """Every file the site's photos (and its sharing card) are published as."""
    card = {card_rel(site.share_card)} if site.share_card else set()
    return card | {out for rel, info in site.images.items() for out, _ in published_files(rel, info)}


# The built-in theme's colours (theme/css/site.css), for a site without branding.colors.
DEFAULT_COLOURS = {"primary": "#8f1d14", "accent": "#f4e3a6"}


def card_rel(info: ImageInfo) -> str:
    """Where the site's sharing card is published (its key in the name: new colours, new name)."""
    return f"theme/chia-se-{info.key[:KEY_CHARS]}.jpg"


def prepare_share_card(config: SiteConfig, store: ImageStore) -> ImageInfo:
    """The site's sharing card (og:image of every page without a photo of its own): drawn once per site
    and kept in the store, keyed by what it is drawn from."""
    colours = {**DEFAULT_COLOURS, **dict(config.branding.colors)}
    logo = config.branding.logo if config.branding.logo.lower().endswith(".png") else ""
    text = f"card\0{IMAGE_VERSION}\0{library_versions()}\0{colours['primary']}\0{colours['accent']}" \
           f"\0{logo and config.branding.logo_digest}\0{config.images.quality}"
    key = hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
    info = store.info(key)
    if info is not None:
        return info
    try:
        logo_bytes = (config.root / logo).read_bytes() if logo else None
    except OSError:
        logo_bytes = None  # the config checked the file; gone since: the medal's own star
    data = encode(share_card(colours["primary"], colours["accent"], logo_bytes), "jpg", config.images.quality)
    variant = Variant("chia-se.jpg", *SHARE_SIZE, digest=file_digest(data))
    info = ImageInfo(key, *SHARE_SIZE, colours["primary"], (), variant, None)
    store.save(info, {variant.name: data})
    return info


def settings_key(settings: ImageSettings) -> str:
    text = f"{IMAGE_VERSION}\0{library_versions()}\0{settings.widths}\0{settings.quality}\0{settings.avif}" \
           f"\0{settings.originals}\0{settings.max_megapixels}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def content_key(settings_part: str, extension: str, source_digest: str) -> str:
    return hashlib.blake2b(f"{settings_part}\0{extension.lower()}\0{source_digest}".encode(),
                           digest_size=20).hexdigest()


class ImageStore:
    """The processed photos in the cache folder: <key>.info (ImageInfo) and <key>.files (the bytes)."""

    def __init__(self, cache_dir: Path, read_only: bool = False):
        self.root = cache_dir / "images"
        self.read_only = read_only  # `check` writes nothing: what it processes is not kept

    def _path(self, key: str, part: str) -> Path:
        return self.root / key[:2] / f"{key}.{part}"

    def info(self, key: str) -> ImageInfo | None:
        try:
            info = pickle.loads(self._path(key, "info").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return info if isinstance(info, ImageInfo) and info.key == key and self._path(key, "files").exists() else None

    def files(self, key: str) -> dict[str, bytes]:
        return pickle.loads(self._path(key, "files").read_bytes())

    def save(self, info: ImageInfo, files: dict[str, bytes]) -> None:
        if self.read_only:
            return
        # the bytes first: an info file is only ever there with its files
        write_bytes_atomic(self._path(info.key, "files"), pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
        write_bytes_atomic(self._path(info.key, "info"), pickle.dumps(info, protocol=pickle.HIGHEST_PROTOCOL))


Outcome = ImageInfo | tuple[str, str, str]  # processed, or refused: (code, message, hint)


@dataclass(frozen=True)
class Prepared:
    images: Mapping[str, ImageInfo]  # content path → processed photo
    digests: Mapping[str, str]  # content path → digest of the source bytes read (for the cache's racy check)
    problems: tuple[Problem, ...]
    processed: int  # photos processed by this build (not found in the store)


def prepare_images(site: Site, assets: Mapping[str, SourceFile], memo: dict, store: ImageStore,
                   trusted: Callable[[SourceFile], bool], parallel: bool = False) -> Prepared:
    """Process (or find in the store) every photo the site uses; problems name each use.

    memo: content path → (stamp, trusted, source digest, settings key, outcome), kept by the build cache,
    so that a photo whose file metadata is unchanged is not even read again (trusted: whether a file's
    metadata can stand for its bytes, see BuildCache.trusted)."""
    settings = site.config.images
    part = settings_key(settings)
    uses = image_uses(site)
    outcomes: dict[str, Outcome] = {}
    digests: dict[str, str] = {}
    todo: list[tuple[str, Path, str, str]] = []
    for rel in uses:
        src = assets[rel]
        cached = memo.get(rel)
        if cached and cached[0] == src.stamp and cached[1] and cached[3] == part:
            outcomes[rel], digests[rel] = cached[4], cached[2]
            continue
        try:
            data = src.path.read_bytes()
        except OSError as exc:
            outcomes[rel] = ("io", f"không đọc được ({exc.strerror or exc}).", "Kiểm tra quyền đọc tệp.")
            continue
        digests[rel] = file_digest(data)
        key = content_key(part, posixpath.splitext(rel)[1], digests[rel])
        info = store.info(key)
        if info is not None:
            outcomes[rel] = info
        else:
            todo.append((rel, src.path, posixpath.splitext(rel)[1], key))
    processed = _process_all(todo, settings, store, parallel)
    outcomes.update(processed)
    for rel, outcome in outcomes.items():
        src = assets[rel]
        if rel in digests:
            memo[rel] = (src.stamp, trusted(src), digests[rel], part, outcome)
    for rel in set(memo) - set(uses):
        del memo[rel]
    problems = [p for rel, outcome in outcomes.items() for p in _problems(outcome, uses[rel])]
    images = {rel: o for rel, o in sorted(outcomes.items()) if isinstance(o, ImageInfo)}
    return Prepared(MappingProxyType(images), MappingProxyType(digests), tuple(problems), len(processed))


# Below this many new photos, forking workers costs more than it saves.
PARALLEL_MIN_IMAGES = 4


def _process_all(todo: list[tuple[str, Path, str, str]], settings: ImageSettings, store: ImageStore,
                 parallel: bool) -> dict[str, Outcome]:
    if not todo:
        return {}
    if parallel and len(todo) >= PARALLEL_MIN_IMAGES and worker_count() > 1:
        chunks = run_forked(_process_chunk, (settings, store), split(todo, worker_count() * 2))
    else:
        chunks = [_process_chunk((settings, store), todo)]
    return {rel: outcome for chunk in chunks for rel, outcome in chunk}


def _process_chunk(state, items) -> list[tuple[str, Outcome]]:
    """In a worker (or the parent): process photos one at a time, storing each; only the info goes back."""
    settings, store = state
    out: list[tuple[str, Outcome]] = []
    for rel, path, extension, key in items:
        out.append((rel, process_one(path, extension, key, settings, store)))
    return out


def process_one(path: Path, extension: str, key: str, settings: ImageSettings, store: ImageStore) -> Outcome:
    try:
        data = path.read_bytes()
        info, files = process(data, extension, settings)
    except ImageRefused as refused:
        return (refused.code, refused.message, refused.hint)
    except OSError as exc:
        return ("io", f"không đọc được ({exc.strerror or exc}).", "Kiểm tra quyền đọc tệp.")
    digests = {name: file_digest(data) for name, data in files.items()}

    def signed(v: Variant) -> Variant:
        return replace(v, digest=digests[v.name])

    info = replace(info, key=key, variants=tuple(signed(v) for v in info.variants), share=signed(info.share),
                   original=signed(info.original) if info.original else None)
    store.save(info, files)
    return info


# Warnings about a photo that was published: (message after "Ảnh “x” ", hint).
NOTES = {
    "animated": ("là ảnh GIF động: chỉ khung hình đầu tiên được đăng.", "Chọn một ảnh tĩnh nếu khung đầu không đẹp."),
    "cmyk": ("ở hệ màu CMYK (dùng cho in ấn), đã được chuyển sang sRGB cho màn hình; màu có thể hơi khác.",
             "Nếu màu sai, xuất lại ảnh ở hệ màu RGB (sRGB)."),
    "alpha": ("có phần trong suốt; bản JPEG dự phòng dùng nền trắng.",
              "Với logo hay hình vẽ thì không sao; ảnh chụp nên lưu dạng JPEG."),
}


def _problems(outcome: Outcome, uses: list[Use]) -> list[Problem]:
    if isinstance(outcome, tuple):
        code, message, hint = outcome
        return [Problem(u.display, u.line, f"Ảnh “{u.written}” {message}", field=u.field, hint=hint, code=code)
                for u in uses]
    problems = []
    for note in outcome.notes:
        if note.startswith("mismatch:"):
            real = note.split(":", 1)[1]
            message, hint = (f"thực chất là ảnh {real}, đuôi tệp không khớp.",
                             f"Đổi đuôi tệp cho đúng loại ảnh (.{real.lower().replace('jpeg', 'jpg')}).")
        else:
            message, hint = NOTES[note]
        u = uses[0]
        problems.append(Problem(u.display, u.line, f"Ảnh “{u.written}” {message}", field=u.field, hint=hint,
                                severity=WARNING, code=f"image-{note.split(':')[0]}"))
    return problems


_IMG_NO_ALT = re.compile(r'<img(?![^>]*\salt="[^"]+")[^>]*>')
_SRC = re.compile(r'src="([^"]*)"')


def missing_alt(site: Site, everywhere: bool = False, memo: dict | None = None) -> list[Problem]:
    """Images in article bodies without a text alternative (the lead image's is its caption, or the title).
    The build looks only at bodies with a photo of the site (a body is decompressed to be read); `check`
    looks everywhere, at images from other sites too. `memo` (source → (key, problems)), kept between
    the dev server's builds, spares reading again the bodies that did not change."""
    problems: list[Problem] = []
    for article in site.articles:
        photos = [r.target for r in article.references if r.is_image and r.target in site.images]
        if not everywhere and not photos:
            continue
        key = (article.digest, tuple(photos), site.config.content_prefix) if article.digest else None
        kept = memo.get(article.source) if memo is not None and key is not None else None
        if kept is not None and kept[0] == key:
            problems += kept[1]
            continue
        found = _missing_alt_in(site, article)
        if memo is not None and key is not None:
            memo[article.source] = (key, found)
        problems += found
    return problems


def _missing_alt_in(site: Site, article) -> list[Problem]:
    problems = []
    for match in _IMG_NO_ALT.finditer(article.body_html):
        src = _SRC.search(match.group(0))
        written = src.group(1) if src else ""
        line = next((r.line for r in article.references if r.is_image and written.endswith(r.target)), None)
        problems.append(Problem(site.config.content_prefix + article.source, line or None,
                                "Ảnh không có chú thích thay thế (alt) cho người khiếm thị.",
                                hint="Viết mô tả trong ngoặc vuông: ![Mô tả ảnh](anh/ten-anh.jpg).",
                                severity=WARNING, code="alt"))
    return problems


def with_images(site: Site, images: Mapping[str, ImageInfo], card: ImageInfo | None = None) -> Site:
    """The Site with its photos: links and images that name a photo now lead to a published file of it."""
    targets = dict(site.link_targets)
    for rel, info in images.items():
        targets[rel] = site.urls.site(output_rel(rel, info, info.original or info.fallback))
    return replace(site, images=images, link_targets=MappingProxyType(targets), share_card=card)
