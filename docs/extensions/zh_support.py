"""Chinese-tree plumbing: theme UI translations and Chinese search.

1. Catalogs.  A malformed catalog stops the build at once, naming file and
   line. (sphinx-book-theme's strings that its zh_CN catalog lacks are
   filled from ``locales/<lang>/LC_MESSAGES/booktheme.po``, which
   engine/render/words.py compiles with the site's own words.)

2. Search.  Sphinx splits Chinese text with jieba.  A user dictionary built
   from the glossary's Chinese terms keeps terms such as 守护进程 whole, so a query for the
   term matches the indexed word.  It is written at builder-inited and passed
   as html_search_options["dict"].

   The dictionary (and with it jieba) is only loaded when a text is indexed
   that no earlier build has split (jieba_splits.py).

   Sphinx drops every one-character word from the index, and jieba never
   cuts a lone 锁 out of 互斥锁, so a one-character query found nothing.
   Each Chinese character of a word is indexed too, and kept.

3. Sphinx 9.0 bug (sphinx-doc/sphinx#14229): for zh, language_data.js ends
   with ``window.Stemmer = ChineseStemmer;`` but only EnglishStemmer is
   defined, so every page of the Chinese tree throws a ReferenceError and
   search never finishes.  If the installed Sphinx has the bug, a subclass of
   the Chinese search language supplies the stemmer JS itself.

4. Chinese in the English tree is marked ``lang="zh-CN"`` (else browsers
   pick the Japanese glyph variant of some characters); labels that
   extensions hard-code in English are translated through gettext; the
   Chinese index is sorted by pinyin, not by code point; Chinese pages do not
   offer the English Markdown source as their "source file".
"""

from __future__ import annotations

import html.parser
import logging as std_logging
import re
import threading
from pathlib import Path

from sphinx.search import _MINIFIED_JS_PATH
from sphinx.search.zh import SearchChinese, cut_for_search, jieba_load_userdict
from sphinx.util import logging
from sphinx.transforms import SphinxTransform
from docutils import nodes

from engine.render.words import _

from . import catalogs, jieba_splits

logger = logging.getLogger(__name__)

# The glossary names each term in Chinese in bold (**守护进程**): those are the
# words jieba must keep whole, or 守护进程 is indexed as 守护 + 进程 and a search
# for the term finds nothing.
GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.md"


def glossary_terms(glossary: Path = GLOSSARY) -> list[str]:
    """The Chinese words in bold in the glossary page, in order."""
    text = glossary.read_text("utf-8")
    return list(dict.fromkeys(
        word for bold in re.findall(r"\*\*([^*]+)\*\*", text)
        for word in re.findall(r"[\u4e00-\u9fff]{2,}", bold)))


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
JIEBA_FREQ = 100_000  # far above ordinary words, so the term wins the split


# -- 1. catalogs ---------------------------------------------------------------


def check_catalogs(app, config):
    """Stop at once, naming file and line, if a catalog is malformed.

    Sphinx itself would only warn and build the page in English.
    """
    errors = []
    for locale_dir in config.locale_dirs:
        folder = Path(app.srcdir, locale_dir, config.language or "en", "LC_MESSAGES")
        for po in sorted(folder.rglob("*.po")):
            errors += catalogs.syntax_errors(po)
    if errors:
        # SystemExit, not a Sphinx error: Sphinx would wrap the message in its
        # crash report (banner, saved traceback, "please open an issue").
        raise SystemExit("\n".join(f"error: malformed translation catalog: {error}"
                                   for error in errors))


# -- 2. jieba dictionary -------------------------------------------------------


def jieba_dict_text(terms=None) -> str:
    """jieba user-dictionary lines: ``word freq`` (an optional tag may follow)."""
    return "".join(f"{t} {JIEBA_FREQ}\n" for t in terms or glossary_terms())


def _has_jieba() -> bool:
    try:
        import jieba  # noqa: F401
    except ImportError:
        return False
    return True


def write_jieba_dict(app):
    if not (app.config.language or "").startswith("zh"):
        return
    if not _has_jieba():
        # Without jieba Sphinx indexes no Chinese words at all.
        logger.warning("jieba is not installed: Chinese search finds nothing")
    options = app.config.html_search_options
    if options is None:
        options = app.config.html_search_options = {}
    if "dict" in options:  # conf.py chose a dictionary itself
        return
    path = Path(app.doctreedir) / "jieba_dict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = jieba_dict_text()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    options["dict"] = str(path)


