"""The image step with generated photos: upright, private (no metadata survives), never upscaled, and
bad files refused with a message instead of a traceback."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageDraw

from bangvang.config import ImageSettings
from bangvang.imaging import ImageRefused, process, widths_for
from tests.conftest import article, photo, run_build

SETTINGS = ImageSettings()
QUADRANTS = {"top-left": (220, 30, 30), "top-right": (30, 200, 30), "bottom-left": (30, 30, 220),
             "bottom-right": (240, 240, 40)}
# The marker texts hidden in the camera's metadata: none may appear in any published byte.
SECRET = "NGUOI-CHUP-BI-MAT"
GPS_TEXT = "21.0285"


def upright_picture(width: int = 400, height: int = 200) -> Image.Image:
    """Four coloured quadrants: which one ends up where tells how the picture was turned."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    w, h = width // 2, height // 2
    draw.rectangle((0, 0, w - 1, h - 1), fill=QUADRANTS["top-left"])
    draw.rectangle((w, 0, width, h - 1), fill=QUADRANTS["top-right"])
    draw.rectangle((0, h, w - 1, height), fill=QUADRANTS["bottom-left"])
    draw.rectangle((w, h, width, height), fill=QUADRANTS["bottom-right"])
    return image


# How a camera stores an upright picture for each EXIF orientation: the inverse of what a viewer applies.
STORED = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
          4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
          7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}


def camera_jpeg(orientation: int = 1, width: int = 400, height: int = 200, gps: bool = True) -> bytes:
    """A JPEG as a phone writes it: EXIF with orientation, maker, GPS position, plus XMP and a comment."""
    picture = upright_picture(width, height)
    stored = picture.transpose(STORED[orientation]) if STORED[orientation] is not None else picture
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = SECRET  # Artist
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.6), 3: "E", 4: (105.0, 51.0, 14.0)}
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=95, exif=exif.tobytes(), comment=SECRET.encode(), xmp=xmp_packet())
    return out.getvalue()


def xmp_packet() -> bytes:
    return (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="{GPS_TEXT}N" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{SECRET}"/></rdf:RDF></x:xmpmeta>').encode()


def quadrant_at(image: Image.Image, x: float, y: float) -> str:
    pixel = image.convert("RGB").getpixel((int(image.width * x), int(image.height * y)))
    return min(QUADRANTS, key=lambda name: sum((a - b) ** 2 for a, b in zip(QUADRANTS[name], pixel)))


def assert_upright(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.width == 2 * image.height, image.size
    for name, (x, y) in {"top-left": (0.25, 0.25), "top-right": (0.75, 0.25), "bottom-left": (0.25, 0.75),
                         "bottom-right": (0.75, 0.75)}.items():
        assert quadrant_at(image, x, y) == name


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation):
    info, files = process(camera_jpeg(orientation), ".jpg", SETTINGS)
    assert (info.width, info.height) == (400, 200)
    for name, data in files.items():
        if name != "chia-se.jpg":  # the sharing crop has its own shape
            assert_upright(data)


def assert_no_metadata(data: bytes, label: str) -> None:
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), label
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop"):
        assert key not in image.info, (label, key)
    for marker in (SECRET.encode(), GPS_TEXT.encode(), b"Exif\x00", b"PhoneMaker", b"xmpmeta", b"GPS"):
        assert marker not in data, (label, marker)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_gps_and_every_other_metadata_is_stripped(fmt):
    source = camera_jpeg(6)
    if fmt != "JPEG":  # the same picture and metadata in another container
        image = Image.open(io.BytesIO(source))
        exif = image.getexif()
        out = io.BytesIO()
        image.save(out, fmt, exif=exif.tobytes(), xmp=xmp_packet())
        source = out.getvalue()
    info, files = process(source, ".heic" if fmt == "HEIF" else "." + fmt.lower(), ImageSettings(originals=True))
    assert info.original is not None and "goc.jpg" in files or "goc.png" in files
    for name, data in files.items():
        assert_no_metadata(data, f"{fmt} {name}")


def test_heic_from_an_iphone_is_published_as_webp_and_jpeg():
    out = io.BytesIO()
    upright_picture(1000, 500).save(out, "HEIF", quality=90)
    assert pillow_heif.is_supported(out.getvalue())
    info, files = process(out.getvalue(), ".heic", SETTINGS)
    assert [v.name for v in info.variants] == ["480.jpg", "480.webp", "960.jpg", "960.webp", "1000.jpg", "1000.webp"]
    assert Image.open(io.BytesIO(files["960.webp"])).format == "WEBP"
    assert_upright(files["960.jpg"])


