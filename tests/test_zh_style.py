"""The Chinese catalogs as files and as writing: gettext accepts every one, each
names its translators, and every translation spaces Chinese and Latin text as
Chinese technical writing does.

The spacing is checked by AutoCorrect (PyPI ``autocorrect-py``), the linter for
CJK copywriting, not by rules written here. A msgstr is MyST Markdown, and what
the reader sees of it is what is linted: a ``{term}`` role as the text it shows,
a page link (``{doc}``, shown as the page's title) and a code span as a stand-in
word, a link as its text. Without that, AutoCorrect would space the inside of
``{term}`子进程 <child process>``` and of code, which is not prose.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import autocorrect_py as autocorrect
import pytest

from conftest import ROOT

CATALOGS = ROOT / "docs" / "locales" / "zh_CN" / "LC_MESSAGES"
FILES = sorted(CATALOGS.glob("*.po"))
PLACEHOLDERS = ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LL@li.org",
                "SOME DESCRIPTIVE TITLE", "FIRST AUTHOR")


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("msgfmt (GNU gettext) is not installed, so the catalogs cannot "
                    "be checked: apt-get install gettext, brew install gettext, "
                    "or choco install gettext")
    return path


@pytest.mark.parametrize("po", FILES, ids=[po.name for po in FILES])
def test_msgfmt_accepts_the_catalog(po, tmp_path):
    """``msgfmt --check`` with its warnings: a header field left at its
    default or missing is a warning that still exits 0."""
    run = subprocess.run([msgfmt(), "--check", "-o", str(tmp_path / "out.mo"), str(po)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == "", run.stderr


@pytest.mark.parametrize("po", FILES, ids=[po.name for po in FILES])
def test_the_header_names_translators_and_a_revision_date(po):
    header = po.read_text("utf-8").split("\n\n")[0]
    assert not [p for p in PLACEHOLDERS if p in header]
    fields = dict(re.findall(r'^"([\w-]+): (.*?)\\n"$', header, re.M))
    assert fields["Last-Translator"].startswith("Concurrency Notes")
    assert fields["Language-Team"].startswith("Concurrency Notes")
    assert re.fullmatch(r"20\d\d-\d\d-\d\d \d\d:\d\d[+-]\d{4}", fields["PO-Revision-Date"])


def shown(text: str) -> str:
    """What a reader sees of a msgstr, with a stand-in for code and page titles."""
    text = re.sub(r"\{doc\}`[^`]*`", "页面", text)  # the linked page's title
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*(?:<[^`>]+>)?`", r"\1", text)  # as shown
    text = re.sub(r"`[^`]+`", "CODE", text)  # a code span is a word of its own
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link: its text
    text = re.sub(r"https?://\S+", "URL", text)
    return text.replace("**", "")


@pytest.mark.site  # reads the catalogs with babel, a docs dependency
def test_chinese_and_latin_text_are_spaced_as_autocorrect_says():
    from babel.messages.pofile import read_po

    wrong, checked = [], 0
    for po in FILES:
        with open(po, "rb") as file:
            for message in read_po(file):
                if not (message.id and message.string):
                    continue
                checked += 1
                text = shown(message.string)
                fixed = autocorrect.format(text)
                if fixed != text:
                    at = next(i for i, (a, b) in enumerate(zip(text, fixed)) if a != b)
                    wrong.append(f"{po.name}: …{text[max(0, at - 12):at + 12]}… "
                                 f"-> …{fixed[max(0, at - 12):at + 12]}…")
    assert checked > 500 and wrong == []


@pytest.mark.parametrize("text, fixed", [
    ("把自身声明为subreaper 进程", "把自身声明为 subreaper 进程"),
    ("在 macOS 上 fork “应被视为不安全”", "在 macOS 上 fork“应被视为不安全”"),
    ("调用`join()`之后", "调用 CODE 之后"),
    ("见《{doc}`join`》", "见《页面》"),
    ("一行是{term}`主进程 <main process>`，", "一行是主进程，"),
])
def test_the_check_sees_what_the_reader_sees(text, fixed):
    """The linter fails on the spacing mistakes the catalogs had, and not on
    the inside of roles, page links or code."""
    assert autocorrect.format(shown(text)) == fixed