# -- 3. Chinese search language: lazy jieba, stemmer JS fix -------------------


class SearchChineseLazy(SearchChinese):
    """SearchChinese that loads the jieba dictionary only when it is needed.

    Loading it initialises jieba (~0.65 s of processor time). A text jieba
    has split in an earlier build is split as it was then (jieba_splits.py):
    a rebuild that writes a page again without new Chinese text does not
    load the dictionary at all. When it is needed from the start (a first
    build), it is loaded in a thread from here: the builder makes its search
    index before it writes the first page, and a page is written only once
    its examples' results are there (engine/render/example.py), so the
    dictionary is ready by then.
    """

    def __init__(self, options: dict[str, str]) -> None:
        user_dict = options.get("dict", "")
        super().__init__({**options, "dict": ""})  # "" = load nothing here
        # Beside the dictionary (in the doctrees); none kept without one.
        path = Path(user_dict).with_name("jieba_splits.pickle") if user_dict else None
        self.splits = jieba_splits.Splits(
            path, jieba_splits.stamp(user_dict),
            lambda: jieba_load_userdict(user_dict) if user_dict else None)

    def split(self, input: str) -> list[str]:
        chinese = self.splits.split(input, cut_for_search)
        latin1 = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin1)
        words = chinese + latin1  # as SearchChinese.split makes them
        return words + [char for word in words if len(word) > 1
                        for char in HAN.findall(word)]

    def word_filter(self, stemmed_word: str) -> bool:
        return super().word_filter(stemmed_word) or bool(HAN.fullmatch(stemmed_word))


def keep_jieba_splits(app, exception) -> None:
    language = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if exception is None and isinstance(language, SearchChineseLazy):
        language.splits.save()


# _MINIFIED_JS_PATH is private to Sphinx; only used while the bug exists.
def _stemmer_js_is_broken() -> bool:
    raw = SearchChinese.js_stemmer_rawcode
    if not raw or not (_MINIFIED_JS_PATH / raw).is_file():
        return False  # a Sphinx that no longer builds the stemmer this way
    js = (_MINIFIED_JS_PATH / raw).read_text("utf-8")
    return f"{SearchChinese.language_name}Stemmer" not in js


class SearchChineseFixed(SearchChineseLazy):
    """Also make language_data.js define the Stemmer it uses (#14229).

    With js_stemmer_rawcode empty, Sphinx emits js_stemmer_code verbatim.
    """

    js_stemmer_rawcode = ""
    js_stemmer_code = ""  # set by setup(), only when the bug is present

    @staticmethod
    def english_stemmer_js() -> str:
        return "\n".join((
            (_MINIFIED_JS_PATH / "base-stemmer.js").read_text("utf-8"),
            (_MINIFIED_JS_PATH / SearchChinese.js_stemmer_rawcode).read_text("utf-8"),
            "window.Stemmer = EnglishStemmer;",
        ))


# -- 4. language marks, hard-coded labels, index order, source download -------

# Han characters with the CJK punctuation and full-width forms around them.
CHINESE_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
    r"(?:[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*"
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff09\u3011\u300b])?")
ZH_LANG_CLASS = "language-zh-CN"  # docutils writes it as lang="zh-CN"


class MarkChineseTitles(SphinxTransform):
    """Wrap Chinese in English titles in <span lang="zh-CN">.

    A transform, because the navigation, the page's table of contents and
    the previous/next links are made from the titles Sphinx collects while
    reading; mark_chinese_in_body() does the rest of the page.
    """

    # After translation and smart quotes (750), before doctree-read (the
    # DoctreeReadEvent transform, 880), where the titles are collected.
    default_priority = 870

    def apply(self):
        if (self.config.language or "en").startswith("zh") \
                or self.app.builder.format != "html":
            return
        for title in self.document.findall(nodes.title):
            for text in list(title.findall(nodes.Text)):
                source, pieces, at = str(text), [], 0
                for match in CHINESE_RUN.finditer(source):
                    pieces += [nodes.Text(source[at:match.start()]),
                               nodes.inline(match.group(), match.group(),
                                            classes=[ZH_LANG_CLASS])]
                    at = match.end()
                if pieces:
                    pieces.append(nodes.Text(source[at:]))
                    text.parent.replace(text, [n for n in pieces if n.astext()
                                               or not isinstance(n, nodes.Text)])


