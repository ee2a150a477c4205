"""Highlighted code without a <span> for tokens drawn as plain text.

Pygments wraps every token in a span, so a page's code is most of its DOM:
1,800 of the 3,500 elements of server.html, and a phone spends its time on
elements. Names, punctuation and whitespace are drawn in the code block's
own text colour by both of the theme's styles (light and dark), so their
spans change nothing a reader sees: they are left out. The styles decide,
not a list here: a style that colours names keeps their spans.
"""
from __future__ import annotations

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.token import STANDARD_TYPES, Token
from pygments.util import ClassNotFound


def plain_types(style_names) -> frozenset:
    """The standard token types that every style draws as it draws text."""
    plain = set(STANDARD_TYPES)
    for name in style_names:
        style = get_style_by_name(name)
        text = style.style_for_token(Token.Text)
        plain &= {ttype for ttype in STANDARD_TYPES if style.style_for_token(ttype) == text}
    return frozenset(plain)


def formatter_without(plain: frozenset) -> type[HtmlFormatter]:
    class PlainTokensFormatter(HtmlFormatter):
        def _get_css_classes(self, ttype):
            standard = ttype
            while standard not in STANDARD_TYPES:
                standard = standard.parent
            return "" if standard in plain else super()._get_css_classes(ttype)
    return PlainTokensFormatter


def theme_styles(app) -> list[str]:
    """The light and dark Pygments styles the theme writes pygments.css from."""
    theme = getattr(app.builder, "theme", None)
    if theme is None:
        return []
    options = {**theme.get_options(), **(app.config.html_theme_options or {})}
    return [options[key] for key in ("pygments_light_style", "pygments_dark_style")
            if options.get(key)]


def leave_out_plain_spans(app) -> None:
    highlighter = getattr(app.builder, "highlighter", None)
    styles = theme_styles(app)
    if highlighter is None or len(styles) != 2:
        return  # not an HTML build, or a theme without a light and a dark style
    try:
        plain = plain_types(styles)
    except ClassNotFound:  # the theme falls back to another style: keep every span
        return
    highlighter.formatter = formatter_without(plain)


def setup(app):
    app.connect("builder-inited", leave_out_plain_spans)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
