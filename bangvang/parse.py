"""Articles and pages: bytes → located YAML + rendered body (stage A, cacheable), then typed and
resolved against the registries (stage B, cheap). Pure: no file I/O here."""

from __future__ import annotations

import difflib
import hashlib
import posixpath
import re
from urllib.parse import unquote
from dataclasses import dataclass, replace

from . import yamlstrict
from .config import Limits, SiteConfig
from .errors import ERROR, WARNING, Problem
from .markup import (MarkdownRenderer, Rendered, line_of, local_files, pack, unpack, unsafe_found,
                     unsafe_line)
from .model import (COLLECTIVE, COUNT_KINDS, GRANTED, INDIVIDUAL, KIND_LABELS, KINDS, PRIZES, STATUSES,
                    UNIT_AWARDEE, UNSPLIT, Article, Honour, Reference, StandalonePage, compact, prize_rank,
                    shared_period)
from .registry import Registry, suggestion_text
from .schema import FieldReader, comma_parts
from .source import decode_text, markup_hazard, split_front_matter
from .vnformat import format_number
from .text import ref_key, slugify
from .yamlstrict import YMap, YNode, YScalar, YSeq

ARTICLE_KEYS = ("title", "date", "unit", "campaign", "summary", "author", "image", "image_caption",
                "image_credit", "tags", "slug", "draft", "awardees", "extra")
PAGE_KEYS = ("title", "slug", "summary", "draft", "extra")
AWARDEE_KEYS = ("name", "kind", "award", "awarded_by", "year", "unit", "campaign", "position",
                "achievement", "id", "count", "status", "presented_by", "decision", "decision_date", "period",
                "prize", "edition", "category", "organisation", "honorific", "posthumous", "includes_named")
# Free texts of an honour, read as written.
HONOUR_TEXTS = ("presented_by", "decision", "prize", "edition", "category", "organisation", "honorific")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Long enough that two different news headlines rarely cut to the same slug; a path component
# stays far below 255 bytes.
TITLE_SLUG_MAX = 150
RESERVED_SLUGS = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


@dataclass(frozen=True, slots=True)
class ParsedDoc:
    """Stage A: everything that depends only on the file's own bytes."""

    rel: str
    display: str
    digest: str
    front_z: bytes | None  # the YAML, compressed; parsed again in stage B: far cheaper to keep than its tree
    front_line: int
    body_line: int
    rendered: Rendered | None
    problems: tuple[Problem, ...]


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def unreadable(rel: str, display: str, error: OSError) -> ParsedDoc:
    """The document of a file that could not be read (permissions, vanished during the build)."""
    return ParsedDoc(rel, display, "", None, 0, 1, None, (Problem(
        display, None, f"Không đọc được tệp ({error.strerror or error}).",
        hint="Kiểm tra quyền đọc tệp, hoặc tệp đã bị xoá, đổi tên trong lúc dựng.", code="io"),))


