"""The gettext catalogs: update them, check them, say how far each page is.

    python3 docs/translations.py [--update] [--check]

Prints translated / fuzzy / untranslated per page for every language under
docs/locales/. A fuzzy entry counts as not translated: its msgstr is a guess
made from an older msgid, and Sphinx does not use it. With --check, exits 1
if any entry is fuzzy or untranslated, naming the file.

With --update (``python3 -m nox -s translations``), first extracts the pages'
messages, and the words the site's own code writes (``_("...")``, the
catalog ``notes``: engine/render/words.py), and merges them into every catalog: an entry whose English changed becomes
fuzzy and keeps the English it was translated from (``#| msgid``), and
nothing else in the file changes. Every catalog is written unwrapped (one
line per string), so an update never rewraps an entry it did not change and
never breaks a URL or a ``{term}`` reference across lines.

As a Sphinx extension (conf.py), it makes a translation's inconsistent
reference warning name the catalog and the entry, not the English page.
"""
from __future__ import annotations

import io
import logging as std_logging
import os
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape, write_po

from engine import config, files
from engine.render.words import DOMAIN, INTERFACE_DOMAINS

DOCS = config.DOCS
LOCALES = config.LOCALES
# The catalogs kept by hand: the themes' words that we complete.
KEPT_BY_HAND = tuple(domain for domain in INTERFACE_DOMAINS if domain != DOMAIN)
# Where the site's own code writes words with _("..."): extracted into DOMAIN.
CODE = ("engine/**/*.py", "extensions/*.py", "conf.py")
# No wrapping: a long line in a catalog is harmless, a rewrapped entry is a
# diff nobody changed, and a wrap inside a URL or a reference breaks it.
# babel's write_po wraps only lines longer than its width, so a width no
# line reaches means no wrapping; width=0 would still wrap comments, the
# "#| msgid" of a fuzzy entry included, at 76.
WIDTH = 1 << 30


# A line of a catalog is a comment, a keyword with a quoted string, or the
# quoted continuation of the string above. Babel silently reads some broken
# lines (an unclosed quote) as an empty translation, so check them first.
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+{_STRING}"
                   rf"|{_STRING})?\s*")


def syntax_errors(po: Path) -> list[str]:
    """'file:line: what is wrong' for each malformed line of ``po``."""
    errors, shown = [], shown_path(po)  # as the build names it, too
    lines = po.read_text("utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, 1):
        if not _LINE.fullmatch(line):
            errors.append(f"{shown}:{number}: not valid PO syntax: {line.strip()!r}")
    if not errors:
        try:
            with open(po, "rb") as file:
                read_po(file, abort_invalid=True)
        except PoFileError as error:
            errors.append(f"{shown}:{error.lineno}: {error}")
    return errors


def progress(locales: Path = LOCALES) -> list[tuple[str, str, int, int, int]]:
    """(language, page, translated, fuzzy, untranslated) for every catalog."""
    rows = []
    for po in sorted(locales.glob("*/LC_MESSAGES/**/*.po")):
        language = po.relative_to(locales).parts[0]
        page = po.relative_to(locales / language / "LC_MESSAGES").with_suffix("").as_posix()
        if page in KEPT_BY_HAND:
            continue
        errors = syntax_errors(po)
        if errors:
            raise ValueError("\n".join(errors))
        with open(po, "rb") as file:
            catalog = read_po(file)
        messages = [m for m in catalog if m.id]
        fuzzy = sum(1 for m in messages if m.fuzzy)
        untranslated = sum(1 for m in messages if not m.fuzzy and not m.string)
        rows.append((language, page, len(messages) - fuzzy - untranslated,
                     fuzzy, untranslated))
    return rows


def render(catalog: Catalog) -> bytes:
    """A catalog as its .po file: unwrapped, with previous msgids."""
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_previous=True)
    return out.getvalue()


