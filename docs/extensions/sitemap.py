"""sitemap.xml in each tree: every page of the site, at its published address.

Written from the environment, which knows every page, at the end of every
build, incremental ones included: sphinx-sitemap 2.9 lists only the pages
written by the current build (its issue 13), so the publishing build, which
rebuilds only what changed, would publish a sitemap of one page; and it
starts a multiprocessing Manager process in every sphinx-build (its queue
serves parallel builds, which this site does not use), which outlives a
sphinx-build that is killed. The sitemap index at the root is written by
language_switch.write_root_index.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from engine import files

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{escape(base + app.builder.get_target_uri(name))}</loc></url>"
                   for name in sorted(app.env.found_docs))
    text = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{NAMESPACE}\">{urls}</urlset>\n"
    files.write_atomically(Path(app.outdir) / "sitemap.xml", text.encode("utf-8"), "sitemap")


def setup(app):
    app.connect("build-finished", write_sitemap)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
