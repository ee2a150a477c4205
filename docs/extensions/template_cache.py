"""Keep the compiled page templates between builds.

Sphinx compiles the theme's Jinja templates anew in every sphinx-build: a
few tenths of a processor-second per language, a good part of a rebuild
that writes one page. Jinja's bytecode cache keeps them beside the
doctrees, keyed by each template's name and the checksum of its source,
so a changed template is compiled again.
"""
from __future__ import annotations

from pathlib import Path


def keep_compiled_templates(app) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None:  # a builder without Jinja templates
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    app.connect("builder-inited", keep_compiled_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
