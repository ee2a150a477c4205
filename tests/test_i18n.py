"""Both languages: complete catalogs, the same pages, switches, search, UI."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from extensions import catalogs
import site_search
from conftest import ROOT, foreground_job
from test_site import Page

pytestmark = pytest.mark.site
DOCS = ROOT / "docs"
PAGES = sorted(path.stem for path in DOCS.glob("*.md"))
CATALOGS = DOCS / "locales" / "zh_CN" / "LC_MESSAGES"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_complete_chinese_catalog(page):
    rows = {row[1]: row for row in catalogs.progress()}
    assert page in rows, f"no catalog docs/locales/zh_CN/LC_MESSAGES/{page}.po"
    _, _, translated, fuzzy, untranslated = rows[page]
    assert (fuzzy, untranslated) == (0, 0)
    assert translated > 0


def test_catalogs_are_in_step_with_the_english_pages(tmp_path):
    """Every message of every page has a translation: no English left over."""
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "gettext",
                    "-D", "example_results=", str(DOCS), str(tmp_path)], check=True)
    missing = []
    for pot in sorted(tmp_path.glob("*.pot")):
        with open(pot, "rb") as file:
            wanted = {m.id for m in read_po(file) if m.id}
        with open(CATALOGS / f"{pot.stem}.po", "rb") as file:
            have = {m.id for m in read_po(file) if m.id and m.string and not m.fuzzy}
        missing += [f"{pot.stem}: {msgid[:60]!r}" for msgid in sorted(wanted - have)]
    assert missing == [], "run `python3 -m nox -s translations` and translate these"


def test_both_trees_have_the_same_pages(site):
    def names(language):
        return {p.relative_to(site.out / language).as_posix() for p in site.pages(language)}
    assert names("en") == names("zh_CN")
    assert {f"{page}.html" for page in PAGES} <= names("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_page_links_to_itself_in_the_other_language(site, language):
    other = "zh_CN" if language == "en" else "en"
    for path in site.pages(language):
        html = path.read_text("utf-8")
        match = re.search(r'class="language-switch[^"]*"\s+href="([^"]+)"', html)
        assert match, f"{path.name} has no language switch"
        target = (path.parent / match.group(1)).resolve()
        assert target == (site.out / other / path.relative_to(site.out / language)).resolve()
        assert target.is_file()


def test_the_root_page_offers_both_languages(site):
    root = Page(site.out / "index.html")
    assert {"en/index.html", "zh_CN/index.html"} <= set(root.links)


ENGLISH_INTERFACE = ["Search", "Contents", "Previous", "Next", "Download",
                     "Fullscreen", "Toggle", "Main", "Page", "By ", "Copyright",
                     "On this page", "Light", "Dark", "Print", "Skip", "Edit"]


def interface_text(html: str) -> list[str]:
    """Labels and text of the page outside its article and code."""
    html = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    html = re.sub(r'<article class="bd-article">.*?</article>', "", html, flags=re.S)
    labels = re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', html)
    return labels + [t.strip() for t in re.findall(r">([^<>]+)<", html) if t.strip()]


def test_the_theme_speaks_chinese_in_the_chinese_tree(site):
    for page in ("index.html", "join.html", "search.html"):
        text = interface_text((site.out / "zh_CN" / page).read_text("utf-8"))
        english = [t for t in text for word in ENGLISH_INTERFACE if t.startswith(word)]
        assert english == [], page
        assert "搜索" in " ".join(text)


@pytest.mark.parametrize("term", ["守护进程", "僵尸进程", "孤儿进程", "互斥锁"])
def test_chinese_search_finds_every_page_that_uses_a_term(site, term):
    """Including pages that have the term only in their body text."""
    expected = set()
    for po in CATALOGS.glob("*.po"):
        with open(po, "rb") as file:
            if any(term in m.string for m in read_po(file) if m.id):
                expected.add(po.stem)
    expected &= set(PAGES)
    found = set(site_search.search(site.out / "zh_CN", term))
    assert expected and expected <= found


def test_english_search_still_works(site):
    assert "daemon" in site_search.search(site.out / "en", "daemon")


# Chinese, Latin and mixed text, a glossary term, a one-character word.
TEXTS = ["守护进程随主进程结束而结束", "p.join() waits for the child",
         "用 Process 对象的 join() 等待子进程", "互斥锁", "锁", ""]


def test_chinese_search_splits_text_as_sphinx_does_plus_each_character(tmp_path):
    from sphinx.search.zh import SearchChinese
    from extensions import zh_support

    user_dict = tmp_path / "jieba_dict.txt"
    user_dict.write_text(zh_support.jieba_dict_text(), encoding="utf-8")
    ours = zh_support.SearchChineseLazy({"dict": str(user_dict)})
    sphinx = SearchChinese({"dict": str(user_dict)})
    for text in TEXTS:
        theirs = sphinx.split(text)
        assert ours.split(text) == theirs + [
            char for word in theirs if len(word) > 1 for char in zh_support.HAN.findall(word)]
    assert "互斥锁" in ours.split(TEXTS[3])  # the glossary term is kept whole
    assert ours.latin_terms == sphinx.latin_terms


def test_a_rebuild_splits_text_it_has_split_before_without_jieba(tmp_path):
    """jieba's dictionary (0.65 s to load) is loaded only for a new text."""
    import jieba
    from extensions import jieba_splits

    path, loads = tmp_path / "jieba_splits.pickle", []
    stamp = jieba_splits.stamp("")
    first = jieba_splits.Splits(path, stamp, lambda: loads.append("first"))
    assert [first.split(text, jieba.cut_for_search) for text in TEXTS] == [
        list(jieba.cut_for_search(text)) for text in TEXTS]
    first.save()
    assert loads == ["first"]  # no splits kept yet: loaded at once
    again = jieba_splits.Splits(path, stamp, lambda: loads.append("again"))
    assert [again.split(text, jieba.cut_for_search) for text in TEXTS] == [
        list(jieba.cut_for_search(text)) for text in TEXTS]
    assert loads == ["first"]
    # A new text of ASCII characters alone (code, an output) is split by the
    # dictionary's ASCII words, exactly as by the whole dictionary.
    scripts = [text for path in sorted((ROOT / "examples").rglob("*.py"))
               for text in [path.read_text("utf-8")] if text.isascii()]
    assert len(scripts) > 20
    scripts.append("C++ or c#, not AT&T: p.start()")  # words of jieba's dictionary
    assert [again.split(text, jieba.cut_for_search) for text in scripts] == [
        list(jieba.cut_for_search(text)) for text in scripts]
    assert loads == ["first"]
    again.split("孤儿进程被 init 收养", jieba.cut_for_search)
    assert loads == ["first", "again"]
    again.save()
    # Another jieba or user dictionary: nothing kept is used.
    other = jieba_splits.Splits(path, "another stamp", lambda: loads.append("other"))
    assert other.kept == {} and loads[-1] == "other"

