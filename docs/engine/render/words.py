"""The words the site writes itself, in the page's language, through gettext.

The extensions of this site (an output's tabs and notes, the timeline
figures, the page titles) write their own few words with ``_("...")``. Their
translations are the catalog ``notes`` of each language,
``docs/locales/<language>/LC_MESSAGES/notes.po``, beside the pages' catalogs
(``python3 -m nox -s translations`` extracts the words from the code into
it). Adding a language means adding catalogs: no table in the code names a
language.

Outside Sphinx, with nothing but the standard library (a learner's checker,
examples/check.py), choose() reads the same catalog with read_catalog(): our
catalogs are written unwrapped, one line per msgid and per msgstr, so a line
reader is enough, and there is no second copy of the words.

Sphinx compiles only the pages' catalogs; compile() compiles interface
catalogs (this one, and the theme's that we complete) into the build's
doctree folder, not the source tree (.mo files are not committed, and a
write into docs/ would set sphinx-autobuild off again), and registers them.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import config

try:
    from sphinx import locale
except ModuleNotFoundError:  # the examples' claims alone (tests-versions)
    locale = None

DOMAIN = "notes"
# Catalogs of interface words rather than of pages: ours, and the themes'
# that we complete (Sphinx compiles its own, "sphinx", by itself).
INTERFACE_DOMAINS = (DOMAIN, "booktheme", "sphinx")
COMPILED_HERE = (DOMAIN, "booktheme")
_translate = locale.get_translation(DOMAIN) if locale else str
_chosen: dict[str, str] | None = None  # set by choose(): outside Sphinx


def _(message: str) -> str:
    """``message`` in the language of the build (English if it has none),
    or in the language choose() chose."""
    if _chosen is not None:
        return _chosen.get(message, message)
    return str(_translate(message))


def choose(language: str | None) -> None:
    """Outside Sphinx: write the words in ``language`` from now on (English,
    the words themselves, where the catalog lacks one); None: as Sphinx
    translates them again."""
    global _chosen
    if language is None:
        _chosen = None
        return
    po = config.LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    _chosen = read_catalog(po) if language != "en" and po.is_file() else {}


def languages() -> list[str]:
    """The languages the code's words are translated into, and English."""
    return ["en", *sorted(path.parts[-3] for path in
                          config.LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


def read_catalog(po: Path) -> dict[str, str]:
    """msgid -> msgstr of an unwrapped catalog, without fuzzy or empty ones.

    The catalogs are written one line per string (extensions/catalogs.py;
    the tests check it), so each entry is its "#," flags, a ``msgid "..."``
    line and a ``msgstr "..."`` line."""
    found, msgid, fuzzy = {}, None, False
    for line in po.read_text("utf-8").splitlines():
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("msgid "):
            msgid = _unquote(line[6:])
        elif line.startswith("msgstr ") and msgid is not None:
            text = _unquote(line[7:])
            if msgid and text and not fuzzy:
                found[msgid] = text
            msgid, fuzzy = None, False
    return found


def _unquote(quoted: str) -> str:
    """The text of a PO string: "a \\"b\\"\\n" -> a "b" and a newline."""
    inner = quoted.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                  inner)


def compile_interface(app, app_config) -> None:
    """At config-inited: this build's interface catalogs, ready before
    anything (conf.py's titles, the theme) asks for a word. The site's own
    words come from docs/locales whatever pages are built (a test's
    throwaway site too)."""
    folders = [Path(app.srcdir, folder) for folder in app_config.locale_dirs]
    compile(app_config.language, [*folders, config.LOCALES],
            Path(app.doctreedir) / "interface_locale")


def compile(language: str, locale_dirs, out_root: Path,
            domains=COMPILED_HERE) -> None:
    """Compile each of ``domains`` found in ``locale_dirs`` for ``language``
    into ``out_root`` and make it the translation of that domain.

    Registered before a theme registers its own catalog of the same domain,
    ours takes precedence and the theme's is the fallback.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    if not language or language == "en":
        return
    for domain in domains:
        for locale_dir in locale_dirs:  # the first that has it
            po = Path(locale_dir, language, "LC_MESSAGES", domain + ".po")
            if not po.is_file():
                continue
            mo = out_root / language / "LC_MESSAGES" / (domain + ".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as file:
                catalog = read_po(file, locale=language, domain=domain)
            with mo.open("wb") as file:
                write_mo(file, catalog)
            # The same call as Sphinx.add_message_catalog().
            locale.init([out_root], language, domain)
            break


def use(language: str, out_root: Path) -> None:
    """Make ``language`` the language of the words from now on, outside a
    Sphinx build (the tests; the catalog is compiled into ``out_root``)."""
    if locale is None:  # English is what the code says
        if language != "en":
            raise RuntimeError("words in other languages need Sphinx and babel "
                               "(the docs dependency group)")
        return
    locale.translators.pop(("general", DOMAIN), None)
    compile(language, [config.LOCALES], out_root, domains=(DOMAIN,))