def test_every_image_type_the_image_step_reads_is_taken_from_content():
    from bangvang.discover import PUBLISHED_EXTENSIONS
    from bangvang.imaging import IMAGE_EXTENSIONS

    assert IMAGE_EXTENSIONS <= PUBLISHED_EXTENSIONS


@pytest.mark.parametrize("extension", [".heic", ".HEIF"])
def test_an_iphone_photo_next_to_the_article_is_published(scratch_site, extension):
    """As an editor does it: the .heic file beside the article, named in `image:` and in the text."""
    source = Image.open(io.BytesIO(camera_jpeg(6, 1000, 500)))
    out = io.BytesIO()
    source.save(out, "HEIF", quality=90, exif=source.getexif().tobytes(), xmp=xmp_packet())
    root = scratch_site({"content/tin-tuc/a.md": article("A", extra=f"image: anh/iphone{extension}\nimage_caption: Ảnh\n",
                                                         body=f"![Ảnh từ iPhone](anh/iphone{extension})"),
                         f"content/tin-tuc/anh/iphone{extension}": out.getvalue()})
    code, _, err = run_build(root)
    assert code == 0 and "cảnh báo" not in err, err
    published = sorted(p.name.split("-", 2)[-1] for p in (root / "output/tin-tuc/anh").iterdir())
    assert published == ["1000.jpg", "1000.webp", "480.jpg", "480.webp", "960.jpg", "960.webp", "chia-se.jpg"]
    for path in (root / "output/tin-tuc/anh").iterdir():
        assert_no_metadata(path.read_bytes(), path.name)
    page = (root / "output/tin-tuc/a/index.html").read_text("utf-8")
    assert 'alt="Ảnh từ iPhone"' in page and page.count("/tin-tuc/anh/iphone-") > 6


@pytest.mark.parametrize("size", [(300, 200), (700, 400), (1600, 900), (3000, 2000)])
def test_no_output_is_wider_than_its_source(size):
    width, height = size
    info, files = process(camera_jpeg(1, width, height), ".jpg", SETTINGS)
    for name, data in files.items():
        published = Image.open(io.BytesIO(data))
        assert published.width <= width and published.height <= height, (name, published.size)
    assert max(v.width for v in info.variants) == min(width, 1600)
    assert widths_for(width, SETTINGS.widths) == tuple(sorted({min(w, width) for w in (480, 960, 1600)}))
    share = Image.open(io.BytesIO(files["chia-se.jpg"]))
    assert share.size == (1200, 630) if width >= 1200 and height >= 630 else share.width <= 1200
    assert abs(share.width / share.height - 1200 / 630) < 0.02


def test_large_jpeg_is_decoded_at_a_reduced_scale():
    """Image.draft: a 4000-pixel photo is decoded at 1/2 scale, enough for 1600 and the 1200×630 crop."""
    info, files = process(camera_jpeg(1, 4000, 2000, gps=False), ".jpg", SETTINGS)
    assert (info.width, info.height) == (2000, 1000)  # the decoded size: what the widths are taken from
    assert max(v.width for v in info.variants) == 1600


def test_cmyk_transparency_and_animation_are_handled_with_notes():
    cmyk = io.BytesIO()
    Image.new("CMYK", (100, 60), (0, 255, 255, 0)).save(cmyk, "JPEG")  # process red
    info, files = process(cmyk.getvalue(), ".jpg", SETTINGS)
    assert info.notes == ("cmyk",)
    r, g, b = Image.open(io.BytesIO(files["100.jpg"])).convert("RGB").getpixel((50, 30))
    assert r > 200 and g < 60 and b < 60

    clear = Image.new("RGBA", (100, 60), (0, 0, 0, 0))
    ImageDraw.Draw(clear).ellipse((20, 10, 80, 50), fill=(200, 0, 0, 255))
    png = io.BytesIO()
    clear.save(png, "PNG")
    info, files = process(png.getvalue(), ".png", SETTINGS)
    assert info.notes == ("alpha",)
    assert Image.open(io.BytesIO(files["100.webp"])).mode == "RGBA"
    assert Image.open(io.BytesIO(files["100.jpg"])).convert("RGB").getpixel((2, 2)) == (255, 255, 255)

    frames = [Image.new("RGB", (50, 40), c) for c in ((250, 0, 0), (0, 0, 250))]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    info, files = process(gif.getvalue(), ".gif", SETTINGS)
    assert info.notes == ("animated",)
    assert Image.open(io.BytesIO(files["50.jpg"])).convert("RGB").getpixel((25, 20))[0] > 200  # the first frame


