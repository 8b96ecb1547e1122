"""One photo's bytes → the files a site publishes for it. Pure: bytes in, bytes out, no file I/O.

What a reader receives is always re-encoded from pixels: the camera's EXIF (GPS position, maker
notes), XMP, comments and colour profiles never reach the output, whatever the input held. The
picture is turned upright (EXIF orientation) and converted to sRGB first, then resized to a few widths
(never wider than it is) in WebP and JPEG (and AVIF if asked), cropped to 1200×630 for social
sharing, and summarised as one dominant colour for the placeholder shown while it loads.

Memory stays bounded: a JPEG is decoded at the smallest scale that still covers the largest output
(Image.draft), and an image whose pixel count is over the limit is refused before it is decoded.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms, ImageDraw, ImageOps, features

from .config import ImageSettings

# Bump when the same input and settings would give different output files: it is part of the cache key.
IMAGE_VERSION = 2  # 2: the sharing crop of a tall picture keeps more of its top
IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".heic", ".heif"})
# What the file really is (Pillow's format name) for each extension an editor may use.
EXPECTED_FORMAT = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF",
                   ".avif": "AVIF", ".heic": "HEIF", ".heif": "HEIF"}
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF")
SHARE_SIZE = (1200, 630)  # og:image / twitter:image
# Below this many bytes per pixel an image is a decompression bomb rather than a photo (a photo's JPEG
# takes about 0.1-0.5 bytes a pixel; a plain one-colour PNG a little over 0.001).
BOMB_BYTES_PER_PIXEL = 0.0005

pillow_heif.register_heif_opener()
# The site's own limit (images.max_megapixels) is checked on the header, before any pixel is decoded;
# Pillow's fixed one would warn on stderr below it and refuse a raised limit.
Image.MAX_IMAGE_PIXELS = None


def library_versions() -> str:
    """What the output bytes also depend on: the encoders' versions (part of the cache key)."""
    return f"pillow {Image.__version__}; pillow-heif {pillow_heif.__version__}; avif {features.check('avif')}"


