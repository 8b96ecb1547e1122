"""Every field of every model type survives pickling (worker processes) and the stored build cache.

Each object is filled with a distinct, non-default value in every field, made from the field's type, so a
field added to a dataclass but lost on the way shows up here; a field of a type this test cannot make
fails it too, rather than being skipped."""

from __future__ import annotations

import dataclasses
import itertools
import pickle
import sys
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

import pytest

from bangvang import model
from bangvang.cache import BuildCache, load_cache, save_cache
from bangvang.config import SiteConfig
from bangvang.errors import Problem
from bangvang.markup import Rendered
from bangvang.parse import ParsedDoc

MODEL_TYPES = tuple(value for value in vars(model).values()
                    if dataclasses.is_dataclass(value) and value.__module__ == model.__name__)
# Besides the model, the stage-A documents are stored in the cache and sent back by parsing workers.
CACHED_TYPES = (*MODEL_TYPES, ParsedDoc, Rendered, Problem)
_numbers = itertools.count(1001)


def sample(tp, tag: str, default=dataclasses.MISSING):
    """A value of type `tp`, distinct for each tag (and each call), never equal to `default`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), tag, default)
    if tp is str or tp is object:
        return f"{tag} «{next(_numbers)}» Nguyễn Thị Ánh"
    if tp is bool:
        return default is not True
    if tp is int:
        return next(_numbers)
    if tp is bytes:
        return f"{tag} {next(_numbers)}".encode()
    if tp is datetime:
        return datetime(2021, 6, 6, 19, 51, tzinfo=timezone(timedelta(hours=7))) + timedelta(minutes=next(_numbers))
    if tp is date:
        return date(2020, 1, 1) + timedelta(days=next(_numbers))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return (sample(args[0], f"{tag}[0]"), sample(args[0], f"{tag}[1]"))
    if origin is tuple:
        return tuple(sample(a, f"{tag}[{i}]") for i, a in enumerate(args))
    if origin is frozenset:
        return frozenset({sample(args[0], f"{tag}[0]"), sample(args[0], f"{tag}[1]")})
    if origin in (Mapping, dict):
        return {sample(args[0], f"{tag}.key"): [sample(str, f"{tag}.value"), {"nested": sample(str, tag)}]}
    if dataclasses.is_dataclass(tp):
        return filled(tp, tag)
    raise TypeError(f"{tag}: this test cannot make a value of type {tp!r}; teach sample() to make one")


def filled(cls: type, tag: str = ""):
    """An instance of `cls` with every field set to a sample value of its type, none left at its default."""
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        values[f.name] = sample(hints[f.name], f"{tag}{cls.__name__}.{f.name}", default)
        assert values[f.name] != default, f"{cls.__name__}.{f.name}: the sample equals the default"
    return cls(**values)


def assert_same_fields(copy, original) -> None:
    assert type(copy) is type(original)
    for f in dataclasses.fields(original):
        assert getattr(copy, f.name) == getattr(original, f.name), f"{type(original).__name__}.{f.name} was lost"
        assert type(getattr(copy, f.name)) is type(getattr(original, f.name)), f.name


def test_the_model_types_are_found():
    assert {model.Article, model.Honour, model.Period, model.StandalonePage, model.Unit} <= set(MODEL_TYPES)


@pytest.mark.parametrize("cls", CACHED_TYPES, ids=lambda cls: cls.__name__)
def test_pickling_keeps_every_field(cls):
    original = filled(cls)
    copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    assert_same_fields(copy, original)
    assert copy == original


@pytest.mark.parametrize("cls", [cls for cls in MODEL_TYPES
                                 if any(f.metadata.get("shared") for f in dataclasses.fields(cls))],
                         ids=lambda cls: cls.__name__)
def test_shared_texts_are_kept_once_after_pickling(cls):
    original = filled(cls)
    copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
    for f in dataclasses.fields(cls):
        if f.metadata.get("shared"):
            value = getattr(copy, f.name)
            texts = value if isinstance(value, tuple) else (value,)
            assert texts and all(sys.intern(t) is t for t in texts), f"{cls.__name__}.{f.name} is not shared"


def test_compact_shares_texts_made_at_run_time():
    unit = "".join(["ldld-", "ha-noi"])  # made at run time: not interned by the compiler
    honour = model.compact(model.Honour, "a.md", 0, "bang-khen", model.INDIVIDUAL, "Tên", (),
                           model.shared_period(2021, 2021), unit, None, None, "", "", "", "", 1)
    assert honour.unit is sys.intern(unit)


def test_periods_are_one_object_per_value_after_pickling():
    period = model.shared_period(2019, 2021)
    assert pickle.loads(pickle.dumps(model.Period(2019, 2021))) is period


@pytest.mark.parametrize("cls", [model.Article, model.StandalonePage], ids=lambda cls: cls.__name__)
def test_meta_digest_covers_every_field_but_the_body(cls):
    original = filled(cls)
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        other = sample(hints[f.name], f"other.{f.name}", getattr(original, f.name))
        changed = dataclasses.replace(original, **{f.name: other})
        if f.metadata.get("body"):
            assert changed.meta_digest == original.meta_digest, f.name
        else:
            assert changed.meta_digest != original.meta_digest, f"meta_digest misses {cls.__name__}.{f.name}"


def test_the_stored_cache_keeps_every_field(tmp_path):
    config = SiteConfig(root=tmp_path, output_dir=tmp_path / "output", cache_dir=tmp_path / "cache")
    objects = {f"tin-tuc/{cls.__name__}.md": filled(cls) for cls in CACHED_TYPES}
    cache = BuildCache()
    cache.results = {rel: ("digest", "context", (obj, [filled(Problem)])) for rel, obj in objects.items()}
    cache.docs = {"tin-tuc/doc.md": ((1, 2, 3), True, filled(ParsedDoc))}
    save_cache(config, cache)

    stored = load_cache(config)
    stored.load_bulk()
    assert set(stored.results) == set(objects)
    for rel, obj in objects.items():
        copy, problems = stored.results[rel][2]
        assert_same_fields(copy, obj)
        assert_same_fields(problems[0], cache.results[rel][2][1][0])
    assert_same_fields(stored.docs["tin-tuc/doc.md"][2], cache.docs["tin-tuc/doc.md"][2])


def test_the_cache_stores_each_of_its_stored_fields_once(tmp_path):
    stored = [f.name for f in dataclasses.fields(BuildCache) if f.metadata.get("stored")]
    assert sorted(BuildCache.STATE + BuildCache.BULK) == sorted(stored)
    assert {"code", "fingerprint"} <= set(BuildCache.STATE) and {"docs", "results"} <= set(BuildCache.BULK)


@pytest.mark.parametrize(("start", "end", "label", "slug"), [(2021, 2021, "2021", "2021"),
                                                            (2015, 2020, "2015–2020", "2015-2020")])
def test_period_label_and_slug(start, end, label, slug):
    assert (model.Period(start, end).label, model.Period(start, end).slug) == (label, slug)
