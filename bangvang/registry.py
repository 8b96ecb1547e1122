"""The three registries (units, campaigns, awards) and reference resolution by id, name or alias.

References compare after NFC, case folding and quote/dash/spacing normalisation (text.ref_key), not
after removing accents: "Hùng" and "Hưng" are different words. Suggestions for unknown references
are accent-insensitive, because that is the typo editors make most.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable, Mapping

from . import yamlstrict
from .errors import Problem
from .model import FOR_KINDS, UNIT_ENDINGS, Award, Campaign, Period, Unit
from .schema import FieldReader
from .source import decode_text
from .text import fold, ref_key
from .yamlstrict import YMap, YSeq

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AWARD_KINDS = ("danh-hieu", "khen-thuong")
UNIT_KEYS = ("id", "name", "short", "aliases", "parent", "until", "successor", "ended", "description")
CAMPAIGN_KEYS = ("id", "name", "short", "aliases", "launched_by", "period", "description")
AWARD_KEYS = ("id", "name", "kind", "aliases", "for")
REGISTRY_FILES = {"units": "units.yaml", "campaigns": "campaigns.yaml", "awards": "awards.yaml"}
NOUNS = {"units": "đơn vị", "campaigns": "phong trào", "awards": "danh hiệu/hình thức khen thưởng"}


@dataclass(frozen=True)
class Lookup:
    """ref_key → id for one registry, plus display names for suggestions."""

    keys: Mapping[str, str]
    names: Mapping[str, str]  # id → display name
    # text as written → id: the same few hundred references recur in every article, and resolving one
    # normalises it first. Only successes are kept, so a miss is reported every time.
    _resolved: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def resolve(self, text: str) -> str | None:
        found = self._resolved.get(text)
        if found is None:
            found = self.keys.get(ref_key(text))
            if found is not None:
                self._resolved[text] = found
        return found

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Closest names, ignoring accents: similar spelling first, then names the text contains. A name
        is suggested only if it also has the written words that set a name apart (not "Liên đoàn Lao
        động tỉnh", which most units share): "LĐLĐ tỉnh Nghệ An" never gets "LĐLĐ tỉnh Thanh Hóa"."""
        folded = {fold(k): v for k, v in self.keys.items()}
        query = fold(text)
        matches = difflib.get_close_matches(query, list(folded), n=limit * 3, cutoff=0.6)
        matches += sorted((k for k in folded if len(k) > 3 and (k in query or query in k)), key=len, reverse=True)
        telling = _telling_words(query, folded)
        ids: list[str] = []
        for match in matches:
            # a name written with more words ("Bằng khen TW") gets the name; others need the telling words
            if folded[match] not in ids and ((len(match) > 3 and match in query) or _has_words(match, telling)):
                ids.append(folded[match])
        return [self.names[i] for i in ids[:limit]]


_WORD = re.compile(r"[^\W_]+")