def read_document(rel: str, display: str, data: bytes, limits: Limits, renderer: MarkdownRenderer) -> ParsedDoc:
    """Decode, split, parse YAML and render Markdown; every problem is kept, nothing raises."""
    digest = digest_bytes(data)
    if len(data) > limits.max_file_bytes:
        return ParsedDoc(rel, display, digest, None, 0, 1, None, (Problem(
            display, None,
            f"Tệp quá lớn ({format_number(len(data))} byte); giới hạn cỡ một tệp là "
            f"{format_number(limits.max_file_bytes)} byte.",
            hint="Chia bài thành nhiều bài. Người quản trị trang có thể nâng giới hạn cỡ tệp trong site.yaml "
                 "(mục limits, dòng max_file_bytes).", code="limit"),))
    if not data.strip():
        return ParsedDoc(rel, display, digest, None, 0, 1, None, (Problem(
            display, None, "Tệp rỗng.", hint="Viết phần đầu bài và nội dung, hoặc xoá tệp.", code="empty"),))
    text, problems = decode_text(data, display)
    if text is None:
        return ParsedDoc(rel, display, digest, None, 0, 1, None, tuple(problems))
    split, problems = split_front_matter(text, display)
    if split is None:
        return ParsedDoc(rel, display, digest, None, 0, 1, None, tuple(problems))
    front_z: bytes | None = None
    if split.front_line == 0:
        problems.append(Problem(display, 1, "Thiếu phần đầu bài (front matter).",
                                hint="Bắt đầu tệp bằng một dòng “---”, các trường title, date, unit, rồi “---”.",
                                code="front-matter"))
    elif len(split.front.encode()) > limits.max_front_matter_bytes:
        problems.append(Problem(display, 1, "Phần đầu bài quá lớn; giới hạn cỡ phần đầu bài là "
                                f"{format_number(limits.max_front_matter_bytes)} byte.", code="limit",
                                hint="Chia danh sách người được khen sang nhiều bài. Người quản trị trang có thể "
                                     "nâng giới hạn này trong site.yaml (mục limits, dòng max_front_matter_bytes)."))
    else:
        front_z = pack(split.front)
    hazard = markup_hazard(split.body, split.body_line, display, limits.max_markup_per_block, limits.max_nesting)
    if hazard is not None:
        return ParsedDoc(rel, display, digest, front_z, split.front_line, split.body_line, None,
                         tuple(problems) + (hazard,))
    rendered = renderer.render(split.body, rel)
    located = tuple(replace(r, line=line_of(split.body, r.written, split.body_line)) for r in rendered.references)
    rendered = replace(rendered, references=located)
    if rendered.unsafe_removed:
        problems.append(Problem(display, unsafe_line(split.body, split.body_line, rendered.neutralised),
                                "Đã loại bỏ mã không an toàn: "
                                + ", ".join(f"“{t}”" for t in unsafe_found(split.body, rendered.neutralised)) + ".",
                                hint="Chỉ dùng Markdown; nhúng video hay bản đồ cần được quản trị theme thêm vào.",
                                severity=WARNING, code="unsafe-html"))
    if rendered.removed:
        problems.append(Problem(display, _first_html_line(split.body, split.body_line),
                                "Đã bỏ định dạng trang không dùng được: " + ", ".join(rendered.removed) + ".",
                                hint="Chữ vẫn giữ nguyên; định dạng do giao diện trang lo. Viết bằng Markdown "
                                     "(**đậm**, *nghiêng*, danh sách, bảng) thay cho HTML dán từ Word.",
                                severity=WARNING, code="removed-html"))
    problems.extend(_local_file_problems(split.body, split.body_line, display, rel))
    return ParsedDoc(rel, display, digest, front_z, split.front_line, split.body_line, rendered, tuple(problems))


def _first_html_line(body: str, first_line: int) -> int:
    index = body.find("<") if "<" in body else body.find("{:")
    return first_line + body.count("\n", 0, max(index, 0))


def _local_file_problems(body: str, first_line: int, display: str, rel: str) -> list[Problem]:
    """Pictures and links to the editor's own disk: published, they would be broken for every reader."""
    folder = posixpath.dirname(display)
    problems = []
    for found in local_files(body):
        noun, example = ("Ảnh", f"![mô tả ảnh]({found.name})") if found.is_image else \
            ("Liên kết tới tệp", f"[{found.name}]({found.name})")
        problems.append(Problem(
            display, first_line + body.count("\n", 0, found.offset),
            f"{noun} “{found.name}” nằm trên máy tính của bạn ({shorten_middle(found.written)}); "
            "người đọc không mở được.",
            hint=f"Chép tệp {found.name} vào thư mục {folder}/ cạnh bài viết rồi viết {example}.",
            code="local-file"))
    return problems


