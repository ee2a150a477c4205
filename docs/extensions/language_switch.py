"""Link every page to the same page in the other language tree.

The site is published as two sibling trees built from the same sources::

    _build/html/index.html      <- write_root_index(): picks a language
    _build/html/en/...          <- -D language=en
    _build/html/zh_CN/...       <- -D language=zh_CN

sphinx-book-theme has no language switcher, so this extension puts a
``language_switch`` dict into each page's template context; the component
template ``_templates/language-switch.html`` (listed in the theme option
``article_header_end``) renders it as ``<a class="language-switch">``.
"""

from __future__ import annotations

from pathlib import Path

# tree directory -> (BCP 47 tag for hreflang/lang, label shown to readers)
LANGUAGES = {
    "en": ("en", "English"),
    "zh_CN": ("zh-CN", "简体中文"),
}


def other_language(language: str) -> str:
    return "en" if language != "en" else "zh_CN"


def switch_href(target_uri: str, other: str) -> str:
    """Relative URL of the same page in the sibling tree *other*.

    *target_uri* is the builder's URI of the page relative to the tree root
    ("index.html", "guide/join.html", or "guide/join/" for dirhtml): each "/"
    in it is one directory to climb before leaving the tree itself.
    """
    return "../" * (target_uri.count("/") + 1) + other + "/" + target_uri


def add_switch(app, pagename, templatename, context, doctree):
    other = other_language(app.config.language)
    tag, label = LANGUAGES[other]
    context["language_switch"] = {
        "href": switch_href(app.builder.get_target_uri(pagename), other),
        "label": label,
        "hreflang": tag,
    }


ROOT_INDEX = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Concurrency Notes · 并发编程笔记</title>
<link rel="icon" href="en/_static/favicon.svg" type="image/svg+xml">
<link rel="alternate" hreflang="en" href="en/index.html">
<link rel="alternate" hreflang="zh-CN" href="zh_CN/index.html">
<script>
  // The first language the reader lists that we have decides; default English.
  (function () {
    var langs = navigator.languages || [navigator.language || ""];
    var target = "en/index.html";
    for (var i = 0; i < langs.length; i++) {
      var l = String(langs[i]).toLowerCase();
      if (l.indexOf("zh") === 0) { target = "zh_CN/index.html"; break; }
      if (l.indexOf("en") === 0) { break; }
    }
    location.replace(target + location.hash);  // index.html: file:// has no dir index
  })();
</script>
</head>
<body>
<p><a href="en/index.html" hreflang="en" lang="en">English</a></p>
<p><a href="zh_CN/index.html" hreflang="zh-CN" lang="zh-CN">简体中文</a></p>
</body>
</html>
"""


def write_root_index(html_dir: Path) -> Path:
    """Write html_dir/index.html, which sends readers to en/ or zh_CN/."""
    html_dir = Path(html_dir)
    html_dir.mkdir(parents=True, exist_ok=True)
    path = html_dir / "index.html"
    path.write_text(ROOT_INDEX, encoding="utf-8")
    return path


def setup(app):
    app.connect("html-page-context", add_switch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