def _telling_words(query: str, keys: Mapping[str, str]) -> list[str]:
    """The query's words that few registry names share (the part of a name that tells it apart)."""
    counts: dict[str, int] = {}
    for key in keys:
        for word in set(_WORD.findall(key)):
            counts[word] = counts.get(word, 0) + 1
    common = max(2, len(keys) // 5)
    return [w for w in _WORD.findall(query) if counts.get(w, 0) <= common]


def _has_words(candidate: str, words: list[str]) -> bool:
    """Every telling word is in the candidate, give or take a typo."""
    found = _WORD.findall(candidate)
    return all(any(_typo_of(w, f) for f in found) for w in words)


def _typo_of(written: str, word: str) -> bool:
    """The same word, or one typo away (one letter wrong, missing or extra; longer words a little more)."""
    if written == word:
        return True
    if len(written) > 4:
        return difflib.SequenceMatcher(None, written, word).ratio() >= 0.75
    if len(written) < 3 or abs(len(written) - len(word)) > 1:
        return False
    if len(written) == len(word):
        return sum(a != b for a, b in zip(written, word)) == 1
    short, long_ = sorted((written, word), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@dataclass(frozen=True)
class Registry:
    units: Mapping[str, Unit]
    campaigns: Mapping[str, Campaign]
    awards: Mapping[str, Award]
    unit_lookup: Lookup
    campaign_lookup: Lookup
    award_lookup: Lookup
    children: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    broken: frozenset[str] = frozenset()  # registries that could not be read: skip reference checks

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        """Direct-line parents from the nearest up to the root (the unit itself excluded)."""
        chain: list[str] = []
        parent = self.units[unit_id].parent
        while parent and parent in self.units and parent not in chain:
            chain.append(parent)
            parent = self.units[parent].parent
        return tuple(chain)

    def above(self, unit_id: str) -> tuple[str, ...]:
        """Every unit above this one by any line of leadership, each once, nearest first."""
        seen = {unit_id}
        out: list[str] = []
        queue = list(self.units[unit_id].parents)
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.units:
                continue
            seen.add(current)
            out.append(current)
            queue.extend(self.units[current].parents)
        return tuple(out)

    def predecessors(self, unit_id: str) -> tuple[str, ...]:
        """Units merged into or renamed to this one, directly or through earlier successions."""
        out: list[str] = []
        queue = [u.id for u in self.units.values() if u.successor == unit_id]
        while queue:
            current = queue.pop(0)
            if current == unit_id or current in out:
                continue
            out.append(current)
            queue.extend(u.id for u in self.units.values() if u.successor == current)
        return tuple(out)

    def roll_owners(self, unit_id: str) -> tuple[str, ...]:
        """The units whose rolls list an honour of this unit: itself, every unit above it by any line,
        and its successors (a merged unit's honours belong to the unit it merged into) with theirs."""
        out: list[str] = []
        queue = [unit_id]
        while queue:
            current = queue.pop(0)
            if current in out or current not in self.units:
                continue
            out.append(current)
            unit = self.units[current]
            queue.extend(unit.parents)
            if unit.successor:
                queue.append(unit.successor)
        return tuple(out)

    def descendants(self, unit_id: str) -> tuple[str, ...]:
        """The unit and every unit below it, in tree order."""
        out, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self.children.get(current, ())))
        return tuple(out)

    def roots(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.units.values() if u.parent is None)


def parse_registries(files: Mapping[str, bytes | None], render_md: Callable[[str, str], str],
                     prefix: str = "content/") -> tuple[Registry, list[Problem]]:
    """files: {"units": bytes or None, ...} → Registry; every problem of all three files."""
    problems: list[Problem] = []
    trees = {}
    broken = set()
    for kind, filename in REGISTRY_FILES.items():
        path = prefix + filename
        data = files.get(kind)
        if data is None:
            if kind == "units":
                problems.append(Problem(path, None, "Thiếu tệp danh mục đơn vị.",
                                        hint="Tạo content/units.yaml với ít nhất một đơn vị.", code="registry"))
            trees[kind] = (path, None)
            continue
        text, found = decode_text(data, path)
        problems += found
        tree, more = yamlstrict.load(text, path) if text is not None else (None, [])
        problems += more
        if found or more:
            broken.add(kind)
        trees[kind] = (path, tree)
    reader_units = FieldReader(trees["units"][0])
    units = _parse_units(reader_units, trees["units"][1], render_md)
    unit_lookup = _lookup(reader_units, units, "units")
    units = _link_units(reader_units, units, trees["units"][1], unit_lookup)
    reader_campaigns = FieldReader(trees["campaigns"][0])
    campaigns = _parse_campaigns(reader_campaigns, trees["campaigns"][1], unit_lookup, render_md)
    reader_awards = FieldReader(trees["awards"][0])
    awards = _parse_awards(reader_awards, trees["awards"][1])
    campaign_lookup = _lookup(reader_campaigns, campaigns, "campaigns")
    award_lookup = _lookup(reader_awards, awards, "awards")
    problems += reader_units.problems + reader_campaigns.problems + reader_awards.problems
    children: dict[str, list[str]] = {}
    for unit in units.values():
        if unit.parent in units:
            children.setdefault(unit.parent, []).append(unit.id)
    registry = Registry(
        MappingProxyType(units), MappingProxyType(campaigns), MappingProxyType(awards),
        unit_lookup, campaign_lookup, award_lookup,
        MappingProxyType({k: tuple(v) for k, v in children.items()}), frozenset(broken))
    return registry, problems