def test_an_extension_that_lies_is_noted_and_the_real_type_used():
    info, _ = process(photo(fmt="PNG"), ".jpg", SETTINGS)
    assert info.notes == ("mismatch:PNG",)


def png_header(width: int, height: int, idat: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def bomb() -> bytes:
    """A PNG of 60,000 × 60,000 pixels (10 GB decoded) in a few kilobytes of zeros."""
    return png_header(60_000, 60_000, zlib.compress(b"\0" * 2_000_000, 9))


def hundred_megapixels() -> bytes:
    """What a 100-megapixel camera's file declares (only its header is ever read)."""
    return png_header(12_000, 8_400, bytes(range(256)) * 400)


@pytest.mark.parametrize("data, extension, code", [
    (bomb(), ".png", "image-bomb"),
    (hundred_megapixels(), ".png", "image-too-large"),
    (camera_jpeg(1)[:3000], ".jpg", "image-corrupt"),
    (b"<html><script>alert(1)</script></html>", ".jpg", "not-image"),
    (b"\xff\xd8\xff\xe0 not really a jpeg", ".jpg", "not-image"),
    (b"", ".png", "not-image"),
])
def test_bad_files_are_refused_with_a_reason(data, extension, code):
    with pytest.raises(ImageRefused) as refused:
        process(data, extension, SETTINGS)
    assert refused.value.code == code
    assert refused.value.message and refused.value.hint


def test_a_built_site_publishes_no_camera_metadata_and_no_original(scratch_site):
    root = scratch_site({
        "content/tin-tuc/2021/a.md": article("A", extra="image: anh/chup.jpg\nimage_caption: Hội nghị\n",
                                             body="![Ảnh thứ hai](anh/thu-hai.jpg)"),
        "content/tin-tuc/2021/anh/chup.jpg": camera_jpeg(6, 2000, 1000),
        "content/tin-tuc/2021/anh/thu-hai.jpg": camera_jpeg(3, 800, 400),
        "content/tin-tuc/2021/anh/khong-dung.jpg": camera_jpeg(1),  # no page uses it: not published
    })
    code, _, err = run_build(root)
    assert code == 0, err
    output = root / "output"
    published = sorted(p for p in output.rglob("*") if p.suffix in (".jpg", ".webp") and p.parent.name != "theme")
    assert {p.parent.name for p in published} == {"anh"} and len(published) == 2 * 3 + 1 + 2 * 2 + 1
    assert not any(p.name in ("chup.jpg", "thu-hai.jpg", "khong-dung.jpg") for p in published)
    assert not list(output.rglob("khong-dung*"))
    for path in output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and b"PhoneMaker" not in data, path
            if path.suffix in (".jpg", ".webp"):
                assert_no_metadata(data, str(path))
                assert_upright(data) if "chia-se" not in path.name else None
    page = next(output.glob("tin-tuc/a/index.html")).read_text("utf-8")
    assert 'src="/tin-tuc/2021/anh/chup-' in page and 'src="/tin-tuc/2021/anh/thu-hai-' in page


def test_a_photo_is_processed_once_across_clean_builds(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A", extra="image: chup.jpg\n"),
                         "content/tin-tuc/chup.jpg": camera_jpeg(1)})
    assert run_build(root)[0] == 0
    stored = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (root / ".bangvang-cache/images").rglob("*.*")}
    assert len(stored) == 4  # the photo's info and files, and the site's sharing card's
    for path in (root / ".bangvang-cache").glob("build-*"):  # the build cache gone, the photo store kept
        path.unlink()
    import shutil

    shutil.rmtree(root / "output")
    assert run_build(root)[0] == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in stored} == stored
    assert list((root / "output/tin-tuc").glob("chup-*-400.webp"))