def read(po: Path) -> Catalog:
    """The catalog in ``po``, previous msgids (``#|``) included.

    babel's read_po takes a "#| msgid" line for a translator's comment (and
    would write it back as "# | msgid"): it is read here instead.
    """
    with open(po, "rb") as file:
        catalog = read_po(file)
    previous = previous_ids(po.read_text("utf-8"))
    for message in catalog:
        message.user_comments = [c for c in message.user_comments
                                 if not c.startswith("|")]
        if message.id in previous:
            message.previous_id = previous[message.id]
    return catalog


def previous_ids(text: str) -> dict[str, list[str]]:
    """msgid -> the ``#| msgid`` above it, for every entry of a .po text."""
    found, previous, current, section = {}, None, None, None
    for line in text.splitlines():
        if line.startswith("#| msgid "):
            previous, section = [line[len("#| msgid "):]], "previous"
        elif line.startswith('#| "') and section == "previous":
            previous.append(line[len("#| "):])
        elif line.startswith("msgid "):
            current, section = [line[len("msgid "):]], "msgid"
        elif line.startswith('"') and section == "msgid":
            current.append(line)
        else:
            if section == "msgid" and previous is not None:
                found["".join(unescape(part) for part in current)] = [
                    "".join(unescape(part) for part in previous)]
                previous = None
            if section == "msgid":
                current, section = None, None
    return found


# A catalog's header names the project's translators, not a person: each
# entry's history is in git. PO editors keep the PO-Revision-Date current.
TRANSLATOR = "Concurrency Notes contributors"
LANGUAGE_TEAM = "Concurrency Notes translators"


def header_comment(domain: str) -> str:
    return (f"# Translation of the page \"{domain}\" of Concurrency Notes.\n"
            "# Copyright (C) 2026, Concurrency Notes contributors\n"
            "# This file is distributed under the same license as the Concurrency Notes\n"
            "# package.\n#")


def merge(po: Path, template: Catalog, language: str) -> bool:
    """Bring ``po`` in step with ``template``; True if the file changed.

    A file whose messages are all still current is left as it is, byte for
    byte (its creation date included).
    """
    if po.is_file():
        errors = syntax_errors(po)
        if errors:
            raise ValueError("\n".join(errors))
        catalog = read(po)
        previous = {m.id: m.previous_id for m in catalog if m.previous_id}
        catalog.update(template, update_creation_date=False)
        # babel sets the previous msgid only where it makes an entry fuzzy:
        # one still fuzzy from an earlier update keeps the one it had.
        for message in catalog:
            if message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = previous[message.id]
    else:
        catalog = Catalog(locale=language, project=template.project,
                          version=template.version, fuzzy=False,
                          copyright_holder=template.copyright_holder,
                          creation_date=template.creation_date,
                          revision_date=template.creation_date,
                          last_translator=TRANSLATOR, language_team=LANGUAGE_TEAM,
                          header_comment=header_comment(po.stem))
        catalog.update(template)
        catalog.version, catalog.msgid_bugs_address = "", ""  # not "VERSION"
    text = render(catalog)
    if po.is_file() and po.read_bytes() == text:
        return False
    files.write_atomically(po, text, "catalog")
    return True


def update(docs: Path = DOCS, locales: Path | None = None) -> list[Path]:
    """Extract the pages' messages and merge them into every catalog.

    Returns the catalogs that changed. The themes' catalogs (KEPT_BY_HAND)
    are not touched.
    """
    locales = locales or docs / "locales"
    pot_folder = docs / "_build" / "gettext"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "gettext",
                    "-D", "example_results=", str(docs), str(pot_folder)],
                   check=True)
    changed = []
    languages = sorted(p.name for p in locales.iterdir() if (p / "LC_MESSAGES").is_dir())
    templates = {}
    for pot in sorted(pot_folder.rglob("*.pot")):
        domain = pot.relative_to(pot_folder).with_suffix("").as_posix()
        if domain not in INTERFACE_DOMAINS:
            with open(pot, "rb") as file:
                templates[domain] = read_po(file)
    templates[DOMAIN] = code_words(docs)
    for domain, template in templates.items():
        for language in languages:
            po = locales / language / "LC_MESSAGES" / f"{domain}.po"
            if merge(po, template, language):
                changed.append(po)
    return changed


