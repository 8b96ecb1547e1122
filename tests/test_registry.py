"""Registries: tree, references by id/name/short/alias, and every mistake reported with its line."""

from bangvang.registry import parse_registries
from tests.conftest import AWARDS, CAMPAIGNS, UNITS


def parse(units: str = UNITS, campaigns: str = CAMPAIGNS, awards: str = AWARDS):
    files = {"units": units.encode(), "campaigns": campaigns.encode(), "awards": awards.encode()}
    return parse_registries(files, lambda text, rel: f"<p>{text}</p>")


def test_valid_registries_resolve_by_id_name_short_alias():
    registry, problems = parse()
    assert problems == []
    lookup = registry.unit_lookup
    assert lookup.resolve("ldld-ha-noi") == "ldld-ha-noi"
    assert lookup.resolve("Liên đoàn Lao động thành phố Hà Nội") == "ldld-ha-noi"
    assert lookup.resolve("lđlđ tp  hà nội") == "ldld-ha-noi"
    assert lookup.resolve("TLĐ") == "tong-ldld"
    assert registry.campaign_lookup.resolve("“Lao động giỏi – lao động sáng tạo”") == "lao-dong-gioi"


def test_references_are_not_accent_insensitive_but_suggestions_are():
    registry, _ = parse()
    assert registry.unit_lookup.resolve("Lien doan Lao dong thanh pho Ha Noi") is None
    assert registry.unit_lookup.suggest("Lien doan Lao dong thanh pho Ha Noi")[0] == "Liên đoàn Lao động thành phố Hà Nội"


def test_tree_helpers():
    registry, _ = parse()
    assert registry.ancestors("cdcs-fecon") == ("ldld-nam-tu-liem", "ldld-ha-noi", "tong-ldld")
    assert registry.descendants("ldld-ha-noi") == ("ldld-ha-noi", "ldld-nam-tu-liem", "cdcs-fecon")
    assert registry.units["ldld-nam-tu-liem"].historical
    assert registry.awards["bang-khen"].rank == 1 and registry.awards["co-thi-dua"].for_kinds == {"tap-the"}


def test_unknown_parent_successor_cycle_and_bad_id():
    units = """\
- id: a
  name: Đơn vị A
  parent: b
- id: b
  name: Đơn vị B
  parent: a
- id: C_bad
  name: Đơn vị C
- id: d
  name: Đơn vị D
  parent: khong-co
  successor: cung-khong-co
"""
    _, problems = parse(units=units)
    text = "\n".join(p.format() for p in problems)
    assert "vòng lặp" in text
    assert "content/units.yaml:7:7: [3].id: Mã “C_bad” không hợp lệ." in text
    assert "“khong-co” không có trong danh mục" in text
    assert "“cung-khong-co” không có trong danh mục" in text
    assert "thiếu ngày kết thúc" in text


def test_duplicate_id_and_alias_across_entries():
    units = UNITS + """\
- id: ldld-ha-noi
  name: Trùng mã
- id: khac
  name: Đơn vị khác
  aliases: ["LĐLĐ TP Hà Nội"]
"""
    _, problems = parse(units=units)
    messages = [p.format() for p in problems]
    assert any("Mã đơn vị “ldld-ha-noi” bị trùng (đã có ở dòng 5)" in m for m in messages)
    assert any("“LĐLĐ TP Hà Nội” đã dùng cho đơn vị “ldld-ha-noi”" in m for m in messages)


def test_unknown_keys_get_did_you_mean():
    _, problems = parse(units=UNITS + "- id: x\n  name: X\n  parnet: tong-ldld\n")
    assert any(p.field == "[5].parnet" and "“parent”" in p.hint for p in problems)


def test_award_kind_and_for_are_checked():
    awards = "- id: a\n  name: A\n  kind: huy-chuong\n  for: [ca-nhan, nguoi-lao-dong]\n"
    _, problems = parse(awards=awards)
    fields = {p.field for p in problems}
    assert "[1].kind" in fields and "[1].for" in fields


def test_missing_units_file_and_broken_yaml_are_reported():
    registry, problems = parse_registries({"units": None}, lambda t, r: t)
    assert any("Thiếu tệp danh mục đơn vị" in p.message for p in problems)
    registry, problems = parse(campaigns="- id: x\n  name: [unclosed\n")
    assert "campaigns" in registry.broken and problems[0].path == "content/campaigns.yaml"