class ChineseMarker(html.parser.HTMLParser):
    """Copy HTML, wrapping Chinese not yet inside a lang="zh..." element."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
            "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[tuple[str, str | None]] = []  # (tag, its lang or None)

    def mark(self, html_text: str) -> str:
        self.feed(html_text)
        self.close()
        return "".join(self.out)

    def chinese_already(self) -> bool:
        langs = [lang for _, lang in self.open if lang is not None]
        return bool(langs) and langs[-1].lower().startswith("zh")

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if self.chinese_already() or (self.open and self.open[-1][0] in ("script", "style")):
            self.out.append(data)
        else:
            self.out.append(CHINESE_RUN.sub(
                lambda m: f'<span lang="zh-CN">{m.group()}</span>', data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")


def mark_chinese_in_body(app, pagename, templatename, context, doctree):
    """Mark Chinese in an English page's body, code and outputs included."""
    if (app.config.language or "en").startswith("zh") or not context.get("body"):
        return
    context["body"] = ChineseMarker().mark(context["body"])


def translate_aria_labels(app, doctree, docname):
    """Labels that sphinx-tabs writes in English whatever the language."""
    labels = {"Tabbed content": _("Tabbed content")}
    for node in doctree.findall(nodes.Element):
        label = node.get("aria-label")
        if label in labels:
            node["aria-label"] = labels[label]


def import_pypinyin(app) -> None:
    """Import pypinyin (its dictionaries: about a second) beside the build,
    for the Chinese index, which is written last, after the last page."""
    if (app.config.language or "").startswith("zh"):
        threading.Thread(target=__import__, args=("pypinyin",), daemon=True,
                         name="pypinyin").start()


def pinyin_key(text: str) -> tuple[str, ...]:
    """The syllables of the Chinese in *text* (进程 -> jin4, cheng2).

    A word sorts before the longer words it begins (进程 before 进程号); a
    Latin entry ("fork") sorts by its own letters among the syllables.
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, errors="ignore")
    return tuple(syllables) if syllables else (text.lower(),)


def sort_index_by_pinyin(app, pagename, templatename, context, doctree):
    """Group and sort the Chinese index as a Chinese dictionary does.

    Sphinx groups entries by their first character and sorts by code point,
    which puts 串 before 主 and gives every character a heading of its own.
    """
    if pagename != "genindex" or not (app.config.language or "").startswith("zh"):
        return
    groups: dict[str, list] = {}
    for heading, entries in context.get("genindexentries") or []:
        for entry in entries:
            key = pinyin_key(entry[0])
            letter = key[0][:1].upper()
            groups.setdefault(letter if letter.isalpha() and letter.isascii()
                              else heading, []).append((key, entry))
    context["genindexentries"] = [
        (letter, [entry for _, entry in sorted(groups[letter], key=lambda e: e[0])])
        for letter in sorted(groups, key=lambda g: (not g.isascii(), g))]


def drop_english_source_download(app, pagename, templatename, context, doctree):
    """Chinese pages do not offer the English Markdown as their source file.

    The pages are translated from catalogs at build time; there is no Chinese
    Markdown to give, and the print (PDF) entry stays.
    """
    if not (app.config.language or "").startswith("zh"):
        return
    for group in context.get("header_buttons") or []:
        if group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"]
                                if b.get("label") != "download-source-button"]


def setup(app):
    app.add_transform(MarkChineseTitles)
    app.connect("html-page-context", mark_chinese_in_body)
    app.connect("doctree-resolved", translate_aria_labels)
    # After the book theme has filled header_buttons and Sphinx the index.
    app.connect("html-page-context", sort_index_by_pinyin, priority=900)
    app.connect("html-page-context", drop_english_source_download, priority=900)
    try:  # jieba logs "Building prefix dict ..." on every zh build, even with -q
        import jieba

        jieba.setLogLevel(std_logging.WARNING)
    except ImportError:
        pass  # reported by write_jieba_dict, for Chinese builds only
    app.connect("config-inited", check_catalogs)
    app.connect("builder-inited", write_jieba_dict)
    app.connect("builder-inited", import_pypinyin)
    app.connect("build-finished", keep_jieba_splits)
    if _stemmer_js_is_broken():
        SearchChineseFixed.js_stemmer_code = SearchChineseFixed.english_stemmer_js()
        app.add_search_language(SearchChineseFixed)
    else:
        app.add_search_language(SearchChineseLazy)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