def test_settings_are_read_from_site_yaml(scratch_site):
    root = scratch_site({"site.yaml": "title: T\nimages:\n  widths: [320, 640]\n  avif: true\n  originals: yes\n",
                         "content/tin-tuc/a.md": article("A", extra="image: chup.jpg\n"),
                         "content/tin-tuc/chup.jpg": camera_jpeg(1, 800, 400)})
    assert run_build(root)[0] == 0
    names = sorted(p.name.split("-", 2)[-1] for p in (root / "output/tin-tuc").glob("chup-*"))
    assert names == ["320.avif", "320.jpg", "320.webp", "640.avif", "640.jpg", "640.webp", "chia-se.jpg", "goc.jpg"]
    for path in (root / "output/tin-tuc").glob("chup-*"):  # the published original too: pixels only
        assert_no_metadata(path.read_bytes(), path.name)
    goc = next((root / "output/tin-tuc").glob("chup-*-goc.jpg"))
    assert Image.open(goc).size == (800, 400)
    page = (root / "output/tin-tuc/a/index.html").read_text("utf-8")
    assert page.index('<source type="image/avif"') < page.index('<source type="image/webp"')


def test_bad_settings_are_reported(scratch_site):
    root = scratch_site({"site.yaml": "title: T\nimages:\n  widths: [0]\n  quality: 101\n  avf: true\n"})
    code, _, err = run_build(root)
    assert code == 1
    assert "images.widths[1]" in err and "images.quality" in err and "images.avf" in err and "avif" in err


def test_missing_alt_is_a_build_warning_and_check_reports_heavy_photos(scratch_site):
    from tests.test_cli import cli

    root = scratch_site({"site.yaml": "title: T\nimages:\n  check_max_kb: 10\n",
                         "content/tin-tuc/a.md": article("A", extra="image: nang.jpg\n", body="Mở đầu.\n\n![](nhe.png)"),
                         "content/tin-tuc/nang.jpg": camera_jpeg(1, 1600, 800),
                         "content/tin-tuc/nhe.png": photo()})
    code, _, err = run_build(root)
    assert code == 0, err
    assert "content/tin-tuc/a.md:9: cảnh báo: Ảnh không có chú thích thay thế (alt)" in err
    code, out, _ = cli(root, "check")
    assert code == 0, out
    heavy = [line for line in out.splitlines() if "images.check_max_kb" in line]
    assert len(heavy) == 1 and heavy[0].startswith("content/tin-tuc/a.md:5: cảnh báo: image: Ảnh “nang.jpg” nặng ")
    assert "content/tin-tuc/a.md:9: cảnh báo: Ảnh không có chú thích thay thế (alt)" in out


def test_pages_show_responsive_pictures_sized_and_lazy_but_the_lead(example_output):
    """Every <img> has width and height (no layout shift); only a page's lead photo is fetched eagerly."""
    import re

    for path in example_output.rglob("*.html"):
        text = path.read_text("utf-8")
        for tag in re.findall(r"<img [^>]*>", text):
            assert ' width="' in tag and ' height="' in tag, (path, tag)
            if "srcset=" in tag:  # a photo (the site's logo is not one)
                assert ('fetchpriority="high"' in tag) != ('loading="lazy"' in tag), (path, tag)
        assert text.count('fetchpriority="high"') <= 1, path
    page = next(example_output.glob("tin-tuc/kiem-dinh-ham-rong*/index.html")).read_text("utf-8")
    lead = re.search(r'<figure class="lead-image">\s*<picture>(.*?)</picture>', page, re.S).group(1)
    assert 'type="image/webp"' in lead and 'fetchpriority="high"' in lead and "loading=" not in lead
    assert re.search(r'srcset="[^"]*-480\.webp 480w, [^"]*-960\.webp 960w, [^"]*-1600\.webp 1600w"', lead)
    assert 'alt="Hội nghị tổng kết phong trào thi đua năm 2021 (ảnh minh họa)."' in lead
    assert re.search(r'style="background-color:#[0-9a-f]{6}"', lead)
    share = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert share.endswith("-chia-se.jpg") and "/tin-tuc/2021/anh/hoi-nghi-tong-ket-" in share
    assert Image.open(example_output / share.split("/", 3)[3]).size == (1200, 630)
    body = next(example_output.glob("tin-tuc/nu-cong-nhan-linh-kien-hong-son*/index.html")).read_text("utf-8")
    assert re.search(r'<picture><source type="image/webp"[^>]*><img [^>]*alt="Một nữ công nhân nhận giấy khen '
                     r'tại xưởng \(ảnh minh họa\)" loading="lazy" decoding="async"', body)
    # cards: the photo's thumbnail, or the honour motif for an article without one
    unit = (example_output / "don-vi/cdvc-thanh-hoa/index.html").read_text("utf-8")
    assert '<div class="card-thumb" aria-hidden="true"><picture>' in unit and 'class="card-motif"' in unit