def _items(reader: FieldReader, tree, what: str) -> list[tuple[int, YMap]]:
    if tree is None:
        return []
    if not isinstance(tree, YSeq):
        reader.error(tree, None, f"Danh mục {what} phải là một danh sách, mỗi mục bắt đầu bằng “- ”.",
                     code="registry")
        return []
    out = []
    for i, item in enumerate(tree.items):
        node = reader.mapping(item, f"[{i + 1}]")
        if node is not None:
            out.append((i, node))
    return out


def _common(reader: FieldReader, node: YMap, field: str, keys: tuple[str, ...]) -> tuple[str, str, str, tuple]:
    reader.check_keys(node, keys, prefix=f"{field}.")
    ident = reader.text(reader.require(node, "id", f"{field}.id"), f"{field}.id") or ""
    if ident and not ID_PATTERN.match(ident):
        reader.error(node.get("id"), f"{field}.id", f"Mã “{ident}” không hợp lệ.",
                     "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ ldld-ha-noi.", code="id")
        ident = ""
    name = reader.text(reader.require(node, "name", f"{field}.name"), f"{field}.name") or ""
    short = (reader.text(node.get("short"), f"{field}.short") or "") if "short" in keys else ""
    aliases = tuple(text for text, _ in reader.text_list(node.get("aliases"), f"{field}.aliases"))
    return ident, name, short, aliases


def _parse_units(reader: FieldReader, tree, render_md) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for i, node in _items(reader, tree, "đơn vị"):
        field = f"[{i + 1}]"
        ident, name, short, aliases = _common(reader, node, field, UNIT_KEYS)
        if not ident or not name:
            continue
        if ident in units:
            reader.error(node.get("id"), f"{field}.id",
                         f"Mã đơn vị “{ident}” bị trùng (đã có ở dòng {units[ident].line}).", code="duplicate")
            continue
        description = reader.text(node.get("description"), f"{field}.description") or ""
        parents = tuple(text for text, _ in reader.text_list(node.get("parent"), f"{field}.parent"))
        ended = reader.text(node.get("ended"), f"{field}.ended") or ""
        if ended and ended not in UNIT_ENDINGS:
            guess = difflib.get_close_matches(ended, UNIT_ENDINGS, n=1, cutoff=0.5)
            reader.error(node.get("ended"), f"{field}.ended", f"“{ended}” không phải cách kết thúc hợp lệ.",
                         (f"Có phải bạn muốn viết “{guess[0]}”? " if guess else "")
                         + "Viết sap-nhap (sáp nhập), giai-the (giải thể) hoặc doi-ten (đổi tên).", code="ended")
            ended = ""
        units[ident] = Unit(
            ident, name, short, aliases,
            parents[0] if parents else None,
            reader.day(node.get("until"), f"{field}.until"),
            reader.text(node.get("successor"), f"{field}.successor"),
            render_md(description, REGISTRY_FILES["units"]) if description else "",
            node.line, parents, ended)
    return units