def shorten_middle(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit // 2 - 1] + "…" + text[-(limit // 2 - 1):]


def parse_front(doc: ParsedDoc) -> tuple[YMap | None, list[Problem], frozenset[str]]:
    """The front matter as a located YAML tree (stage B parses it again rather than caching the tree).
    After a syntax error the tree is what the rest of the lines say (for their own problems), and the
    third value names the fields on the broken lines (not to be reported missing as well)."""
    if doc.front_z is None:
        return None, [], frozenset()
    tree, problems, set_aside = yamlstrict.load_recovering(unpack(doc.front_z), doc.display,
                                                           line_offset=doc.front_line - 1)
    if tree is not None and not isinstance(tree, YMap):
        if any(p.is_error for p in problems):
            return None, problems, set_aside
        return None, problems + [Problem(doc.display, tree.line, "Phần đầu bài phải là các dòng “tên: giá trị”.",
                                         code="shape")], set_aside
    return tree, problems, set_aside


def _not_set_aside(problems: list[Problem], set_aside: frozenset[str]) -> list[Problem]:
    """A field on a line that could not be read is reported there, not again as missing."""
    return [p for p in problems if not (p.code == "missing" and (p.field or "").rsplit(".", 1)[-1] in set_aside)]


class _ArticleBuilder:
    """Stage B for one article: typed fields and resolved references."""

    def __init__(self, doc: ParsedDoc, front: YMap, registry: Registry, config: SiteConfig):
        self.doc = doc
        self.front = front
        self.registry = registry
        self.config = config
        self.reader = FieldReader(doc.display)

    def build(self) -> Article | None:
        front, reader = self.front, self.reader
        assert front is not None
        reader.check_keys(front, ARTICLE_KEYS)
        title = read_title(reader, front, "bài", "Thêm title: \"Tiêu đề bài viết\".")
        when = reader.when(reader.require(front, "date", "date", "Thêm date: 2022-01-15 08:30."), "date",
                           self.config.tz)
        units = self._refs(front.get("unit"), "unit", required=True)
        campaigns = self._refs(front.get("campaign"), "campaign")
        draft = reader.flag(front.get("draft"), "draft")
        image = self._asset(front.get("image"), "image")
        tags = tuple(dict.fromkeys(t for t, _ in reader.text_list(front.get("tags"), "tags", commas=True)))
        slug = resolve_slug(reader, front, title, self.doc.rel)
        if YEAR_SLUG.fullmatch(slug):
            reader.error(front.get("slug") or front.get("title") or front, "slug",
                         f"Đường dẫn bài “{slug}” trùng với trang lưu trữ các bài của năm {slug}.",
                         f"Thêm slug: tin-bai-{slug} (hoặc một đường dẫn khác có chữ).", code="slug")
            slug = ""
        year = when.year if when else 0
        honours = self._honours(front.get("awardees"), units, campaigns, year)
        extra = read_extra(reader, front)
        rendered = self.doc.rendered
        if not (title and when and units and slug) or rendered is None:
            return None
        summary = reader.text(front.get("summary"), "summary") or rendered.summary
        references = rendered.references
        if image:
            written = front.get("image")
            references += (Reference(written.text, image, "", True, written.line),)  # type: ignore[union-attr]
        return Article(
            self.doc.rel, slug, title, when, tuple(units), tuple(campaigns), summary,
            reader.text(front.get("author"), "author") or "", image,
            reader.text(front.get("image_caption"), "image_caption") or "",
            reader.text(front.get("image_credit"), "image_credit") or "",
            tags, draft, rendered.html_z, honours, extra, self.doc.digest, references)

    def _refs(self, node: YNode | None, field: str, required: bool = False) -> list[str]:
        values = self.reader.text_list(node, field)
        if len(values) == 1 and isinstance(node, YScalar) and node.plain and "," in node.text \
                and self._lookup(field).resolve(node.text) is None:
            # `unit: a, b` without brackets; names with a comma of their own stay whole
            values = [(text, node) for text in known_runs(comma_parts(node.text), self._lookup(field).resolve)]
        if required and not values:
            self.reader.error(node if node is not None else self.front, field,
                              f"Thiếu trường bắt buộc “{field}”.",
                              "Ghi mã hoặc tên đơn vị trong content/units.yaml, ví dụ unit: ldld-ha-noi.",
                              code="missing")
        out: list[str] = []
        for i, (text, item) in enumerate(values):
            label = field if len(values) == 1 and isinstance(node, YScalar) else f"{field}[{i + 1}]"
            resolved = self.resolve(field, text, item, label)
            if resolved and resolved not in out:
                out.append(resolved)
        return out

    def _lookup(self, what: str):
        return {"unit": self.registry.unit_lookup, "campaign": self.registry.campaign_lookup,
                "award": self.registry.award_lookup}[what]

    def resolve(self, what: str, text: str, node: YNode, label: str) -> str | None:
        lookup, noun, file = {
            "unit": (self.registry.unit_lookup, "đơn vị", "units.yaml"),
            "campaign": (self.registry.campaign_lookup, "phong trào", "campaigns.yaml"),
            "award": (self.registry.award_lookup, "danh hiệu", "awards.yaml"),
        }[what]
        found = lookup.resolve(text)
        if found is None and what + "s" not in self.registry.broken:
            hint = suggestion_text(lookup.suggest(text)) or f"Thêm vào content/{file} hoặc sửa lại cho đúng."
            self.reader.error(node, label, f"Không tìm thấy {noun} “{text}” trong content/{file}.", hint,
                              code=f"unknown-{what}")
        return found

    def _asset(self, node: YNode | None, field: str) -> str:
        value = self.reader.text(node, field)
        if not value:
            return ""
        # decoded first, so %2e%2e/ is seen as ../; drive letters and \\server shares are not relative
        plain = unquote(value).replace("\\", "/")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.doc.rel), plain))
        if local_files(f"![]({value})"):  # C:\…, file:///…: the picture is on the editor's own computer
            name = unquote(value).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            folder = posixpath.dirname(self.doc.display)
            self.reader.error(node, field, f"Ảnh “{name}” nằm trên máy tính của bạn; người đọc không mở được.",
                              f"Chép tệp {name} vào thư mục {folder}/ cạnh bài viết rồi viết {field}: {name}",
                              code="local-file")
            return ""
        if plain.startswith("/") or target.startswith("..") or "://" in plain or re.match(r"^[A-Za-z]:", plain):
            self.reader.error(node, field, f"Đường dẫn ảnh “{value}” phải nằm cạnh bài viết.",
                              "Viết đường dẫn tương đối, ví dụ anh/hoi-nghi.jpg.", code="path")
            return ""
        return target

    def _honours(self, node: YNode | None, units: list[str], campaigns: list[str], year: int) -> tuple[Honour, ...]:
        if node is None or (isinstance(node, YScalar) and node.is_null):
            return ()
        if not isinstance(node, YSeq):
            self.reader.error(node, "awardees", "awardees phải là một danh sách, mỗi người bắt đầu bằng “- ”.",
                              code="shape")
            return ()
        if len(node.items) > self.config.limits.max_awardees:
            self.reader.error(node, "awardees", f"Quá nhiều người được khen ({format_number(len(node.items))}); "
                              f"giới hạn số người được khen trong một bài là "
                              f"{format_number(self.config.limits.max_awardees)}.",
                              "Chia danh sách sang nhiều bài. Người quản trị trang có thể nâng giới hạn này trong "
                              "site.yaml (mục limits, dòng max_awardees).", code="limit")
            return ()
        honours = []
        for i, item in enumerate(node.items):
            honour = self._honour(i, item, units, campaigns, year)
            if honour is not None:
                honours.append(honour)
        return self._cover_named(honours, node)

    def _cover_named(self, honours: list[Honour], node: YSeq) -> tuple[Honour, ...]:
        """Named entries already inside an `includes_named` number are marked with that line, so totals
        take the number once; more of them than the number is an error."""
        lines = [h for h in honours if h.includes_named and h.is_counted]
        if not lines:
            return tuple(honours)
        covered: dict[int, int] = {}
        for line in lines:
            counts = dict(line.counts)
            inside: dict[str, int] = {}
            for h in honours:
                if h.is_counted or h.index in covered or not _covers(line, h):
                    continue
                bucket = UNSPLIT if UNSPLIT in counts else count_kind(h.kind)
                if bucket not in counts:
                    continue
                covered[h.index] = line.index
                inside[bucket] = inside.get(bucket, 0) + 1
            for bucket, n in inside.items():
                if n > counts[bucket]:
                    entry = node.items[line.index]
                    flag = entry.get("includes_named") if isinstance(entry, YMap) else None
                    self.reader.error(flag or entry, f"awardees[{line.index + 1}].includes_named",
                                      f"Có {n} mục được nêu tên cùng danh hiệu, năm và cấp khen, nhiều hơn số "
                                      f"{format_number(counts[bucket])} {KIND_LABELS[bucket]} của dòng này.",
                                      "Sửa số lượng cho đúng bài báo, hoặc bỏ includes_named nếu con số "
                                      "không gồm những người được nêu tên.", code="includes-named")
        return tuple(replace(h, covered_by=covered[h.index]) if h.index in covered else h for h in honours)

    def _honour(self, i: int, item: YNode, units: list[str], campaigns: list[str], year: int) -> Honour | None:
        reader, field = self.reader, f"awardees[{i + 1}]"
        entry = reader.mapping(item, field)
        if entry is None:
            return None
        before = len([p for p in reader.problems if p.severity == ERROR])
        reader.check_keys(entry, AWARDEE_KEYS, prefix=f"{field}.")
        name = reader.text(entry.get("name"), f"{field}.name") or ""
        counts = self._counts(entry, field)
        if not name and not counts and entry.get("count") is None:
            reader.error(entry, field, "Thiếu “name” (tên người, tập thể) hoặc “count” (số lượng).",
                         "Ví dụ: name: \"Lê Xuân Minh\", hoặc count: {tap-the: 33, ca-nhan: 106}.", code="missing")
        if name and counts:
            reader.error(entry.get("count"), f"{field}.count", "Không dùng cùng lúc “name” và “count”.",
                         "Mỗi mục là một người/tập thể có tên, hoặc một dòng đếm số lượng.", code="shape")
        kind = self._choice(entry, "kind", field, KINDS,
                            "Viết kind: ca-nhan (cá nhân), tap-the (tập thể), ho-gia-dinh (hộ gia đình) "
                            "hoặc don-vi (đơn vị có trong units.yaml).")
        kind = kind or (COLLECTIVE if counts and not name else INDIVIDUAL)
        status = self._choice(entry, "status", field, STATUSES,
                              "Viết status: da-trao (đã trao), de-nghi (đề nghị) hoặc du-kien (dự kiến trao).") or GRANTED
        awardee_unit = ""
        if kind == UNIT_AWARDEE and name:
            awardee_unit = self.resolve("unit", name, entry.get("name"), f"{field}.name") or ""
            if awardee_unit:
                name = self.registry.units[awardee_unit].name
        award_node = reader.require(entry, "award", f"{field}.award", "Ghi danh hiệu hoặc hình thức khen thưởng "
                                    "có trong content/awards.yaml.")
        award_text = reader.text(award_node, f"{field}.award")
        award = self.resolve("award", award_text, award_node, f"{field}.award") if award_text else None
        if award and name:
            allowed = self.registry.awards[award].for_kinds
            if (COLLECTIVE if kind == UNIT_AWARDEE else kind) not in allowed:
                nouns = ", ".join(KIND_LABELS[k] for k in KINDS if k in allowed and k != UNIT_AWARDEE)
                reader.error(entry.get("kind") or entry, f"{field}.kind",
                             f"“{self.registry.awards[award].name}” chỉ dành cho {nouns}.",
                             f"Sửa kind hoặc chọn danh hiệu khác.", code="award-kind")
        if award and counts:
            allowed = self.registry.awards[award].for_kinds
            for k, _ in counts:
                if k != UNSPLIT and k not in allowed:
                    reader.error(entry.get("count"), f"{field}.count",
                                 f"“{self.registry.awards[award].name}” không dành cho {KIND_LABELS[k]} ({k}).",
                                 code="award-kind")
        unit = self._one_ref(entry, "unit", field) or awardee_unit or (units[0] if units else None)
        campaign = self._one_ref(entry, "campaign", field) or (campaigns[0] if campaigns else None)
        span = reader.period(entry.get("year"), f"{field}.year")
        achieved = reader.period(entry.get("period"), f"{field}.period")
        person_id = reader.text(entry.get("id"), f"{field}.id") or ""
        if person_id and not SLUG_PATTERN.match(person_id):
            reader.error(entry.get("id"), f"{field}.id", f"Mã “{person_id}” không hợp lệ.",
                         "Chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ le-xuan-minh.", code="id")
        issuers = self._issuers(entry, field)
        texts = {key: reader.text(entry.get(key), f"{field}.{key}") or "" for key in HONOUR_TEXTS}
        if texts["prize"] and prize_rank(texts["prize"]) > 0:
            texts["prize"] = _prize_text(texts["prize"])
        decision_date = reader.day(entry.get("decision_date"), f"{field}.decision_date")
        posthumous = reader.flag(entry.get("posthumous"), f"{field}.posthumous")
        if posthumous and (counts or kind != INDIVIDUAL):
            reader.error(entry.get("posthumous"), f"{field}.posthumous", "Chỉ cá nhân có tên mới được truy tặng.",
                         "Bỏ posthumous, hoặc sửa kind: ca-nhan.", code="posthumous")
        if texts["honorific"] and counts:
            reader.error(entry.get("honorific"), f"{field}.honorific", "Dòng số lượng không có danh xưng.",
                         "honorific chỉ dùng cho người hoặc tập thể có tên.", code="shape")
        includes_named = reader.flag(entry.get("includes_named"), f"{field}.includes_named")
        if includes_named and not counts and entry.get("count") is None:
            reader.error(entry.get("includes_named"), f"{field}.includes_named",
                         "includes_named chỉ dùng cho dòng số lượng (có “count”).",
                         "Đặt includes_named: true ở dòng count có số lượng đã tính cả những người được nêu tên.",
                         code="includes-named")
        errors_now = len([p for p in reader.problems if p.severity == ERROR])
        if errors_now > before or not award or not unit:
            return None
        (by_unit, by_text), more = issuers[0] if issuers else ("", ""), tuple(issuers[1:])
        return compact(
            Honour, self.doc.rel, i, award, kind, name, counts, shared_period(*span) if span else shared_period(year, year), unit,
            campaign, by_unit or None, by_text,
            reader.text(entry.get("position"), f"{field}.position") or "",
            reader.text(entry.get("achievement"), f"{field}.achievement") or "",
            person_id, entry.line, status, more, texts["presented_by"], texts["decision"], decision_date,
            shared_period(*achieved) if achieved else None, texts["prize"], texts["edition"], texts["category"],
            texts["organisation"], texts["honorific"], posthumous, includes_named, -1, awardee_unit)

    def _choice(self, entry: YMap, key: str, field: str, allowed: tuple[str, ...], hint: str) -> str | None:
        """One of a few fixed values; anything else is an error with a "did you mean"."""
        node = entry.get(key)
        value = self.reader.text(node, f"{field}.{key}")
        if value is None or value in allowed:
            return value
        guess = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
        self.reader.error(node, f"{field}.{key}", f"“{value}” không phải giá trị hợp lệ của {key}.",
                          (f"Có phải bạn muốn viết “{guess[0]}”? " if guess else "") + hint, code=key)
        return None

    def _issuers(self, entry: YMap, field: str) -> list[tuple[str, str]]:
        """awarded_by: one issuer or a list (joint issuers); a unit of the registry or free text."""
        node = entry.get("awarded_by")
        out: list[tuple[str, str]] = []
        for text, item in self.reader.text_list(node, f"{field}.awarded_by"):
            unit = self.registry.unit_lookup.resolve(text)
            if not unit and SLUG_PATTERN.match(text) and "-" in text and "units" not in self.registry.broken:
                # free text is allowed, but nobody writes an issuer's name as a slug: a mistyped unit id
                self.reader.warn(item, f"{field}.awarded_by", f"“{text}” giống mã đơn vị nhưng không có trong "
                                 "content/units.yaml: trang sẽ in nguyên chữ này làm cấp khen.",
                                 suggestion_text(self.registry.unit_lookup.suggest(text))
                                 or "Sửa cho đúng mã trong content/units.yaml, hoặc viết tên cấp khen đầy đủ.",
                                 code="unknown-unit")
            issuer = (unit, "") if unit else ("", text)
            if issuer not in out:
                out.append(issuer)
        return out

    def _one_ref(self, entry: YMap, key: str, field: str) -> str | None:
        node = entry.get(key)
        text = self.reader.text(node, f"{field}.{key}")
        return self.resolve(key, text, node, f"{field}.{key}") if text else None

    def _counts(self, entry: YMap, field: str) -> tuple[tuple[str, int], ...]:
        node = entry.get("count")
        if node is None:
            return ()
        mapping = self.reader.mapping(node, f"{field}.count")
        if mapping is None:
            return ()
        self.reader.check_keys(mapping, COUNT_KINDS, prefix=f"{field}.count.")
        counts = []
        for kind in mapping.keys:  # as written: "33 tập thể, 106 cá nhân" reads in the editor's order
            if kind in COUNT_KINDS:
                number = self.reader.integer(mapping.get(kind), f"{field}.count.{kind}", minimum=1)
                if number:
                    counts.append((kind, number))
        if not mapping.keys:  # one message for one mistake: a written but invalid number is reported above
            self.reader.error(mapping, f"{field}.count", "count cần ít nhất một số lượng.",
                              "Ví dụ: count: {tap-the: 5, ca-nhan: 10}.", code="missing")
        if UNSPLIT in mapping.keys and len([k for k in mapping.keys if k in COUNT_KINDS]) > 1:
            self.reader.error(mapping.keys[UNSPLIT], f"{field}.count.{UNSPLIT}",
                              "“tong” là tổng chưa tách tập thể, cá nhân: không ghi cùng các loại khác.",
                              "Ghi count: {tong: 201} khi bài chỉ nêu tổng số, hoặc tách ra "
                              "count: {tap-the: 58, ca-nhan: 143}.", code="count-tong")
        return tuple(counts)