def og_tags(page: str) -> dict[str, str]:
    import html
    import re

    return {m[0]: html.unescape(m[1]) for m in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page)}


def test_every_page_is_shared_with_a_1200x630_image_its_size_and_alt(example_output):
    """A page with a photo is shared with its crop; every other page (home, lists, an article without a
    photo) with the site's card: never a page without og:image, never a link to a missing file."""
    origin = "https://bangvang.example.org/"
    shared: dict[str, set[str]] = {}
    for path in sorted(example_output.rglob("*.html")):
        tags = og_tags(path.read_text("utf-8"))
        image = tags["og:image"]
        assert image.startswith(origin) and tags["twitter:image"] == image, path
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630"), path
        assert tags["og:image:alt"] and tags["twitter:image:alt"] == tags["og:image:alt"], path
        assert tags["twitter:card"] == "summary_large_image", path
        shared.setdefault(image, set()).add(path.relative_to(example_output).as_posix())
    for image in shared:
        with Image.open(example_output / image.removeprefix(origin)) as file:
            assert (file.format, file.size) == ("JPEG", (1200, 630)), image
    cards = [image for image in shared if "/theme/chia-se-" in image]
    assert len(cards) == 1, cards
    assert {"index.html", "404.html", "bang-vang/index.html"} <= shared[cards[0]]
    photoless = next(example_output.glob("tin-tuc/kiem-dinh-ham-rong-dua-phong*/index.html"))
    assert photoless.relative_to(example_output).as_posix() in shared[cards[0]]
    with_photo = next(example_output.glob("tin-tuc/kiem-dinh-ham-rong-ba-nam*/index.html"))
    tags = og_tags(with_photo.read_text("utf-8"))
    assert tags["og:image"].endswith("-chia-se.jpg") and "/anh/" in tags["og:image"]
    assert tags["og:image:alt"] == "Hội nghị tổng kết phong trào thi đua năm 2021 (ảnh minh họa)."
    card_tags = og_tags((example_output / "index.html").read_text("utf-8"))
    assert card_tags["og:image:alt"] == "Biểu trưng vinh danh của Bảng Vàng Công đoàn"