def _link_units(reader: FieldReader, units: dict[str, Unit], tree, lookup: Lookup) -> dict[str, Unit]:
    """Parents and successors resolved to ids (an unknown one is an error with the closest matches),
    how each ended unit ended, and no cycle through any line of leadership."""
    nodes = {ident: node for ident, node in _nodes_by_id(reader, tree)}
    linked: dict[str, Unit] = {}
    for unit in units.values():
        node = nodes.get(unit.id)
        parent_node = node.get("parent") if node else None
        parents: list[str] = []
        for i, text in enumerate(unit.parents):
            item = parent_node.items[i] if isinstance(parent_node, YSeq) and i < len(parent_node.items) else parent_node
            label = f"{unit.id}.parent" if not isinstance(parent_node, YSeq) else f"{unit.id}.parent[{i + 1}]"
            found = lookup.resolve(text)
            if found is None:
                reader.error(item, label, f"Đơn vị cấp trên “{text}” không có trong danh mục.",
                             _closest(text, lookup), code="unknown-unit")
            elif found == unit.id:
                reader.error(item, label, "Đơn vị không thể là cấp trên của chính nó.", code="cycle")
            elif found not in parents:
                parents.append(found)
        successor = None
        if unit.successor:
            successor = lookup.resolve(unit.successor)
            if successor is None:
                reader.error(node.get("successor") if node else None, f"{unit.id}.successor",
                             f"Đơn vị kế tục “{unit.successor}” không có trong danh mục.",
                             _closest(unit.successor, lookup), code="unknown-unit")
            elif successor == unit.id:
                reader.error(node.get("successor") if node else None, f"{unit.id}.successor",
                             "Đơn vị không thể kế tục chính nó.", code="cycle")
                successor = None
        if unit.successor and unit.until is None:
            reader.error(node.get("successor") if node else None, f"{unit.id}.successor",
                         "Có đơn vị kế tục nhưng thiếu ngày kết thúc “until”.",
                         "Thêm until: YYYY-MM-DD (ngày đơn vị giải thể hoặc sáp nhập).", code="until")
        ended = unit.ended
        if ended and unit.until is None:
            reader.error(node.get("ended") if node else None, f"{unit.id}.ended",
                         "Có cách kết thúc “ended” nhưng thiếu ngày kết thúc “until”.",
                         "Thêm until: YYYY-MM-DD (ngày đơn vị sáp nhập, giải thể hoặc đổi tên).", code="until")
        if ended in ("sap-nhap", "doi-ten") and not unit.successor:
            reader.error(node.get("ended") if node else None, f"{unit.id}.ended",
                         ("Đơn vị sáp nhập" if ended == "sap-nhap" else "Đơn vị đổi tên")
                         + " cần “successor”: đơn vị " + ("nhận sáp nhập." if ended == "sap-nhap" else "mang tên mới."),
                         "Thêm successor: <mã đơn vị>, hoặc viết ended: giai-the nếu đơn vị giải thể.", code="ended")
        if not ended and unit.until is not None:
            ended = "sap-nhap" if unit.successor else "giai-the"
        linked[unit.id] = replace(unit, parent=parents[0] if parents else None, parents=tuple(parents),
                                  successor=successor, ended=ended)
    for unit in linked.values():
        cycle = _cycle_from(unit.id, linked)
        if cycle:
            node = nodes.get(unit.id)
            reader.error(node.get("parent") if node else None, f"{unit.id}.parent",
                         "Quan hệ cấp trên tạo thành vòng lặp: " + " → ".join(cycle) + ".",
                         "Một đơn vị không thể đứng trên chính nó qua bất kỳ tuyến lãnh đạo nào; cây phải có gốc.",
                         code="cycle")
        succession = _succession_cycle(unit.id, linked)
        if succession:
            node = nodes.get(unit.id)
            reader.error(node.get("successor") if node else None, f"{unit.id}.successor",
                         "Các đơn vị kế tục tạo thành vòng lặp: " + " → ".join(succession) + ".",
                         "Đơn vị kế tục là đơn vị nhận sáp nhập hoặc mang tên mới, không thể là đơn vị đã kết thúc "
                         "trước nó; sửa successor của một trong các đơn vị này.", code="cycle")
    return linked


def _succession_cycle(start: str, units: Mapping[str, Unit]) -> list[str]:
    """The chain of successors from `start` when it leads back to `start`, or []."""
    path = [start]
    current = units[start].successor
    while current and current in units and current not in path:
        path.append(current)
        current = units[current].successor
    return path + [start] if current == start else []


def _cycle_from(start: str, units: Mapping[str, Unit]) -> list[str]:
    """A path through any parent line that leads from `start` back to it, or []."""
    stack: list[tuple[str, list[str]]] = [(p, [start, p]) for p in units[start].parents]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        if current == start:
            return path
        if current in seen or current not in units:
            continue
        seen.add(current)
        stack.extend((p, path + [p]) for p in reversed(units[current].parents))
    return []


def _closest(text: str, lookup: Lookup) -> str:
    return suggestion_text(lookup.suggest(text)) or "Thêm đơn vị này vào content/units.yaml hoặc sửa lại cho đúng."


def _nodes_by_id(reader: FieldReader, tree) -> list[tuple[str, YMap]]:
    silent = FieldReader(reader.path)
    out = []
    for _, node in _items(silent, tree, ""):
        ident = node.get("id")
        if ident is not None and isinstance(ident, yamlstrict.YScalar):
            out.append((ident.text, node))
    return out


