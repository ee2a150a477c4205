"""The words the site writes itself, in the page's language, through gettext.

The extensions of this site (an output's tabs and notes, the timeline
figures, the page titles) write their own few words with ``_("...")``. Their
translations are the catalog ``notes`` of each language,
``docs/locales/<language>/LC_MESSAGES/notes.po``, beside the pages' catalogs
(``python3 -m nox -s translations`` extracts the words from the code into
it). Adding a language means adding catalogs: no table in the code names a
language.

Sphinx compiles only the pages' catalogs; compile() compiles interface
catalogs (this one, and the theme's that we complete) into the build's
doctree folder, not the source tree (.mo files are not committed, and a
write into docs/ would set sphinx-autobuild off again), and registers them.
"""
from __future__ import annotations

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


def _(message: str) -> str:
    """``message`` in the language of the build (English if it has none)."""
    return str(_translate(message))


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
