"""How far each page's translation is, read from its gettext catalog.

    python docs/_ext/catalogs.py [--check]

Prints translated / fuzzy / untranslated per page for every language under
docs/locales/. A fuzzy entry counts as not translated: its msgstr is a guess
made from an older msgid, and Sphinx does not use it. With --check, exits 1
if any entry is fuzzy or untranslated, naming the file.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

LOCALES = Path(__file__).resolve().parents[1] / "locales"
THEME_DOMAINS = {"booktheme", "sphinx"}  # interface strings, not pages


# A line of a catalog is a comment, a keyword with a quoted string, or the
# quoted continuation of the string above. Babel silently reads some broken
# lines (an unclosed quote) as an empty translation, so check them first.
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+{_STRING}"
                   rf"|{_STRING})?\s*")


def syntax_errors(po: Path) -> list[str]:
    """'file:line: what is wrong' for each malformed line of ``po``."""
    errors = []
    lines = po.read_text("utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, 1):
        if not _LINE.fullmatch(line):
            errors.append(f"{po}:{number}: not valid PO syntax: {line.strip()!r}")
    if not errors:
        try:
            with open(po, "rb") as file:
                read_po(file, abort_invalid=True)
        except PoFileError as error:
            errors.append(f"{po}:{error.lineno}: {error}")
    return errors


def progress(locales: Path = LOCALES) -> list[tuple[str, str, int, int, int]]:
    """(language, page, translated, fuzzy, untranslated) for every catalog."""
    rows = []
    for po in sorted(locales.glob("*/LC_MESSAGES/**/*.po")):
        language = po.relative_to(locales).parts[0]
        page = po.relative_to(locales / language / "LC_MESSAGES").with_suffix("").as_posix()
        if page in THEME_DOMAINS:
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


def main(argv=None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    try:
        rows = progress()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