def _parse_campaigns(reader: FieldReader, tree, unit_lookup: Lookup, render_md) -> dict[str, Campaign]:
    campaigns: dict[str, Campaign] = {}
    for i, node in _items(reader, tree, "phong trào"):
        field = f"[{i + 1}]"
        ident, name, short, aliases = _common(reader, node, field, CAMPAIGN_KEYS)
        if not ident or not name:
            continue
        if ident in campaigns:
            reader.error(node.get("id"), f"{field}.id",
                         f"Mã phong trào “{ident}” bị trùng (đã có ở dòng {campaigns[ident].line}).",
                         code="duplicate")
            continue
        launched = reader.text(node.get("launched_by"), f"{field}.launched_by")
        launched_id = None
        if launched:
            launched_id = unit_lookup.resolve(launched)
            if launched_id is None:
                names = unit_lookup.suggest(launched)
                reader.error(node.get("launched_by"), f"{field}.launched_by",
                             f"Không tìm thấy đơn vị “{launched}”.",
                             suggestion_text(names), code="unknown-unit")
        span = reader.period(node.get("period"), f"{field}.period")
        description = reader.text(node.get("description"), f"{field}.description") or ""
        campaigns[ident] = Campaign(
            ident, name, short, aliases, launched_id, Period(*span) if span else None,
            render_md(description, REGISTRY_FILES["campaigns"]) if description else "", node.line)
    return campaigns


def _parse_awards(reader: FieldReader, tree) -> dict[str, Award]:
    awards: dict[str, Award] = {}
    for i, node in _items(reader, tree, "danh hiệu"):
        field = f"[{i + 1}]"
        ident, name, _, aliases = _common(reader, node, field, AWARD_KEYS)
        if not ident or not name:
            continue
        if ident in awards:
            reader.error(node.get("id"), f"{field}.id",
                         f"Mã danh hiệu “{ident}” bị trùng (đã có ở dòng {awards[ident].line}).", code="duplicate")
            continue
        kind = reader.text(reader.require(node, "kind", f"{field}.kind",
                                          "Viết kind: danh-hieu (danh hiệu thi đua) hoặc khen-thuong."),
                           f"{field}.kind")
        if kind is not None and kind not in AWARD_KINDS:
            reader.error(node.get("kind"), f"{field}.kind", f"Loại “{kind}” không hợp lệ.",
                         "Viết danh-hieu (danh hiệu thi đua) hoặc khen-thuong (hình thức khen thưởng).",
                         code="award-kind")
        for_kinds = set()
        for value, item in reader.text_list(node.get("for"), f"{field}.for"):
            if value in FOR_KINDS:
                for_kinds.add(value)
            else:
                guess = difflib.get_close_matches(value, FOR_KINDS, n=1, cutoff=0.5)
                reader.error(item, f"{field}.for", f"“{value}” không phải ca-nhan, tap-the hay ho-gia-dinh.",
                             f"Có phải bạn muốn viết “{guess[0]}”?" if guess else None, code="kind")
        awards[ident] = Award(ident, name, kind or "khen-thuong", aliases,
                              frozenset(for_kinds or FOR_KINDS), len(awards), node.line)
    return awards


def _lookup(reader: FieldReader, entries: Mapping, what: str) -> Lookup:
    """Index every id, name, short name and alias; a key used by two entries is an error."""
    keys: dict[str, str] = {}
    for entry in entries.values():
        for text in (entry.id, entry.name, getattr(entry, "short", ""), *entry.aliases):
            if not text:
                continue
            key = ref_key(text)
            owner = keys.get(key)
            if owner is None:
                keys[key] = entry.id
            elif owner != entry.id:
                reader.problems.append(Problem(
                    reader.path, entry.line,
                    f"“{text}” đã dùng cho {NOUNS[what]} “{owner}” (dòng {entries[owner].line}).",
                    field=f"{entry.id}", hint="Mỗi mã, tên, tên ngắn và tên khác chỉ được dùng cho một mục.",
                    code="duplicate"))
    return Lookup(MappingProxyType(keys), MappingProxyType({e.id: e.name for e in entries.values()}))


def suggestion_text(names: list[str]) -> str | None:
    if not names:
        return None
    return "Có phải là " + ", ".join(f"“{n}”" for n in names) + "?"


