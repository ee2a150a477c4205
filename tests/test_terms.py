"""One term for one thing: the glossary's Chinese terms, held against the Chinese pages.

docs/glossary.md names each term's Chinese form in bold at the start of its
definition (``**僵尸进程** (jiāngshī jìnchéng) — ...``). Every Chinese page must
spell a term that way: a glossary link shows the glossary's form, and the
known wrong variants of a term never appear.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

pytestmark = pytest.mark.site  # reads catalogs with babel, a docs dependency

DOCS = ROOT / "docs"
CATALOGS = DOCS / "locales" / "zh_CN" / "LC_MESSAGES"
PAGES = sorted(path.stem for path in DOCS.glob("*.md"))

# Variants that have been used for a glossary term (or for a fixed phrase of
# the site) and must not come back: term -> (wrong pattern, ...).
WRONG = {
    "subreaper": (r"子进程回收者", r"收割者"),
    "reap": (r"收割",),
    "join": (r"join方法",),
    "race condition": (r"竞争条件",),
    "critical section": (r"关键区", r"临界段"),
    "mutex lock": (r"互斥量",),
    "start method": (r"启动方式",),
    "daemon process": (r"精灵进程",),
    # 进程号 in running text; `PID` stays as a column name or in code, and
    # so do the names "PID 1" and "PID 命名空间", and "进程号（PID）".
    "PID": (r"进程 ?ID", r"(?<![`<（(\w])PID(?![`>）)\w]| 1\b| 命名空间)"),
    "main guard": (r"__main__` 保护(?!条件)", r"没有加保护(?!条件)", r"这个保护(?!条件)"),
}
SITE_PHRASES = {  # the site's own fixed phrases: the form used, the forms not
    "Correcting the note": ("笔记勘误", (r"对笔记的更正",)),
    "Tip": ("提示", (r"小技巧",)),
    "named (semaphore)": ("命名信号量", (r"具名",)),
    "raise (an exception)": ("引发", (r"抛出",)),
    "server": ("服务器", (r"服务端",)),
    "the resource tracker": ("`resource_tracker` 进程", (r"资源跟踪", r"资源追踪")),
}


def read_po(file):
    # babel comes with the docs dependencies; tests-versions, which has only
    # the test ones, deselects this module's tests (site) before they run.
    from babel.messages.pofile import read_po

    return read_po(file)


def glossary_terms() -> dict[str, list[str]]:
    """English term -> its Chinese names, as docs/glossary.md gives them."""
    terms, pending = {}, []
    block = DOCS.joinpath("glossary.md").read_text("utf-8").split("```{glossary}")[1]
    for line in block.split("```")[0].splitlines():
        if line and not line[0].isspace():
            pending.append(line.strip())
        elif line.strip().startswith("**"):
            names = re.findall(r"\*\*(.+?)\*\*", line.split(" — ")[0])
            for term, name in zip(pending, names):
                terms[term] = [name.replace("`", "")]
            pending = []
    return terms


TERMS = glossary_terms()


def allowed_names(term: str) -> set[str]:
    """What a Chinese glossary link to ``term`` may show."""
    names = set(TERMS[term])
    # "fork 启动方法", "join 方法": the English word alone is the usual form.
    names |= {term for name in TERMS[term] if term in name}
    return names


def chinese_messages():
    for page in PAGES:
        with open(CATALOGS / f"{page}.po", "rb") as file:
            for message in read_po(file):
                if message.id and message.string:
                    yield page, message.id, message.string


def test_the_glossary_is_read():
    assert len(TERMS) >= 20
    assert TERMS["zombie process"] == ["僵尸进程"]
    assert TERMS["subreaper"] == ["subreaper 进程"]
    assert TERMS["main process"] == ["主进程"] and TERMS["parent process"] == ["父进程"]


def test_the_chinese_glossary_names_each_term_as_the_english_one_does():
    with open(CATALOGS / "glossary.po", "rb") as file:
        entries = {m.id: m.string for m in read_po(file) if m.id}
    wrong = {}
    for term, names in TERMS.items():
        shown = entries[term].split("（")[0].replace("`", "")
        if shown not in allowed_names(term):
            wrong[term] = (entries[term], names)
    assert wrong == {}


@pytest.mark.parametrize("term", sorted(WRONG))
def test_no_page_uses_a_wrong_variant_of_a_term(term):
    found = [(page, re.search(pattern, text).group(0))
             for page, _, text in chinese_messages()
             for pattern in WRONG[term] if re.search(pattern, text)]
    assert found == [], f"use {TERMS[term][0]!r} for {term!r}"


@pytest.mark.parametrize("phrase", sorted(SITE_PHRASES))
def test_no_page_uses_a_wrong_variant_of_a_site_phrase(phrase):
    right, patterns = SITE_PHRASES[phrase]
    found = [(page, text[:40]) for page, _, text in chinese_messages()
             for pattern in patterns if re.search(pattern, text)]
    assert found == [], f"use {right!r}"


def test_every_glossary_link_shows_the_glossarys_chinese_term():
    wrong, checked = [], 0
    for page, english, text in chinese_messages():
        for shown, target in re.findall(r"\{term\}`([^`<]*?)\s*(?:<([^`>]+)>)?`", text):
            checked += 1
            term = (target or shown).strip()
            if target and term in TERMS and shown.strip() not in allowed_names(term):
                wrong.append((page, shown, term))
            elif not target and shown.strip() not in allowed_names(shown.strip()):
                wrong.append((page, shown, "(shows the English term)"))
    assert checked > 50 and wrong == []


def test_a_term_is_spelled_as_in_the_glossary_wherever_it_is_linked():
    """A page that links a term in English links it in Chinese too, by the
    same target: a translation never drops or swaps a glossary link."""
    dropped = []
    for page, english, text in chinese_messages():
        def targets(source):
            return sorted((target or shown).strip() for shown, target in
                          re.findall(r"\{term\}`([^`<]*?)\s*(?:<([^`>]+)>)?`", source))
        if targets(english) != targets(text):
            dropped.append((page, english[:50]))
    assert dropped == []


def test_a_pointer_at_an_outputs_tab_is_translated_as_one():
    """"(see the fork tab ...)" leads a Chinese reader to the same tab."""
    lost = [f"{page}: {english[:80]}" for page, english, chinese in chinese_messages()
            if re.search(r"\btabs? of\b|\bthat tab\b|\bthose tabs\b|\b\w+ tabs?\)", english)
            and "标签页" not in chinese]
    assert lost == []


def shown_text(text: str) -> str:
    """A msgstr without its code spans, page links and link targets; other
    roles as they are shown."""
    text = re.sub(r"\{doc\}`[^`]*`", "", text)
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*(?:<[^`>]+>)?`", r"\1", text)
    text = re.sub(r"`[^`]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_join_is_a_method_not_a_chinese_verb():
    """"先 join 生产者" mixes an English verb into Chinese prose, while the
    next sentence says 等待: the prose says 等待 (or names `join()`)."""
    found = [(page, re.search(r".{0,8}\bjoin\b.{0,8}", shown).group(0))
             for page, english, text in chinese_messages()
             if english != "join"  # the glossary's own entry
             for shown in [shown_text(text)]
             if re.search(r"\bjoin\b(?! 方法)", shown)]
    assert found == []


def test_a_figures_lane_is_a_lane_not_a_line():
    """The timeline figure's "lane" is 泳道: "一行" already means a line of output."""
    wrong = [(page, english[:60]) for page, english, text in chinese_messages()
             if re.search(r"\blanes?\b", english)
             and ("泳道" not in text or re.search(r"[那这]一行", text))]
    assert wrong == []