def count_kind(kind: str) -> str:
    """The `count` key an awardee of this kind is counted under (a registered unit is a collective)."""
    return COLLECTIVE if kind == UNIT_AWARDEE else kind


def _covers(line: Honour, named: Honour) -> bool:
    """Whether a counted `includes_named` line includes this named entry of its article."""
    return (named.award == line.award and named.period.end == line.period.end and named.issuers == line.issuers
            and (not line.achieved_period or named.achieved_period == line.achieved_period)
            and named.status == line.status
            and (not line.prize or named.prize == line.prize)
            and (not line.category or ref_key(named.category) == ref_key(line.category)))


def _prize_text(prize: str) -> str:
    """A known placing as the contract spells it ("nhất" → "Giải Nhất"); other text as written."""
    return PRIZES[prize_rank(prize) - 1] if 0 < prize_rank(prize) <= len(PRIZES) else prize


def make_article(doc: ParsedDoc, registry: Registry, config: SiteConfig) -> tuple[Article | None, list[Problem]]:
    """Stage B for an article; returns the article (None on errors) and its problems."""
    front, found, set_aside = parse_front(doc)
    if front is None:
        return None, list(doc.problems) + found
    builder = _ArticleBuilder(doc, front, registry, config)
    article = builder.build()
    problems = list(doc.problems) + found + _not_set_aside(builder.reader.problems, set_aside)
    if any(p.is_error for p in problems):
        return None, problems
    return article, problems


