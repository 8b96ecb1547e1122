"""Real-browser fixtures: built sites served on 127.0.0.1 and Debian's Chromium driven by Playwright.

Nothing here is skipped: a missing browser, checker or package makes the tests fail and says how to
install it (bash tests/browser/install_tools.sh). Sites:
- `example_site`: the repository's example site, built and indexed by Pagefind once per session;
- `big_site`: a scratch site with a few hundred honours and small roll pages (pagination, print).
Screenshots (test_browser_layout.py) go to $BANGVANG_SCREENSHOTS, default a pytest temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.browserkit import (CHROMIUM, CHROMIUM_ARGS, INSTALL, PHONE, PageErrors, Served, build, need,
                                      serve, write_big_site)
from tests.conftest import ROOT


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Served:
    out = build(ROOT / "site.yaml", tmp_path_factory.mktemp("browser-example") / "output")
    served = serve(out)
    yield served
    served.server.shutdown()


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> Served:
    root = write_big_site(tmp_path_factory.mktemp("browser-big") / "site")
    out = build(root / "site.yaml", root / "output")
    served = serve(out)
    yield served
    served.server.shutdown()


# -- the browser -----------------------------------------------------------------------------------------
# Module scope, not session: a running sync Playwright owns the thread's event loop, and other test modules
# (tests/test_serve.py) start their own Playwright once these modules are done.
@pytest.fixture(scope="module")
def browser():
    need(CHROMIUM, "Debian's Chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"Python Playwright is missing. Install the browser-test tools: {INSTALL}", pytrace=False)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(viewport, color_scheme="light", js=True) → (page, errors); fails the test on any error."""
    contexts = []
    collected: list[PageErrors] = []

    def make(viewport=PHONE, color_scheme="light", js=True):
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme, java_script_enabled=js,
                                      locale="vi-VN", is_mobile=phone, has_touch=phone,
                                      device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        errors = PageErrors()
        errors.attach(page)
        collected.append(errors)
        return page, errors

    yield make
    for context in contexts:
        context.close()
    problems = [line for errors in collected for line in errors]
    assert problems == [], "console errors:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("BANGVANG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


