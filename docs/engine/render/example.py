"""The ``{example}`` directive: an example's code and the output it printed.

    ```{example} join/join_parallel.py
    ```

shows ``examples/join/join_parallel.py`` itself (captioned with its path, with
a download link) and the output that the docs build captured by running it
(``engine/capture.py``), each line with the time it arrived. The argument
names a run as examples/examples.toml does: the script and its arguments.
Options: ``:no-code:`` shows the output alone, ``:no-output:`` the code alone.

The directive never runs anything. The result is looked up when the page is
written (so Sphinx can read the pages while the examples still run), and the
build fails, naming the page and the example, when the result is missing,
stale, or failed.
"""
from __future__ import annotations

import hashlib
import html
import os
import platform
import re
import time
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives.code import container_wrapper
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import claims, config, examples, store
from ..run.result import schema_problems
from . import neutral_paths, tabs, timeline
from . import words
from .words import _

logger = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Bidirectional controls would reorder the page's text around them: shown
# as their code points instead, like the other controls.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
CUT_LINE = re.compile(r" \[… (\d+) characters cut\]$")  # run/terminal.py's note


def breakable_path(path: str) -> str:
    """A path as HTML that may break after each "/" on a narrow screen (and
    elsewhere only where one folder or file name is wider than the screen)."""
    return "/<wbr>".join(html.escape(part) for part in path.split("/"))


class example_output(nodes.General, nodes.Element):
    """A captured result, rendered by visit_example_output."""


class ExampleDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True  # "mutex/buy_tickets.py --no-lock"
    option_spec = {"no-code": directives.flag, "no-output": directives.flag}

    def run(self):
        name = self.arguments[0].strip()
        script = name.split()[0]
        path = config.EXAMPLES / script
        if not path.is_file():
            logger.error("%s: no such example: examples/%s", self.env.docname,
                         script, location=self.get_location())
            return []
        shown = []
        if "no-code" not in self.options:
            shown += self.code(path, script)
        # Without a results folder (the gettext builder) only code is shown.
        if "no-output" not in self.options and self.config.example_results:
            shown += self.output(name)
        return shown

    def code(self, path: Path, script: str) -> list[nodes.Node]:
        self.env.note_dependency(str(path))
        text = path.read_text("utf-8")
        literal = nodes.literal_block(text, text, source=str(path),
                                      language="python")
        self.set_source_info(literal)
        block = container_wrapper(self, literal, f"examples/{script}")
        block["classes"].append("example-code")
        for caption in block.findall(nodes.caption):
            caption["translatable"] = False  # a path: the same in every language
            caption.children = [nodes.raw("", breakable_path(f"examples/{script}"),
                                          format="html")]
        target = "/" + os.path.relpath(path, self.env.srcdir).replace(os.sep, "/")
        link = addnodes.download_reference(
            "", "", nodes.inline("", _("Download {file}").format(file=path.name)),
            reftarget=target, refdoc=self.env.docname, refexplicit=True,
            reftype="download", refdomain="")
        download = nodes.paragraph("", "", link, classes=["example-download"],
                                   translatable=False)  # _() translates it
        return [block, download]

    def output(self, name: str) -> list[nodes.Node]:
        try:
            example = examples.find(name)
        except LookupError as error:
            logger.error("%s: %s", self.env.docname, error,
                         location=self.get_location())
            return []
        # The page must be written again whenever a result it shows would
        # change: record what those results depend on (see outdated_pages).
        keys = self.env.__dict__.setdefault("example_keys", {})
        keys.setdefault(self.env.docname, {})[name] = example_keys(example, self.config)
        node = example_output(example=name)
        self.set_source_info(node)
        return [node]


def start_methods(app_config) -> tuple[str, ...]:
    """The start methods whose results this build captures and shows."""
    chosen = tuple(m for m in app_config.example_start_methods.split(",") if m)
    return chosen or config.METHODS