def code_words(docs: Path = DOCS) -> Catalog:
    """The words the site's code writes with ``_("...")``, as a template,
    with the comments that begin ``Translators:`` above them."""
    from babel.messages.extract import extract_from_file

    template = Catalog(project="Concurrency Notes", domain=DOMAIN)
    for pattern in CODE:
        for path in sorted(docs.glob(pattern)):
            for _line, message, comments, _context in extract_from_file(
                    "python", path, keywords={"_": None},
                    comment_tags=("Translators:",), strip_comment_tags=True):
                # No locations: they would change with every edit that
                # moves a line (the page catalogs have none either).
                template.add(message, auto_comments=comments)
    return template


# -- Sphinx extension: a translation's warnings name its catalog ---------------

class TranslationWarningLocation:
    """A logging filter: point inconsistent-reference warnings at the .po entry.

    Sphinx reports a translated message whose references differ from the
    English at the English page's line, but the fault is in the catalog: say
    which file, which line, and which entry.
    """

    def __init__(self, app):
        self.app = app

    def filter(self, record) -> bool:
        from docutils import nodes

        node = getattr(record, "location", None)
        if getattr(record, "subtype", "") != "inconsistent_references" \
                or not isinstance(node, nodes.Node):
            return True
        try:
            found = self.entry(node)
        except Exception:  # never lose the warning itself over this
            found = None
        if found:
            po, lineno, msgid = found
            record.location = f"{po}:{lineno}"
            short = msgid if len(msgid) <= 70 else msgid[:67] + "..."
            record.msg = f"{record.msg} in the entry msgid {short!r}"
        return True

    def entry(self, node) -> tuple[str, int, str] | None:
        """(catalog, line, msgid) of the translation of ``node``."""
        from sphinx.util.nodes import extract_messages, get_node_source

        config, srcdir = self.app.config, Path(self.app.srcdir)
        source = Path(get_node_source(node))
        docname = source.relative_to(srcdir).with_suffix("").as_posix()
        msgid = next((msg for found, msg in extract_messages(node)
                      if found is node), node.rawsource or node.astext())
        for locale_dir in config.locale_dirs:
            po = srcdir / locale_dir / config.language / "LC_MESSAGES" / f"{docname}.po"
            if not po.is_file():
                continue
            with open(po, "rb") as file:
                catalog = read_po(file)
            message = catalog.get(msgid)
            if message is not None:
                return shown_path(po), message.lineno, msgid
        return None


def shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def setup(app):
    from sphinx.util.logging import WarningStreamHandler

    for handler in std_logging.getLogger("sphinx").handlers:
        if isinstance(handler, WarningStreamHandler):
            # First: the filters after it turn the node into the page's path.
            handler.filters.insert(0, TranslationWarningLocation(app))
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    check = "--check" in argv
    try:
        if "--update" in argv:
            for po in update():
                print(f"updated {shown_path(po)}", flush=True)
        rows = progress()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError:
        print("error: extracting the pages' messages failed: see Sphinx's "
              "messages above", file=sys.stderr)
        return 1
    print(f"{'language':9} {'page':18} {'translated':>10} {'fuzzy':>6} {'untranslated':>12}")
    for language, page, done, fuzzy, missing in rows:
        print(f"{language:9} {page:18} {done:10} {fuzzy:6} {missing:12}")
    incomplete = [row for row in rows if row[3] or row[4]]
    if check and incomplete:
        for language, page, _, fuzzy, missing in incomplete:
            print(f"error: docs/locales/{language}/LC_MESSAGES/{page}.po has "
                  f"{fuzzy} fuzzy and {missing} untranslated entries", file=sys.stderr)
        return 1
    return 0