def page_catalogs() -> list[Path]:
    return [po for po in sorted(CATALOGS.glob("*.po"))
            if po.stem not in catalogs.INTERFACE_DOMAINS]


def test_every_catalog_is_written_as_an_update_writes_it():
    """One wrapping (none) for every page catalog, so an update rewraps nothing."""
    rewrapped = []
    for po in page_catalogs():
        if catalogs.render(catalogs.read(po)) != po.read_bytes():
            rewrapped.append(po.name)
    assert rewrapped == [], "run `python3 -m nox -s translations`"


def test_no_translation_carries_english_prose():
    """A pasted English sentence in a Chinese entry is shown to Chinese
    readers as it is: eight English words in a row, outside code, is one."""
    english = re.compile(r"(?:[A-Za-z']+[ ,.:;]+){7,}[A-Za-z']+")
    found = []
    for po in page_catalogs():
        for message in catalogs.read(po):
            if message.id and message.string:
                prose = re.sub(r"`[^`]*`|\{[^}]*\}`[^`]*`|\]\([^)]*\)", "", message.string)
                found += [f"{po.name}: {m.group()[:60]!r}" for m in english.finditer(prose)]
    assert found == []


def test_an_english_change_changes_only_its_catalog_entry(tmp_path):
    """The entry becomes fuzzy and keeps the English it was translated from."""
    import difflib
    import shutil

    for folder in ("docs", "examples", "tests"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("_build", "__pycache__", "*.mo"))
    docs, locales = tmp_path / "docs", tmp_path / "docs" / "locales"
    catalogs.update(docs, locales)  # whatever state the copy was in
    before = {po.name: po.read_text("utf-8") for po in locales.rglob("*.po")}
    old = "Both examples on this page start four children, named after four apps,"
    new = "Both examples on this page start four child processes, named after four apps,"
    page = docs / "join.md"
    assert old in page.read_text("utf-8")
    page.write_text(page.read_text("utf-8").replace(old, new), "utf-8")

    changed = catalogs.update(docs, locales)

    assert [po.name for po in changed] == ["join.po"]
    after = {po.name: po.read_text("utf-8") for po in locales.rglob("*.po")}
    assert {name for name in after if after[name] != before[name]} == {"join.po"}
    diff = [line for line in difflib.unified_diff(
                before["join.po"].splitlines(), after["join.po"].splitlines(),
                lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    old_msgid = next(line for line in before["join.po"].splitlines()
                     if line.startswith("msgid ") and old in line)
    assert diff == ["-" + old_msgid, "+#, fuzzy",
                    "+#| " + old_msgid, "+" + old_msgid.replace(old, new)]
    # Read back, the entry keeps its previous English, and a second update,
    # with the entry still fuzzy, changes nothing.
    join_po = locales / "zh_CN" / "LC_MESSAGES" / "join.po"
    with open(join_po, "rb") as file:
        entry = next(m for m in read_po(file) if m.id and new in m.id)
    assert entry.fuzzy and entry.string  # the old translation, to revise
    (previous,) = catalogs.previous_ids(join_po.read_text("utf-8"))[entry.id]
    assert old in previous and new not in previous
    assert catalogs.update(docs, locales) == []


@pytest.mark.skipif(sys.platform != "linux", reason="finds Sphinx in /proc")
def test_ctrl_c_during_the_catalog_update_is_one_line():
    """Ctrl-C while Sphinx extracts the messages (before any catalog is
    touched): one line, no traceback, and no Sphinx left running."""
    import signal
    import time

    from engine.run import processes

    update = subprocess.Popen(
        [sys.executable, str(DOCS / "translations.py"), "--update"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=foreground_job)
    try:
        deadline = time.monotonic() + 60
        while not any("gettext" in processes.command_of(pid)
                      for pid in processes.descendants(update.pid)):
            assert time.monotonic() < deadline and update.poll() is None
            time.sleep(0.02)
        sphinx = processes.descendants(update.pid)
        update.send_signal(signal.SIGINT)
        output = update.communicate(timeout=60)[0]
    finally:
        update.kill()
    assert update.returncode == 130, output
    assert "Traceback" not in output and "Interrupted!" not in output
    assert output.strip().startswith("interrupted:") and len(output.strip().splitlines()) == 1
    processes.wait_gone(sphinx, 10)
    assert not [pid for pid in sphinx if processes.running(pid)]