def example_keys(example, app_config) -> tuple[str, ...]:
    """What the block of ``example`` shows depends on: this machine's keys
    (its results may still be captured while pages are read) and the files
    merged from other machines (there before the build starts)."""
    results = Path(app_config.example_results)
    return (*(store.key(example, method) for method in start_methods(app_config)),
            store.others_fingerprint(results, example))


def fill_outputs(app, doctree, docname) -> None:
    """Put each captured result into its page as the page is written.

    Sphinx reads the pages while the examples are still running (build.py
    starts both at once), so results are looked up only now, waiting up to
    ``example_wait`` seconds for the capture to write each one. This
    machine's results must all be there and showable; results merged from
    other machines (merge.py) are shown where they are current and pass the
    claims for their system and method, and left out otherwise.
    """
    results = Path(app.config.example_results)
    for node in list(doctree.findall(example_output)):
        example = examples.find(node["example"])
        shown, errors = [], []
        for method in start_methods(app.config):
            result = wait_for_result(results, method, example, app.config.example_wait)
            error = why_not_shown(results, method, example, result, docname)
            if error:
                errors.append(error)
            else:
                shown.append(result)
        for tag, method, result in store.others(results, example):
            if (not schema_problems(result) and store.is_current(example, result)
                    and not claims.problems(example, result)):
                shown.append(result)
            else:
                logger.info("%s: left out the %s %s result of %r: not a result, "
                            "stale or failing its claims", docname, tag, method,
                            example.name)
        for error in errors:
            logger.error(error, location=node)
        if errors:
            node.parent.remove(node)
        else:
            node["results"] = shown
            # A method this system lacks (forkserver on Windows) is shown as
            # such, when the build shows every method.
            node["unavailable"] = [] if app.config.example_start_methods else [
                m for m in config.START_METHODS if m not in config.METHODS]


def why_not_shown(results: Path, method: str, example, result, docname: str):
    """Why this machine's ``result`` of ``example`` may not be shown, or None."""
    where = f"{docname}: example {example.name!r} ({method})"
    if result is None:
        return (f"{where} has no captured result "
                f"({store.path_of(results, method, example)}): run "
                "`python3 -m nox -s docs`, which runs the examples before Sphinx")
    if result.key != store.key(example, method):
        return (f"{where}: the captured result is stale (the example or "
                "the runner changed since): run `python3 -m nox -s docs`")
    problems = claims.problems(example, result)
    if problems:
        return (f"{where} cannot be shown:\n" + "\n".join(problems)
                + "\n  last lines of output:\n" + result.tail())
    return None


def wait_for_result(results: Path, method: str, example, wait: float):
    """The result of ``example`` once it is up to date, or whatever is there."""
    deadline = time.monotonic() + wait
    while True:
        # The capture says which result files it could not read, not Sphinx.
        result = store.load(results, method, example, report=False)
        current = result is not None and result.key == store.key(example, method)
        if current or time.monotonic() >= deadline:
            return result
        time.sleep(0.1)


def outdated_pages(app, env, added, changed, removed) -> list[str]:
    """Pages whose results now depend on something else: write them again."""
    keys = getattr(env, "example_keys", {})
    outdated = []
    for docname, shown in keys.items():
        for name, recorded in shown.items():
            try:
                current = example_keys(examples.find(name), app.config)
            except LookupError:
                current = None
            if current != recorded:
                outdated.append(docname)
                break
    return outdated


def purge_page(app, env, docname) -> None:
    getattr(env, "example_keys", {}).pop(docname, None)


def merge_pages(app, env, docnames, other) -> None:
    keys = env.__dict__.setdefault("example_keys", {})
    for docname in docnames:
        if docname in getattr(other, "example_keys", {}):
            keys[docname] = other.example_keys[docname]