@dataclass(frozen=True, slots=True)
class Variant:
    name: str  # the end of the published file's name: "480.webp", "960.jpg", "chia-se.jpg", "goc.jpg"
    width: int
    height: int
    digest: str = ""  # of the file's bytes (blake2b-128 hex), so an unchanged file is never read again

    @property
    def format(self) -> str:
        return self.name.rsplit(".", 1)[1]


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What pages need to know about a processed photo (its files' bytes are kept apart, in the cache)."""

    key: str  # content address: source bytes, settings, IMAGE_VERSION and library versions
    width: int  # the upright picture, as the camera took it
    height: int
    colour: str  # "#rrggbb": the placeholder's background
    variants: tuple[Variant, ...]  # the responsive files, narrowest first, WebP (and AVIF) and JPEG per width
    share: Variant  # 1200×630 JPEG (smaller if the picture is)
    original: Variant | None  # the full-size file, only when images.originals is on
    notes: tuple[str, ...] = ()  # what an editor should hear about: NOTES keys

    def widths(self, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == fmt)

    @property
    def fallback(self) -> Variant:
        """The largest JPEG: what a plain link or a browser without <picture> gets."""
        return self.widths("jpg")[-1]


class ImageRefused(Exception):
    """The file cannot be published as a photo: a Vietnamese predicate ("Ảnh “x” " + message) and a hint."""

    def __init__(self, code: str, message: str, hint: str):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def widths_for(source_width: int, wanted: tuple[int, ...]) -> tuple[int, ...]:
    """The widths to publish: the wanted ones, none wider than the source (its own width instead)."""
    return tuple(sorted({min(w, source_width) for w in wanted}))


def process(data: bytes, extension: str, settings: ImageSettings) -> tuple[ImageInfo, dict[str, bytes]]:
    """The published files of one photo: (info without its key, {variant name: bytes}).
    Raises ImageRefused for anything that is not a usable image."""
    notes: list[str] = []
    image = _open(data, extension, settings, notes)
    try:
        upright = _decode(image, settings, notes)
    finally:
        image.close()
    width, height = upright.size
    files: dict[str, bytes] = {}
    variants: list[Variant] = []
    formats = ("avif", "webp", "jpg") if settings.avif and features.check("avif") else ("webp", "jpg")
    for w in widths_for(width, settings.widths):
        h = max(1, round(height * w / width))
        resized = upright if (w, h) == upright.size else upright.resize((w, h), Image.Resampling.LANCZOS,
                                                                         reducing_gap=3.0)
        for fmt in formats:
            name = f"{w}.{fmt}"
            files[name] = encode(resized, fmt, settings.quality)
            variants.append(Variant(name, w, h))
    share = share_crop(upright)
    files["chia-se.jpg"] = encode(share, "jpg", settings.quality)
    original = None
    if settings.originals:
        fmt = "png" if image.format == "PNG" else "jpg"
        files[f"goc.{fmt}"] = encode(upright, fmt, 92)
        original = Variant(f"goc.{fmt}", width, height)
    info = ImageInfo("", width, height, dominant_colour(upright),
                     tuple(sorted(variants, key=lambda v: (v.width, v.format))),
                     Variant("chia-se.jpg", *share.size), original, tuple(dict.fromkeys(notes)))
    return info, files


def _open(data: bytes, extension: str, settings: ImageSettings, notes: list[str]) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Exception:  # noqa: BLE001 - any decoder failure on untrusted bytes means "not a usable image"
        raise ImageRefused("not-image", "không phải ảnh, hoặc là loại ảnh không hỗ trợ.",
                           "Dùng ảnh JPEG, PNG, WebP, HEIC hoặc AVIF; mở ảnh bằng phần mềm xem ảnh để "
                           "kiểm tra rồi lưu lại.") from None
    expected = EXPECTED_FORMAT.get(extension.lower())
    if expected and image.format != expected:
        notes.append(f"mismatch:{image.format}")
    pixels = image.width * image.height
    if pixels > settings.max_megapixels * 1_000_000:
        bomb = len(data) < pixels * BOMB_BYTES_PER_PIXEL
        image.close()
        raise _too_large((image.width, image.height), settings, bomb)
    if getattr(image, "n_frames", 1) > 1:
        notes.append("animated")
    return image


def _too_large(size: tuple[int, int], settings: ImageSettings, bomb: bool) -> ImageRefused:
    limit = f"giới hạn là {settings.max_megapixels} triệu điểm ảnh (images.max_megapixels trong site.yaml)"
    if bomb:
        return ImageRefused("image-bomb", f"là tệp nhỏ nhưng khai báo ảnh khổng lồ {size[0]}×{size[1]} điểm ảnh: "
                            f"có thể là “bom giải nén”, không xử lý; {limit}.", "Xoá tệp này và dùng ảnh chụp gốc.")
    megapixels = size[0] * size[1] / 1_000_000
    return ImageRefused("image-too-large", f"quá lớn: {size[0]}×{size[1]} điểm ảnh "
                        f"({megapixels:.0f} triệu); {limit}.",
                        "Thu nhỏ ảnh còn khoảng 4000 điểm ảnh chiều ngang rồi lưu lại, "
                        "hoặc tăng images.max_megapixels.")


def _decode(image: Image.Image, settings: ImageSettings, notes: list[str]) -> Image.Image:
    """Decoded, upright, in sRGB: RGB, or RGBA when some pixel is transparent."""
    try:
        image.seek(0)
        orientation = image.getexif().get(0x0112, 1)
        if image.format == "JPEG" and not settings.originals:
            _draft(image, orientation, settings)
        image.load()
        if image.mode == "CMYK":
            notes.append("cmyk")
        rgb = to_srgb(image)
        upright = ImageOps.exif_transpose(rgb) if orientation in range(2, 9) else rgb
    except ImageRefused:
        raise
    except Exception:  # noqa: BLE001 - truncated or corrupt data fails anywhere in the decoder
        raise ImageRefused("image-corrupt", "bị hỏng hoặc bị cắt cụt, không đọc hết được.",
                           "Chép lại ảnh từ máy ảnh hoặc điện thoại; mở thử bằng phần mềm xem ảnh.") from None
    if upright.mode == "RGBA":
        if upright.getchannel("A").getextrema()[0] == 255:
            upright = upright.convert("RGB")
        else:
            notes.append("alpha")
    upright.info.clear()
    return upright


def _draft(image: Image.Image, orientation: int, settings: ImageSettings) -> None:
    """Ask the JPEG decoder for the smallest scale (1/2, 1/4, 1/8) that still covers every output."""
    width, height = image.size
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    scale = max(min(max(settings.widths), width) / width, SHARE_SIZE[0] / width, SHARE_SIZE[1] / height)
    if scale >= 1:
        return
    raw_w, raw_h = image.size
    image.draft(image.mode, (math.ceil(raw_w * scale), math.ceil(raw_h * scale)))


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB through the embedded ICC profile if there is one (CMYK, Adobe RGB, Display P3)."""
    alpha = image.has_transparency_data
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(profile).lower().replace(" ", ""):
                target = "RGB" if image.mode in ("CMYK", "L") else image.mode
                return _with_mode(ImageCms.profileToProfile(image, profile, _SRGB, outputMode=target), mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are taken as they are
    return _with_mode(image, mode)


def _with_mode(image: Image.Image, mode: str) -> Image.Image:
    if image.mode == mode:
        return image.copy()
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")  # 16-bit greyscale PNG
    return image.convert(mode)


def share_crop(image: Image.Image) -> Image.Image:
    """The picture at 1200:630, scaled down to 1200×630 (never up): a wide one loses its sides evenly, a
    tall one more of its bottom than its top (people photographed upright have their faces up there)."""
    width, height = image.size
    ratio = SHARE_SIZE[0] / SHARE_SIZE[1]
    if width / height > ratio:
        crop_w, crop_h = round(height * ratio), height
    else:
        crop_w, crop_h = width, round(width / ratio)
    left, top = (width - crop_w) // 2, (height - crop_h) * 3 // 10
    box = (left, top, left + crop_w, top + crop_h)
    size = SHARE_SIZE if crop_w > SHARE_SIZE[0] else (max(1, crop_w), max(1, crop_h))
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def dominant_colour(image: Image.Image) -> str:
    """The most common of a few representative colours, as #rrggbb (transparent parts count as white)."""
    small = flatten(image.resize((48, 48), Image.Resampling.BOX))
    palette = small.quantize(colors=6, method=Image.Quantize.MEDIANCUT)
    count, index = max(palette.getcolors())  # type: ignore[arg-type]
    r, g, b = palette.getpalette()[index * 3:index * 3 + 3]  # type: ignore[index]
    return f"#{r:02x}{g:02x}{b:02x}"


def flatten(image: Image.Image) -> Image.Image:
    """Transparent parts on white: JPEG has no transparency."""
    if image.mode != "RGBA":
        return image
    white = Image.new("RGB", image.size, (255, 255, 255))
    white.paste(image, mask=image.getchannel("A"))
    return white


def encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    """The picture alone: no EXIF, XMP, ICC profile or comment is passed to any encoder."""
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=4, exif=b"", icc_profile=None, xmp=b"")
    elif fmt == "avif":
        image.save(out, "AVIF", quality=quality, speed=8, exif=b"", icc_profile=None, xmp=b"")
    elif fmt == "png":
        image.save(out, "PNG", optimize=True, icc_profile=None)
    else:
        image = flatten(image)
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True, exif=b"", icc_profile=None,
                   comment=b"")
    return out.getvalue()


