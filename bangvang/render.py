"""Page jobs → bytes: the Jinja environment with the Vietnamese filters, the cache of rendered roll rows,
rendering one job, and compiling every template up front. Which pages exist and what their contexts hold
is decided by the page families (bangvang/pages/)."""

from __future__ import annotations

import weakref
from types import MappingProxyType
from typing import Any, Callable, Mapping

import jinja2
from markupsafe import Markup

from .config import BUILTIN_TEMPLATES, SiteConfig
from .errors import BuildFailed, Problem
from .exports import honours_csv, honours_json
from .pages.plan import PageJob
from .search import awardee_index
from .urls import Urls
from .vnformat import format_date_long, format_date_short, format_datetime, format_number, iso_datetime

# Non-template outputs: name (PageJob.template) → function(context) → bytes.
SERIALIZERS: Mapping[str, Callable[[dict[str, Any]], bytes]] = MappingProxyType(
    {"csv": honours_csv, "json": honours_json, "roll-index": awardee_index})


def css_string(text: str) -> Markup:
    """Text for a double-quoted CSS string inside <style> (print headers): quotes, backslashes, line
    breaks and < > & are hex-escaped, so nothing can end the string or the element."""
    return Markup("".join(f"\\{ord(ch):x} " if ch in '"\\<>&\'\n\r\f' or ord(ch) < 32 else ch for ch in str(text)))


def make_env(config: SiteConfig) -> jinja2.Environment:
    """Autoescaping, StrictUndefined Jinja environment with the Vietnamese filters."""
    urls = Urls(config)
    env = jinja2.Environment(
        # A site's own templates override the built-in ones file by file; "builtin/<name>" is always the
        # built-in one, so an override can extend the template it replaces and change a single block.
        loader=jinja2.ChoiceLoader([
            jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES))}),
            jinja2.FileSystemLoader(list(dict.fromkeys([str(config.templates_dir), str(BUILTIN_TEMPLATES)])))]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    start_build(env)
    env.filters.update(css_string=css_string, number=format_number, date_long=format_date_long, date_short=format_date_short,
                       datetime=format_datetime, iso=iso_datetime)
    env.globals.update(url=urls.site, asset=urls.theme, absolute=urls.absolute)
    return env


def start_build(env: jinja2.Environment) -> None:
    """A fresh per-build cache of rendered roll rows in an environment that is kept from build to build
    (the dev server's, while templates and configuration are unchanged)."""
    env.globals["roll_row"] = RowCache(env)


class RowCache:
    """roll_row(r, …) for templates: each honour-roll row rendered once per set of columns while it lives.

    Rolls list the same honour on up to eight pages (the site's roll, its year, its units', its
    campaign's): rendering it once made large builds much faster. The planner keeps a roll row for as
    long as roll pages still to come list it (Views.keep_rows_from) and the HTML goes with the row (a
    weak reference), so the cache holds only the rows of the roll pages in progress."""

    def __init__(self, env: jinja2.Environment):
        self.env = env
        self.rendered: dict[int, tuple[Any, dict[tuple[bool, ...], Any]]] = {}  # id → (weak ref, HTML by columns)
        self.macro = None

    def __call__(self, row: Any, show_year: bool, show_award: bool, show_unit: bool, show_former: bool = False):
        key = id(row)
        rendered = self.rendered
        hit = rendered.get(key)
        if hit is None or hit[0]() is not row:
            ref = weakref.ref(row, lambda dead, key=key: rendered.get(key, (None,))[0] is dead and rendered.pop(key))
            hit = rendered[key] = (ref, {})
        columns = (show_year, show_award, show_unit, show_former)
        html = hit[1].get(columns)
        if html is None:
            if self.macro is None:
                self.macro = self.env.get_template("_partials/roll_row.html").module.row
            # a site's own roll_row.html written before show_former keeps working on rolls that do not mark
            html = hit[1][columns] = (self.macro(row, show_year, show_award, show_unit, show_former) if show_former
                                      else self.macro(row, show_year, show_award, show_unit))
        return html


def render_job(env: jinja2.Environment, job: PageJob) -> bytes:
    serializer = SERIALIZERS.get(job.template)
    if serializer is not None:
        return serializer(job.context)
    try:
        return env.get_template(job.template).render(job.context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise BuildFailed([Problem(f"templates/{exc.name or job.template}", exc.lineno,
                                   f"Lỗi cú pháp mẫu: {exc.message}", code="template")]) from exc
    except jinja2.TemplateError as exc:
        line, name = _template_line(exc, job.template)
        origin = f" (từ {job.origin})" if job.origin else ""
        raise BuildFailed([Problem(f"templates/{name}", line, f"Lỗi khi dựng trang {job.url}{origin}: {exc}",
                                   hint="Mẫu giao diện dùng một giá trị không có trong ngữ cảnh của trang.",
                                   code="template")]) from exc


# Environments whose templates were all compiled, with what that found: templates do not change under
# an environment (auto_reload is off), so an environment the dev server keeps is checked once.
_CHECKED: "weakref.WeakKeyDictionary[jinja2.Environment, tuple[Problem, ...]]" = weakref.WeakKeyDictionary()


def template_problems(env: jinja2.Environment) -> list[Problem]:
    """Compile every template up front: a syntax error is reported even in a template that no page of
    this build uses yet (a tag page before the first tag), and all of them in one run."""
    if env in _CHECKED:
        return list(_CHECKED[env])
    problems = []
    for name in env.list_templates(extensions=("html", "xml", "txt")):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(f"templates/{exc.name or name}", exc.lineno, f"Lỗi cú pháp mẫu: {exc.message}",
                                    hint="Kiểm tra các cặp {% … %} và {{ … }} ở dòng này.", code="template"))
    _CHECKED[env] = tuple(problems)
    return problems


def _template_line(exc: Exception, default: str) -> tuple[int | None, str]:
    tb = exc.__traceback__
    found: tuple[int | None, str] = (None, default)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (tb.tb_lineno, filename.rsplit("/", 1)[-1])
        tb = tb.tb_next
    return found