def near(pixel, colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def card_of(root: Path) -> tuple[Path, Image.Image]:
    [path] = (root / "output/theme").glob("chia-se-*.jpg")
    with Image.open(path) as image:
        return path, image.convert("RGB")


def test_the_sharing_card_is_drawn_once_in_the_site_colours_with_its_png_logo(scratch_site):
    import shutil

    logo = photo(60, 60, colour=(20, 140, 60))  # green, with a light band across the middle
    root = scratch_site({"site.yaml": "title: T\nbase_url: https://example.org/\nbranding:\n  logo: logo.png\n"
                                      "  colors: {primary: '#0d4a8f', accent: '#f2c94c'}\n",
                         "logo.png": logo, "content/tin-tuc/a.md": article("A")})
    code, _, err = run_build(root)
    assert code == 0, err
    path, card = card_of(root)
    assert card.size == (1200, 630)
    assert near(card.getpixel((10, 10)), (0x0d, 0x4a, 0x8f)) and near(card.getpixel((38, 315)), (0xf2, 0xc9, 0x4c))
    assert near(card.getpixel((600, 155)), (0xf2, 0xc9, 0x4c))
    assert near(card.getpixel((600, 240)), (20, 140, 60)) and near(card.getpixel((600, 287)), (240, 220, 120))
    page = (root / "output/tin-tuc/a/index.html").read_text("utf-8")
    assert og_tags(page)["og:image"] == f"https://example.org/theme/{path.name}"
    # drawn once: a clean build (output and build cache gone, the image store kept) finds it in the store
    stored = {p: p.stat().st_mtime_ns for p in (root / ".bangvang-cache/images").rglob("*.*")}
    assert len(stored) == 2
    shutil.rmtree(root / "output")
    for build_cache in (root / ".bangvang-cache").glob("build-*"):
        build_cache.unlink()
    assert run_build(root)[0] == 0
    assert {p: p.stat().st_mtime_ns for p in stored} == stored
    assert card_of(root)[0].read_bytes() == path.read_bytes()
    # other colours, no logo: a new card under a new name, the medal's red star in the middle
    (root / "site.yaml").write_text("title: T\nbase_url: https://example.org/\nbranding:\n  colors: {primary: '#6b1d5c'}\n",
                                    encoding="utf-8")
    assert run_build(root)[0] == 0
    other, card = card_of(root)
    assert other.name != path.name and not path.exists()
    assert near(card.getpixel((10, 10)), (0x6b, 0x1d, 0x5c)) and near(card.getpixel((600, 287)), (0xc8, 0x10, 0x2e))


def test_a_stand_alone_page_photo_is_processed_like_an_articles(scratch_site):
    root = scratch_site({"content/tin-tuc/a.md": article("A"),
                         "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n![Trụ sở công đoàn](tru-so.jpg)\n",
                         "content/trang/tru-so.jpg": camera_jpeg(8, 1200, 600)})
    code, _, err = run_build(root)
    assert code == 0, err
    files = sorted((root / "output/trang").glob("tru-so-*"))
    assert [p.name.split("-", 3)[-1] for p in files] == ["1200.jpg", "1200.webp", "480.jpg", "480.webp", "960.jpg",
                                                         "960.webp", "chia-se.jpg"]
    assert not (root / "output/trang/tru-so.jpg").exists()
    for path in files:
        assert_no_metadata(path.read_bytes(), path.name)
        if "chia-se" not in path.name:
            assert_upright(path.read_bytes())
    page = (root / "output/gioi-thieu/index.html").read_text("utf-8")
    assert 'alt="Trụ sở công đoàn" loading="lazy"' in page and "/trang/tru-so-" in page


def test_the_sharing_crop_of_an_upright_photo_keeps_its_upper_part():
    """People photographed upright have their faces in the upper third: a middle band would cut them off."""
    picture = Image.new("RGB", (900, 1200), (200, 200, 200))
    ImageDraw.Draw(picture).rectangle((0, 300, 900, 420), fill=(220, 30, 30))  # the faces, 25–35 % down
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95)
    _, files = process(out.getvalue(), ".jpg", SETTINGS)
    share = Image.open(io.BytesIO(files["chia-se.jpg"])).convert("RGB")
    assert abs(share.width / share.height - 1200 / 630) < 0.02
    column = [share.getpixel((share.width // 2, y)) for y in range(share.height)]
    assert sum(1 for r, g, b in column if r > 180 and g < 80) > share.height * 0.15, "the faces are in the crop"
    # a wide photo loses only its sides, evenly
    wide = Image.new("RGB", (2000, 600), (30, 30, 220))
    ImageDraw.Draw(wide).rectangle((0, 0, 429, 600), fill=(220, 30, 30))
    ImageDraw.Draw(wide).rectangle((1571, 0, 2000, 600), fill=(30, 200, 30))
    out = io.BytesIO()
    wide.save(out, "JPEG", quality=95)
    share = Image.open(io.BytesIO(process(out.getvalue(), ".jpg", SETTINGS)[1]["chia-se.jpg"])).convert("RGB")
    assert share.getpixel((5, share.height // 2))[2] > 180 and share.getpixel((share.width - 5, share.height // 2))[2] > 180


def test_missing_alt_warnings_follow_each_save_in_the_dev_server(scratch_site):
    """The dev server keeps each body's missing-alt verdict between builds (photos.missing_alt's memo):
    an unrelated save keeps the warning, adding the alt text takes it away, removing it brings it back."""
    from bangvang import pipeline
    from bangvang.cache import BuildCache
    from bangvang.config import load_config

    root = scratch_site({"content/tin-tuc/a.md": article("A", body="Mở đầu.\n\n![](nhe.png)"),
                         "content/tin-tuc/b.md": article("B", date="2021-06-07"),
                         "content/tin-tuc/nhe.png": photo()})
    cache = BuildCache()
    config = load_config(root / "site.yaml", output_dir=root / "serve", cache_dir=root / ".cache")

    def alt_warnings():
        report = pipeline.build_site(config, cache=cache, in_place=True, search=False)
        return [p.path for p in report.warnings if p.code == "alt"]

    a, b = root / "content/tin-tuc/a.md", root / "content/tin-tuc/b.md"
    assert alt_warnings() == ["content/tin-tuc/a.md"]
    b.write_text(b.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    assert alt_warnings() == ["content/tin-tuc/a.md"]
    a.write_text(a.read_text("utf-8").replace("![](nhe.png)", "![Ảnh nhẹ](nhe.png)"), "utf-8")
    assert alt_warnings() == []
    a.write_text(a.read_text("utf-8").replace("![Ảnh nhẹ](nhe.png)", "![](nhe.png)"), "utf-8")
    assert alt_warnings() == ["content/tin-tuc/a.md"]
    assert set(cache.alt) == {"tin-tuc/a.md"}