# The site's sharing card (og:image of a page without a photo): a medal in the union's colours on a
# framed field, and the site's own logo on the medal when it is a PNG (an SVG logo would need an SVG
# renderer; the medal's star stands in for it). Drawn at twice the size and scaled down, for smooth edges.
CARD_STAR = "#c8102e"


def share_card(primary: str, accent: str, logo: bytes | None = None) -> Image.Image:
    """The 1200×630 picture shared for pages without a photo of their own."""
    scale = 2
    w, h = SHARE_SIZE[0] * scale, SHARE_SIZE[1] * scale
    card = Image.new("RGB", (w, h), primary)
    draw = ImageDraw.Draw(card)
    inset, line = 36 * scale, 5 * scale
    draw.rectangle((inset, inset, w - inset, h - inset), outline=accent, width=line)
    draw.rectangle((inset + 3 * line, inset + 3 * line, w - inset - 3 * line, h - inset - 3 * line),
                   outline=accent, width=max(1, line // 2))
    cx, cy, r = w // 2, h // 2 - 28 * scale, 165 * scale
    for side in (-1, 1):  # the ribbon's two tails, then a laurel branch on each side
        top, foot, half = (cx + side * r * 0.2, cy + r * 0.5), (cx + side * r * 0.62, cy + r * 1.5), 34 * scale
        dx, dy = foot[0] - top[0], foot[1] - top[1]
        norm = math.hypot(dx, dy)
        nx, ny = -dy / norm * half, dx / norm * half
        notch = (foot[0] - dx / norm * half, foot[1] - dy / norm * half)
        draw.polygon([(top[0] + nx, top[1] + ny), (foot[0] + nx, foot[1] + ny), notch, (foot[0] - nx, foot[1] - ny),
                      (top[0] - nx, top[1] - ny)], fill=accent, outline=primary, width=line // 2)
        for i in range(8):
            degrees = 128 + i * 15 if side < 0 else 52 - i * 15
            angle = math.radians(degrees)
            lx, ly = cx + math.cos(angle) * r * 1.3, cy + math.sin(angle) * r * 1.3
            tangent = angle - side * math.pi / 2 - side * math.radians(28)
            draw.polygon(_leaf(lx, ly, tangent, 36 * scale, 12 * scale), fill=accent)
    draw.polygon(_star(cx, cy, r, r * 0.86, 24), fill=accent)
    disc = r * 0.72
    draw.ellipse((cx - disc, cy - disc, cx + disc, cy + disc), fill="#ffffff", outline=primary, width=4 * line // 2)
    mark = _logo_mark(logo, int(disc * 1.25)) if logo else None
    if mark is None:
        draw.polygon(_star(cx, cy, disc * 0.72, disc * 0.29, 5), fill=CARD_STAR)
    else:
        card.paste(mark, (cx - mark.width // 2, cy - mark.height // 2), mark)
    return card.resize(SHARE_SIZE, Image.Resampling.LANCZOS)


def _star(cx: float, cy: float, outer: float, inner: float, points: int) -> list[tuple[float, float]]:
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / points
        corners.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return corners


def _leaf(cx: float, cy: float, angle: float, length: float, width: float) -> list[tuple[float, float]]:
    cos, sin = math.cos(angle), math.sin(angle)
    outline = []
    for i in range(24):
        t = 2 * math.pi * i / 24
        x, y = length * math.cos(t), width * math.sin(t)
        outline.append((cx + x * cos - y * sin, cy + x * sin + y * cos))
    return outline


def _logo_mark(data: bytes, size: int) -> Image.Image | None:
    """The PNG logo fitted into a size×size square (RGBA), or None if it cannot be read."""
    try:
        with Image.open(io.BytesIO(data), formats=("PNG",)) as image:
            if image.width * image.height > 25_000_000:
                return None
            logo = image.convert("RGBA")
    except Exception:  # noqa: BLE001 - a broken logo file was refused by the config; be safe anyway
        return None
    ratio = size / max(logo.size)  # small logos are drawn larger: the card is seen as a thumbnail
    return logo.resize((max(1, round(logo.width * ratio)), max(1, round(logo.height * ratio))),
                       Image.Resampling.LANCZOS)
