"""Sphinx configuration for the bilingual multiprocessing notes.

English is the source language.  The Chinese tree is built from the same
sources with ``-D language=zh_CN``; page translations live in
``locales/zh_CN/LC_MESSAGES/<page>.po`` (updated by ``python3 -m nox -s translations``), theme UI strings the
theme does not translate itself live in ``locales/zh_CN/LC_MESSAGES/booktheme.po``.

Note: ``-D language=...`` is applied *after* this file runs, so anything that
depends on the language is chosen in ``setup()`` below (config-inited), not
with an ``if language == ...`` here; the words come from the ``notes``
catalog (engine/render/words.py).
"""

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
# The one path: the engine package and the site's extensions are below docs/.
sys.path.insert(0, str(DOCS))
from extensions import page_meta  # noqa: E402

# -- Project -----------------------------------------------------------------

project = "Concurrency Notes"
author = "Concurrency Notes contributors"
COPYRIGHT_YEARS = "2026"
copyright = f"{COPYRIGHT_YEARS}, {author}"  # replaced per language in setup()

# -- General -----------------------------------------------------------------

extensions = [
    "myst_parser",
    "extensions.myst_reuse",  # one MyST parser for all translated messages
    "sphinx_tabs.tabs",
    "sphinx_copybutton",
    "sphinx_togglebutton",  # ":class: dropdown" admonitions: exercise answers
    "engine.render.example",  # the {example} directive: a script and its output
    "extensions.language_switch",  # link to the same page in the other language
    "extensions.zh_support",  # jieba dictionary, Chinese search JS fix
    "extensions.catalogs",  # a translation's reference warnings name its .po entry
    "extensions.page_meta",  # meta description (translated), hreflang; before opengraph
    "sphinxext.opengraph",  # link previews: og:title, og:description, og:image
    "extensions.sitemap",  # sitemap.xml in each tree; language_switch indexes both
    "extensions.template_cache",  # compiled templates kept between builds
    "extensions.plain_tokens",  # no <span> for code drawn in the text colour
    "extensions.punctuation_bond",  # no line starts with the mark after inline code
]

root_doc = "index"
source_suffix = {".md": "markdown"}
templates_path = ["_templates"]
html_static_path = ["_static"]
exclude_patterns = [
    "_build",
    "claims",
    "engine",
    "extensions",
    "_templates",
    "locales",
    "README*",
    "**/README*",
    ".DS_Store",
    "Thumbs.db",
]

# -- MyST --------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- i18n --------------------------------------------------------------------

language = "en"  # overridden with -D language=zh_CN for the Chinese tree
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page: locales/zh_CN/LC_MESSAGES/<page>.po
gettext_uuid = False
# No "#: file.md:123" comments: with them every edit that shifts lines in an
# English page rewrites the location comments of its .po file on the next
# catalog update (`python3 -m nox -s translations`), burying real msgid changes in diff noise.  With one
# catalog per page the file name already says where a message comes from.
gettext_location = False

# -- Addresses ---------------------------------------------------------------

# Where the site is published (page_meta.site_url): link previews, the
# sitemap, canonical and hreflang links need absolute addresses.
SITE_URL = page_meta.site_url()
site_url_root = SITE_URL  # page_meta.py: hreflang links
html_baseurl = SITE_URL + "en/"  # replaced per language in setup()
ogp_site_url = html_baseurl  # replaced per language in setup()
ogp_image = "_static/social-card.png"  # relative to ogp_site_url
ogp_social_cards = {"enable": False}  # it would need matplotlib
ogp_type = "article"

# -- HTML --------------------------------------------------------------------

html_theme = "sphinx_book_theme"
html_title = "Concurrency Notes · processes"  # in the build's language: setup()
html_css_files = ["icons.css", "custom.css", "timeline.css", "replay.css", "narrow-screens.css"]
html_js_files = [
    "replay.js",  # replays each output at the pace it arrived
    # Each fixes one thing in the browser; see the comment at its top.
    ("sidebar-toggles.js", {"defer": "defer"}),
    ("language-switch.js", {"defer": "defer"}),
    ("search-snippets.js", {"defer": "defer"}),
    ("tab-stops.js", {"defer": "defer"}),
]
html_favicon = "_static/favicon.svg"
# pydata-sphinx-theme's first script reads the mode from this; without it a
# first visit logs "Got invalid theme mode: ." and falls back to auto anyway.
html_context = {"default_mode": "auto"}
html_theme_options = {
    # language-switch.html is in _templates/; it renders the context that the
    # language_switch extension computes for each page.
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
    "use_download_button": True,
    "use_fullscreen_button": True,
    "show_toc_level": 2,
    # The top bar would hold only a second search field (the sidebar has
    # one; the article header has a search button): leave it empty, and
    # narrow-screens.css hides it. An empty top bar also has no hidden copies
    # of the sidebar buttons, which took the theme's click handlers from the
    # visible ones (see _static/sidebar-toggles.js).
    "navbar_persistent": [],
}
html_last_updated_fmt = None

# Chinese search: the zh_support extension writes a jieba user dictionary
# (GLOSSARY_TERMS) at builder-inited and sets html_search_options["dict"] to
# it unless a "dict" is given here.
html_search_options = {}

# -- sphinx-tabs / copybutton ------------------------------------------------

sphinx_tabs_disable_tab_closing = True
# Only real code blocks get a copy button: our example output is a bare <pre>
# inside div.example-output without the "highlight" class.
copybutton_selector = "div.highlight pre"
# A copied command must run when pasted: drop the shell prompts ("$ " in
# console blocks, "> " in Windows ones, ">>> "/"... " in Python sessions).
# In a block with prompts only the prompted lines are copied, not the output.
copybutton_prompt_text = r">>> |\.\.\. |\$ |> "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True


def setup(app):
    from engine.render.words import _

    def per_language(app, config):
        # In the build's language: the notes catalog is compiled by now.
        config.html_title = _("Concurrency Notes · processes")
        config.author = _("Concurrency Notes contributors")
        config.copyright = f"{COPYRIGHT_YEARS}, {config.author}"
        config.html_baseurl = config.ogp_site_url = SITE_URL + (config.language or "en") + "/"
        config.ogp_site_name = config.html_title
        # The sources are the English Markdown: a translated tree neither
        # copies nor offers them (zh_support drops the download entry).
        config.html_copy_source = (config.language or "en") == "en"
        # sphinx-togglebutton's label on a hidden exercise answer
        config.togglebutton_hint = _("Click to show")
        config.togglebutton_hint_hide = _("Click to hide")

    # Before sphinx-togglebutton reads its hints on the same event (priority 500).
    app.connect("config-inited", per_language, priority=400)
