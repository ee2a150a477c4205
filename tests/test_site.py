"""The built site: complete, warning-free, linked, escaped and incremental."""
from __future__ import annotations

import html
import html.parser
import os
import platform
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from engine import claims, config, examples, store
from engine.render import tabs
from conftest import ROOT, build_temp_site, run_tool

pytestmark = pytest.mark.site
LANGUAGES = ("en", "zh_CN")


class Page(html.parser.HTMLParser):
    """The links, ids, captions and example outputs of one HTML page."""

    def __init__(self, path: Path):
        super().__init__()
        self.links, self.ids, self.runs, self.captions = [], set(), [], []
        self._caption = None  # the text of the caption being read
        self.feed(path.read_text("utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("link", "script", "img") and (attrs.get("href") or attrs.get("src")):
            self.links.append(attrs.get("href") or attrs.get("src"))
        if "data-run" in attrs:
            self.runs.append(attrs["data-run"])
        if "caption-text" in attrs.get("class", ""):
            self._caption = []  # its text may come in parts: <wbr> after each "/"

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag):
        if tag == "span" and self._caption is not None:
            self.captions.append("".join(self._caption).strip())
            self._caption = None


def test_site_builds_without_warnings(built):
    assert built.out is not None, ("the site tests need the docs dependencies: "
                                   "run `python3 -m nox -s tests`")
    assert built.errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_appears_with_its_captured_output(site, language):
    pages = [Page(path) for path in site.pages(language)]
    shown_runs = {run for page in pages for run in page.runs}
    shown_code = {caption for page in pages for caption in page.captions}
    assert {run.name for run in examples.examples()} <= shown_runs
    assert {f"examples/{script}" for script in examples.scripts()} <= shown_code


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_resolves(site, language):
    broken = []
    pages = {path: Page(path) for path in site.pages(language)}
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue  # external: not checked offline
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.exists():
                broken.append(f"{path.name}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = (pages.get(target) or Page(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{path.name}: {link} (no such anchor)")
    assert broken == []


def test_captured_results_keep_their_claims(site):
    """The claims hold for the very results the pages show."""
    for method in config.METHODS:
        for example in examples.examples():
            result = store.load(site.results, method, example)
            assert result is not None and result.key == store.key(example, method)
            assert claims.check(example.name, result) == []


def test_a_rebuild_after_no_change_runs_no_example(site):
    from engine import build

    outcome = build.build(site.out, site.results)
    assert outcome.errors == [] and outcome.ran == [] and outcome.up_to_date


def test_output_is_shown_as_text_not_markup(tmp_path):
    code, messages, out = build_temp_site(
        tmp_path,
        pages={"index.md": "# Escaping\n\n```{example} markup.py\n```\n"},
        examples={"markup.py": (
            '"""Print markup that must be shown, not interpreted."""\n'
            "print('<script>alert(1)</script> & <b>bold</b>')\n"
            "print('**not bold** {term}`process` <!-- comment -->')\n"
            "print('\\x1b[31mred\\x1b[0m')\n"
            "for i in range(500):\n    print('flood', i)\n")},
    )
    assert code == 0, messages
    page = (out / "index.html").read_text("utf-8")
    output = page[page.index('class="example-output"'):]
    output = output[:output.index("</pre>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in output
    assert "**not bold** {term}`process` &lt;!-- comment --&gt;" in output
    assert "\u241b[31mred\u241b[0m" in output  # ESC made visible, not sent
    assert "<script>alert" not in page
    # The first 300 lines and the last 100 are kept; where the 103 between
    # them were, a visible note counts them.
    assert "flood 296<" in output and "flood 297<" not in output
    assert "flood 399<" not in output and "flood 400<" in output and "flood 499<" in output
    note = output.index("103 more lines (927 characters) cut")
    assert output.index("flood 296<") < note < output.index("flood 400<")


def build_traces(site) -> list[str]:
    """What must never show in an output: this machine's paths and the
    names of the build's own tooling."""
    import sysconfig
    import tempfile

    paths = {str(ROOT), sys.prefix, sys.base_prefix, sys.executable,
             os.path.realpath(sys.executable), sysconfig.get_paths()["stdlib"],
             str(Path.home()), str(site.out.parent), tempfile.gettempdir() + os.sep}
    tooling = [".nox", "with_start_method", "sitecustomize", "startup",
               "engine", "capture.py", "runner.py", "build_site", "pytest", "NOTES_"]
    return sorted(p for p in paths if len(p) > 1) + tooling


class Outputs(html.parser.HTMLParser):
    """Everything an output block shows or carries: the command, each
    panel's label, lines and notes, the figure's labels and text alternative,
    and the values of its attributes. One entry per block."""

    def __init__(self, path: Path):
        super().__init__()
        self.blocks, self._depth = [], 0
        self.feed(path.read_text("utf-8"))

    def handle_starttag(self, tag, attrs):
        if not self._depth and tag == "div" and ("class", "example-output") in attrs:
            self.blocks.append("")
            self._depth = 1
        elif self._depth:
            self._depth += tag == "div"
        if self._depth:
            self.blocks[-1] += "\n" + "\n".join(value or "" for _, value in attrs)

    def handle_endtag(self, tag):
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.blocks[-1] += data


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_outputs_show_no_trace_of_the_build(site, language):
    """Every output block is what a reader's terminal shows: no path of the
    build machine, no frame, process or name of the build's tooling, in its
    lines, its notes or its figure."""
    traces = build_traces(site)
    blocks, panels = 0, 0
    found = []
    for path in site.pages(language):
        for block in Outputs(path).blocks:
            blocks += 1
            panels += block.count("example-output-panel")
            found += [f"{path.name}: {trace!r} in {line.strip()!r}"
                      for line in block.splitlines() for trace in traces if trace in line]
    assert blocks >= len(examples.examples())
    assert panels >= 3 * len(examples.examples())  # every run, every method
    assert found == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_output_is_shown_under_every_start_method(site, language):
    system = tabs.SYSTEMS[platform.system()][0]
    for path in site.pages(language):
        page = path.read_text("utf-8")
        for block in page.split('<div class="example-output" ')[1:]:
            shown = re.findall(r'class="example-output-panel" data-tab="([\w.-]+)"', block)
            assert shown == [f"{system}-{method}" for method in config.METHODS], path.name


def test_the_chinese_index_is_in_pinyin_order(site):
    """Grouped by the pinyin initial (B, C, F, ...), as Chinese dictionaries do."""
    from extensions import zh_support

    page = (site.out / "zh_CN" / "genindex.html").read_text("utf-8")
    groups = re.findall(r'<h2 id="([^"]+)">[^<]*</h2>(.*?)</table>', page, flags=re.S)
    letters = [letter for letter, _ in groups]
    assert len(letters) > 3 and letters == sorted(letters)
    assert all(letter.isascii() and letter.isalpha() for letter in letters)
    for letter, table in groups:
        entries = [re.sub(r"<[^>]+>", "", e) for e in
                   re.findall(r"<li><a [^>]*>(.*?)</a>", table, flags=re.S)]
        keys = [zh_support.pinyin_key(entry) for entry in entries]
        assert keys == sorted(keys), (letter, entries)
        assert all(key[0][0].upper() == letter for key in keys), (letter, entries)


@pytest.mark.parametrize("query, page", [("锁", "mutex"), ("僵", "zombie-orphan")])
def test_a_one_character_chinese_query_finds_its_page(site, query, page):
    """Sphinx drops one-character words; zh_support indexes each character."""
    import site_search

    assert page in site_search.search(site.out / "zh_CN", query)


def test_a_process_listing_shows_the_command_the_reader_typed(site):
    """`ps` shows the example's main process as `python3 examples/…`, the
    command above the output, under every start method."""
    page = (site.out / "en" / "inspecting.html").read_text("utf-8")
    block = page.split('data-run="inspecting/list_processes.py"')[1].split('class="example-output"')[0]
    panels = re.findall(r'<div class="example-output-panel".*?</pre>', block, re.S)
    assert len(panels) == len(config.METHODS)
    for panel in panels:
        text = html.unescape(re.sub(r"<[^>]+>", "", panel))
        assert re.search(r"\d+ .* python3 examples/inspecting/list_processes\.py$", text, re.M)


# -- what search engines and link previews read (docs/extensions/page_meta.py) -------

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def head_tags(path: Path) -> dict[str, list[str]]:
    """{'description': [...], 'og:image': [...], 'hreflang en': [...], 'canonical': [...]}"""
    text = path.read_text("utf-8")
    head = text[:text.index("</head>")]
    tags: dict[str, list[str]] = {}
    for tag in re.findall(r"<(?:meta|link)\b[^>]*>", head):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'([\w:-]+)="([^"]*)"', tag)}
        if "content" in attrs and ("name" in attrs or "property" in attrs):
            tags.setdefault(attrs.get("name") or attrs["property"], []).append(attrs["content"])
        elif attrs.get("rel") == "alternate" and "hreflang" in attrs:
            tags.setdefault(f"hreflang {attrs['hreflang']}", []).append(attrs["href"])
        elif attrs.get("rel") == "canonical":
            tags.setdefault("canonical", []).append(attrs["href"])
    return tags


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_describes_itself_in_its_language_for_search_and_previews(site, language):
    base = config.site_url()
    other = "en" if language == "zh_CN" else "zh_CN"
    pages = site.pages(language)
    assert len(pages) >= 16  # the index and the search page too
    for path in pages:
        tags, url = head_tags(path), f"{base}{language}/{path.name}"
        assert len(tags["viewport"]) == 1, path  # Sphinx, docutils and the theme each wrote one
        description = tags.get("description", [])
        assert len(description) == 1 and len(description[0]) > 30, (path, description)
        assert bool(HAN.search(description[0])) == (language == "zh_CN"), (path, description)
        other_tags = head_tags(site.out / other / path.name)
        assert other_tags["description"] != description, path  # translated, not copied
        assert tags["hreflang en"] == tags["hreflang x-default"] == [f"{base}en/{path.name}"]
        assert tags["hreflang zh-CN"] == [f"{base}zh_CN/{path.name}"], path
        if path.name in ("search.html", "genindex.html"):
            continue  # Sphinx's own pages: no link previews (no doctree for opengraph)
        assert tags["og:description"] == description, path
        assert tags["og:url"] == tags["canonical"] == [url], path
        assert tags["og:title"] and tags["og:site_name"], path
        assert tags["og:image"] == [f"{base}{language}/_static/social-card.png"], path
        assert (site.out / language / "_static" / "social-card.png").is_file()
    sitemap = (site.out / language / "sitemap.xml").read_text("utf-8")
    assert sorted(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == sorted(
        f"{base}{language}/{path.name}" for path in pages
        if path.name not in ("search.html", "genindex.html"))


def test_a_rebuild_that_writes_one_page_keeps_every_page_in_the_sitemap(tmp_path):
    """The publishing build is incremental: its sitemap must still list
    the pages it did not write again."""
    from engine import build

    pages = {"index.md": "# Home\n\n```{toctree}\nkept\nchanged\n```\n",
             "kept.md": "# Kept\n\nThe same.\n", "changed.md": "# Changed\n\nFirst.\n"}
    code, messages, out = build_temp_site(tmp_path, pages, capture_results=False)
    assert code == 0, messages
    kept = (out / "kept.html").stat().st_mtime_ns
    (tmp_path / "src" / "changed.md").write_text("# Changed\n\nSecond.\n", encoding="utf-8")
    again = run_tool(build.sphinx_command("en", tmp_path / "results", config.METHODS[:1], out,
                                          tmp_path / "doctrees", source=tmp_path / "src"),
                     tmp_path / "examples")
    assert again.returncode == 0, again.stdout + again.stderr
    assert (out / "kept.html").stat().st_mtime_ns == kept  # not written again
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert [loc.rsplit("/", 1)[1] for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)] \
        == ["changed.html", "index.html", "kept.html"], sitemap


def test_the_root_has_a_sitemap_index_robots_txt_and_a_404_page_in_both_languages(site):
    base = config.site_url()
    index = (site.out / "sitemap.xml").read_text("utf-8")
    assert re.findall(r"<loc>([^<]+)</loc>", index) == [
        f"{base}{language}/sitemap.xml" for language in LANGUAGES]
    assert f"Sitemap: {base}sitemap.xml" in (site.out / "robots.txt").read_text("utf-8")
    not_found = (site.out / "404.html").read_text("utf-8")
    assert f'<base href="{base}">' in not_found  # served at any address
    links = re.findall(r'href="([^"]+\.html)"', not_found)
    assert {"en/index.html", "zh_CN/index.html"} <= set(links)
    assert all((site.out / link).is_file() for link in links)
    assert '<section lang="zh-CN">' in not_found and '<html lang="en">' in not_found


def test_every_icon_the_pages_show_is_drawn_without_the_icon_font(site):
    """docs/_static/icons.css draws the theme's icons: each one a page or the
    theme's script names needs a rule there, and nothing loads Font Awesome."""
    drawn = set(re.findall(r"^\.fa-([a-z0-9-]+) \{ --icon:",
                           (ROOT / "docs" / "_static" / "icons.css").read_text("utf-8"), re.M))
    styles = {"solid", "regular", "brands", "classic", "lg", "fw", "xs", "sm", "2x", "custom"}
    used = set()
    for language in LANGUAGES:
        for path in site.pages(language):
            text = path.read_text("utf-8")
            assert "fontawesome.js" not in text, path
            for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', text):
                used |= {c[3:] for c in classes.split() if c.startswith("fa-")} - styles
        script = site.out / language / "_static" / "scripts" / "pydata-sphinx-theme.js"
        used |= set(re.findall(r'"fa-([a-z0-9-]+)"', script.read_text("utf-8"))) - styles
    assert len(used) >= 10
    assert sorted(used - drawn) == []


def test_code_has_no_span_for_tokens_drawn_in_the_text_colour(site):
    """extensions/plain_tokens.py: a span whose class draws its token as
    the block draws text changes nothing a reader sees, and a phone pays
    for every element. Every span left in code must change how it looks."""
    for language in LANGUAGES:
        css = (site.out / language / "_static" / "pygments.css").read_text("utf-8")
        used = set()
        for page in site.pages(language):
            for block in re.findall(r'<div class="highlight"><pre>(.*?)</pre>',
                                    page.read_text("utf-8"), re.S):
                used.update(re.findall(r'<span class="([\w ]+)">', block))
        assert used, language
        for theme in ("light", "dark"):
            scope = rf'html\[data-theme="{theme}"\] \.highlight'
            text = re.search(scope + r" \{ background: [^;]+; (color: #\w+) \}", css)[1]
            rules = dict(re.findall(scope + r" \.(\w+) \{ ([^}]*?) \}", css))
            assert rules["n"] == rules["p"] == text  # names, punctuation: plain
            drawn_as_text = sorted(c for c in used if rules.get(c) == text)
            assert drawn_as_text == [], (language, theme)
