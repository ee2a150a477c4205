"""Parse translated messages without rebuilding MyST's parser for each one.

Sphinx parses every translated message on its own, with a new parser from
the source's parser class (sphinx.transforms.i18n._publish_msgstr): about a
thousand times in the Chinese build. For each, MyST (5.x) builds a new
markdown-it parser with its renderer, and that renderer builds docutils'
default settings for a default document it then discards, because Sphinx
passes a document of its own. That was 6 of the Chinese build's 10 seconds
of processor time, against 4 for the whole English build.

So this extension gives MyST one markdown-it parser per configuration
(the renderer sets up every per-render field again on each render), and
default settings built once and copied for each default document. What is
parsed, and how, is unchanged; the site's tests check what the pages show.
If MyST's internals change, nothing is patched and the build is only slower.
"""
from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger(__name__)


def reuse_parsers() -> bool:
    """Patch MyST as described above; False if it no longer looks as expected."""
    try:
        from myst_parser.mdit_to_docutils import base
        from myst_parser.parsers import sphinx_
    except ImportError:
        return False
    if not (callable(getattr(base, "make_document", None))
            and callable(getattr(base, "get_default_settings", None))
            and callable(getattr(sphinx_, "create_md_parser", None))):
        return False
    if getattr(sphinx_.create_md_parser, "reused", False):
        return True  # patched already (a second Sphinx app in one process)

    defaults = {}

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        if parser_cls not in defaults:
            defaults[parser_cls] = base.get_default_settings(parser_cls)
        return base.new_document(source_path, settings=defaults[parser_cls].copy())

    create = sphinx_.create_md_parser
    parsers = {}  # (id(config), renderer) -> (config, parser); config kept alive

    def create_md_parser(config, renderer):
        kept = parsers.get((id(config), renderer))
        if kept is None or kept[0] is not config:
            kept = parsers[id(config), renderer] = (config, create(config, renderer))
        return kept[1]

    create_md_parser.reused = True
    base.make_document = make_document
    sphinx_.create_md_parser = create_md_parser
    return True


def setup(app):
    if not reuse_parsers():
        logger.info("myst_reuse: MyST's internals have changed; parsing as usual")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
