"""What a page tells search engines and link previews, in its own language.

A page says what it is about in one sentence, in its front matter::

    ---
    description: How join() makes the main process wait for its children.
    ---

That sentence becomes the page's ``<meta name="description">`` and the
``og:description`` of its link preview (sphinxext-opengraph). It is a
message of the page's catalog like any other, so the Chinese tree shows
its translation: the field is turned into a ``meta`` node before Sphinx
translates the page, and Sphinx extracts and translates meta nodes.

Each page also links to itself in every language (``hreflang``), with the
absolute addresses that search engines want (``html_baseurl``, set per
tree by conf.py from the site's address).
"""
from __future__ import annotations

import contextlib
import html
import io
import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from engine.config import site_url  # noqa: F401 (conf.py reads it here)
from engine.render.words import _
from extensions import language_switch


class DescriptionToMeta(SphinxTransform):
    """The front matter's ``description`` field -> a translatable meta node."""

    default_priority = 15  # before sphinx.transforms.i18n.Locale (20)

    def apply(self):
        for field_list in list(self.document.findall(nodes.field_list)):
            for field in list(field_list.children):
                if field[0].astext().strip() != "description":
                    continue
                text = " ".join(field[1].astext().split())
                field_list.remove(field)
                meta = nodes.meta(content=text, name="description")
                meta.source, meta.line = field.source, field.line
                self.document.insert(0, meta)
            if not field_list.children:
                field_list.parent.remove(field_list)
            break  # the front matter is the first field list, if any


def untag(app, doctree, docname):
    """Sphinx marks a translated node translated="True", and the HTML writer
    copies every attribute of a meta node into the tag: not valid HTML."""
    for meta in doctree.findall(nodes.meta):
        meta.attributes.pop("translated", None)


def description(doctree) -> str | None:
    for meta in (doctree.findall(nodes.meta) if doctree else ()):
        if meta.get("name") == "description":
            return meta["content"]
    return None


def generated_description(pagename: str) -> str | None:
    """Pages Sphinx writes itself have no front matter: their descriptions
    are the site's own words (engine/render/words.py, the notes catalog)."""
    if pagename == "genindex":
        return _("The index of these notes on Python processes: every term, "
                 "function and topic, with links to where each is explained.")
    if pagename == "search":
        return _("Search the notes on Python processes and the multiprocessing module.")
    return None


# Sphinx's layout writes this tag; docutils writes it again into the page's
# metatags and the theme a third time (layout.html drops that one).
VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def add_page_meta(app, pagename, templatename, context, doctree):
    context["metatags"] = VIEWPORT.sub("", context.get("metatags", ""))
    text = description(doctree)
    if not text and generated_description(pagename):
        text = generated_description(pagename)
        context["metatags"] = (context.get("metatags", "") + '\n<meta name="description" '
                               f'content="{html.escape(text)}" />\n')
    if text:  # sphinxext-opengraph takes og: fields from the page's metadata
        context["meta"] = {**(context.get("meta") or {}), "og:description": text}
    base = app.config.site_url_root
    if not base:
        return
    uri = app.builder.get_target_uri(pagename)
    links = [f'<link rel="alternate" hreflang="{tag}" href="{base}{tree}/{uri}" />'
             for tree, (tag, _) in language_switch.LANGUAGES.items()]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{base}en/{uri}" />')
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"


def setup(app):
    # sphinxext-opengraph prints "matplotlib is not installed, social cards
    # will not be generated" when it is imported, in every build: the site
    # has one card image of its own (conf.py, ogp_image). Imported here,
    # quietly, before Sphinx imports it (conf.py lists this extension first).
    with contextlib.redirect_stdout(io.StringIO()):
        import sphinxext.opengraph  # noqa: F401
    # The address of the folder that holds en/ and zh_CN/, ending in "/".
    app.add_config_value("site_url_root", "", "html", types=frozenset({str}))
    app.add_transform(DescriptionToMeta)
    app.connect("doctree-resolved", untag)
    # Before sphinxext-opengraph (500) reads the page's og: fields.
    app.connect("html-page-context", add_page_meta, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