def make_page(doc: ParsedDoc, config: SiteConfig) -> tuple[StandalonePage | None, bool, list[Problem]]:
    """Stage B for a stand-alone page: (page, draft, problems)."""
    front, found, set_aside = parse_front(doc)
    problems = list(doc.problems) + found
    if front is None or doc.rendered is None:
        return None, False, problems
    reader = FieldReader(doc.display)
    reader.check_keys(front, PAGE_KEYS)
    title = read_title(reader, front, "trang")
    draft = reader.flag(front.get("draft"), "draft")
    slug = resolve_slug(reader, front, title, doc.rel)
    summary = reader.text(front.get("summary"), "summary") or doc.rendered.summary
    extra = read_extra(reader, front)
    problems += _not_set_aside(reader.problems, set_aside)
    if any(p.is_error for p in problems) or not title or not slug:
        return None, draft, problems
    page = StandalonePage(doc.rel, slug, title, summary, doc.rendered.html_z, doc.digest, doc.rendered.references,
                          extra)
    return page, draft, problems


# An article's address may not be a bare year: /tin-tuc/2021/ is the archive of that year's articles.
YEAR_SLUG = re.compile(r"[0-9]{4}")


def resolve_slug(reader: FieldReader, front: YMap, title: str | None, rel: str) -> str:
    """The URL slug: `slug:` as written (validated), else from the title, else from the file name."""
    node = front.get("slug")
    written = reader.text(node, "slug")
    if written is not None:
        decoded = unquote(written)
        if "/" in decoded or "\\" in decoded or ".." in decoded:
            reader.error(node, "slug", f"Đường dẫn “{written}” trỏ ra ngoài thư mục của bài (có /, \\ hoặc ..).",
                         "Đường dẫn (trường slug) chỉ là phần cuối địa chỉ của bài: chữ thường không dấu, số và "
                         "dấu gạch ngang, ví dụ slug: hoi-nghi-tong-ket.", code="slug")
            return ""
        if not SLUG_PATTERN.match(written):
            suggestion = slugify(written)
            example = f", ví dụ {suggestion}." if suggestion else "."
            reader.error(node, "slug", f"Đường dẫn “{written}” không hợp lệ.",
                         "Chỉ dùng chữ thường không dấu, số và dấu gạch ngang" + example, code="slug")
            return ""
        slug = written
    else:
        slug = slugify(title or "", TITLE_SLUG_MAX)
        if not slug and title:
            slug = slugify(posixpath.splitext(posixpath.basename(rel))[0])
            if slug:
                reader.warn(front.get("title") or front, "slug",
                            f"Tiêu đề không có chữ nào dùng được cho đường dẫn; dùng tên tệp: “{slug}”.",
                            "Tự đặt đường dẫn bằng một dòng slug: ten-bai-viet (chữ thường không dấu).", code="slug")
        if not slug:
            if title:  # a missing title is reported as such
                reader.error(front, "slug", "Không tạo được đường dẫn từ tiêu đề.",
                             "Tự đặt đường dẫn bằng một dòng slug: ten-bai-viet (chữ thường không dấu).", code="slug")
            return ""
    if slug in RESERVED_SLUGS:
        reader.warn(node or front, "slug", f"“{slug}” là tên dành riêng trên Windows; dùng “{slug}-bai”.",
                    code="slug")
        slug += "-bai"
    return slug