def visit_example_output(translator, node) -> None:
    """One tab per result: a start method on a system, labelled for the
    readers who get it. Without JavaScript the panels stand one below the
    other, each under its label (output-tabs.js makes them tabs)."""
    panels = "".join(panel(tab) for tab in tabs.tabs(node["results"]))
    for method in node.get("unavailable", ()):
        tab = tabs.unavailable(method, platform.system())
        text = _("The {method} start method is not available on {system}.").format(
            method=method, system=tabs.system_name(platform.system()))
        panels += (f'<div class="example-output-panel" data-tab="{html.escape(tab.id)}" '
                   f'data-for="" data-label="{html.escape(tab.label)}">'
                   '<div class="example-output-label">'
                   f'<span class="example-output-tab-name">{html.escape(tab.label)}</span></div>'
                   f'<div class="example-output-note">{html.escape(text)}</div></div>')
    translator.body.append(
        f'<div class="example-output" data-run="{html.escape(node["example"])}">'
        '<div class="example-output-command">$ python3 '
        f'{breakable_path("examples/" + node["example"])}</div>{panels}</div>\n')
    raise nodes.SkipNode


def panel(tab) -> str:
    result = tab.result
    body = []
    cut = _("{lines} more lines ({chars} characters) cut").format(
        lines=result.cut_lines, chars=result.cut_chars) if result.cut_lines else ""
    for number, (when, text) in enumerate(result.lines):
        if cut and number == result.cut_at:  # where the lines were cut
            body.append(f'<span class="example-output-line example-output-cut">'
                        f'<span class="example-output-text">[… {html.escape(cut)} …]'
                        "</span></span>")
        text = neutral_paths.neutral(text, result.paths)
        visible = CONTROL.sub(lambda m: chr(0x2400 + ord(m.group()) % 0x80
                                            if m.group() != "\x7f" else 0x2421),
                              text)
        visible = BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", visible)
        visible = CUT_LINE.sub(lambda m: " " + _("[… {chars} characters cut]").format(
            chars=m.group(1)), visible)
        body.append(
            '<span class="example-output-line">'
            f'<span class="example-output-time">+{when:.2f} s</span>'
            f'<span class="example-output-text">{html.escape(visible)}</span>'
            "</span>")
    if cut and result.cut_at >= len(result.lines):
        body.append(f'<span class="example-output-line example-output-cut">'
                    f'<span class="example-output-text">[… {html.escape(cut)}]</span></span>')
    notes = []
    if result.returncode:
        notes.append(_("exit code {code}").format(code=result.returncode))
    provenance = " · ".join((_("Output"), f"{result.implementation} {result.python}",
                             tabs.system_name(result.system), result.start_method))
    return (
        f'<div class="example-output-panel" data-tab="{html.escape(tab.id)}" '
        f'data-for="{html.escape(" ".join(tab.readers))}" '
        f'data-label="{html.escape(tab.label)}">'
        f'<div class="example-output-label"><span class="example-output-tab-name">'
        f'{html.escape(tab.label)}</span>'
        f'<span class="example-output-provenance">{html.escape(provenance)}</span></div>'
        f"<pre>{chr(10).join(body)}</pre>"
        + "".join(f'<div class="example-output-note">{html.escape(n)}</div>'
                  for n in notes)
        + timeline.svg(result)
        + "</div>")


def drawing_version() -> int:
    """A number that changes with the code that writes an output block:
    Sphinx re-reads every page when it does, instead of keeping the pages
    it finds unchanged with blocks (and timelines) drawn the old way, or
    with the old words."""
    digest = hashlib.sha256()
    for module in sorted([*Path(__file__).parent.glob("*.py"),
                          *config.LOCALES.glob(f"*/LC_MESSAGES/{words.DOMAIN}.po")]):
        digest.update(Path(module).read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app):
    app.add_config_value("example_results", str(config.RESULTS), "env")
    # Comma-separated start methods to capture and show (default: all).
    app.add_config_value("example_start_methods", "", "env")
    # Seconds to wait for a result still being captured (build_site sets it).
    app.add_config_value("example_wait", 0, "", types=(int,))
    # Before conf.py asks for the titles in the build's language (400).
    app.connect("config-inited", words.compile_interface, priority=300)
    app.connect("doctree-resolved", fill_outputs)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
    app.add_node(example_output, html=(visit_example_output, None))
    app.add_directive("example", ExampleDirective)
    app.add_css_file("output-tabs.css")
    app.add_js_file("output-tabs.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": drawing_version()}
