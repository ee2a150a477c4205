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


# Served by the publishing host for any address it has no file for, at that
# address: so every link in it is absolute (<base>), and it needs no file of
# the site to show (its style is inline). Both languages, each marked.
NOT_FOUND = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="{site}">
<title>Page not found · 页面未找到 · Concurrency Notes</title>
<meta name="robots" content="noindex">
<link rel="icon" href="en/_static/favicon.svg" type="image/svg+xml">
<style>
  body {{ font-family: system-ui, sans-serif; line-height: 1.6; margin: 0 auto;
         max-width: 36rem; padding: 2rem 1.25rem; color: #222; background: #fff; }}
  h1 {{ font-size: 1.6rem; line-height: 1.3; }}
  section + section {{ border-top: 1px solid #ccc; margin-top: 1.5rem; }}
  a {{ color: #0a5e6d; }}
  @media (prefers-color-scheme: dark) {{
    body {{ color: #e6e6e6; background: #14181e; }}
    a {{ color: #8fd8e6; }}
  }}
</style>
</head>
<body>
<main>
<section>
<h1>This page does not exist</h1>
<p>Nothing is published at this address: the link may be mistyped, or the page
has moved.</p>
<p><a href="en/index.html">Go to the start page</a> or
<a href="en/search.html">search the notes</a>.</p>
</section>
<section lang="zh-CN">
<h1>页面不存在</h1>
<p>这个地址上没有页面：链接可能有误，或者页面已经移到别处。</p>
<p><a href="zh_CN/index.html">回到首页</a>，或者<a href="zh_CN/search.html">搜索笔记</a>。</p>
</section>
</main>
</body>
</html>
"""


def write_root_index(html_dir: Path, site: str = "") -> Path:
    """Write html_dir/index.html, which sends readers to en/ or zh_CN/,
    and beside it what a host serves from the site's root: 404.html, a
    sitemap index naming each tree's sitemap.xml, and robots.txt naming it.
    ``site`` is the address the site is published at (page_meta.site_url)."""
    html_dir = Path(html_dir)
    html_dir.mkdir(parents=True, exist_ok=True)
    path = html_dir / "index.html"
    path.write_text(ROOT_INDEX, encoding="utf-8")
    if site:
        (html_dir / "404.html").write_text(NOT_FOUND.format(site=site), encoding="utf-8")
        maps = "".join(f"<sitemap><loc>{site}{tree}/sitemap.xml</loc></sitemap>"
                       for tree in LANGUAGES)
        (html_dir / "sitemap.xml").write_text(
            "<?xml version='1.0' encoding='utf-8'?>\n<sitemapindex "
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>\n',
            encoding="utf-8")
        (html_dir / "robots.txt").write_text(
            f"User-agent: *\nAllow: /\nSitemap: {site}sitemap.xml\n", encoding="utf-8")
    return path


def setup(app):
    app.connect("html-page-context", add_switch)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