def read_title(reader: FieldReader, front: YMap, noun: str, missing_hint: str | None = None) -> str | None:
    """The required title of an article ("bài") or a page ("trang")."""
    title = reader.text(reader.require(front, "title", "title", missing_hint), "title")
    if title == "":  # quoted blanks are not YAML nulls, but a page with no title is as wrong
        reader.error(front.get("title"), "title", "Tiêu đề trống.", f"Viết tiêu đề {noun} trong ngoặc kép.",
                     code="missing")
    return title


def read_extra(reader: FieldReader, front: YMap) -> dict:
    """The `extra` block: the editor's own fields, for the site's own templates."""
    node = front.get("extra")
    extra = _plain(node) if node is not None else {}
    if not isinstance(extra, dict):
        reader.error(node, "extra", "extra phải là một khối trường.", "Viết các trường con thụt vào dưới extra:, "
                     "mỗi dòng một trường, ví dụ:  so_quyet_dinh: \"123/QĐ-LĐLĐ\".", code="shape")
        return {}
    return extra


def _plain(node: YNode | None):
    """A YAML subtree as plain str/list/dict (for `extra`)."""
    if node is None:
        return None
    if isinstance(node, YScalar):
        return None if node.is_null else node.text
    if isinstance(node, YSeq):
        return [_plain(item) for item in node.items]
    return {key: _plain(value) for key, value in node.entries.items()}


def is_published(article: Article, config: SiteConfig) -> bool:
    if config.drafts:
        return True
    return not article.draft and article.date <= config.now


def known_runs(parts: list[str], resolve) -> list[str]:
    """Comma-separated parts, with adjacent parts joined back where together they are one registry name:
    "Lao động giỏi, lao động sáng tạo, Giỏi việc nước, đảm việc nhà" is two campaigns, not four."""
    out, i = [], 0
    while i < len(parts):
        end = next((j for j in range(len(parts), i + 1, -1) if resolve(", ".join(parts[i:j])) is not None), i + 1)
        out.append(", ".join(parts[i:end]))
        i = end
    return out
