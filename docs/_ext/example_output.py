"""The ``{example}`` directive: an example's code and the output it printed.

    ```{example} join/join_parallel.py
    ```

shows ``examples/join/join_parallel.py`` itself (captioned with its path, with
a download link) and the output that the docs build captured by running it
(``docs/_ext/capture.py``), each line with the time it arrived. The argument
names a run as examples/examples.toml does: the script and its arguments.
Options: ``:no-code:`` shows the output alone, ``:no-output:`` the code alone.

The directive never runs anything. It fails the build, naming the page and
the example, when the result is missing, stale, or failed.
"""
from __future__ import annotations

import html
import multiprocessing
import os
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives.code import container_wrapper
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import capture
import runner

logger = logging.getLogger(__name__)

WORDS = {  # the few words this directive writes itself
    "en": {"output": "Output", "download": "Download", "exit": "exit code",
           "cut": "{lines} more lines ({chars} characters) cut"},
    "zh_CN": {"output": "输出", "download": "下载", "exit": "退出码",
              "cut": "另有 {lines} 行（{chars} 个字符）未显示"},
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class example_output(nodes.General, nodes.Element):
    """A captured result, rendered by visit_example_output."""


class ExampleDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True  # "mutex/buy_tickets.py --no-lock"
    option_spec = {"no-code": directives.flag, "no-output": directives.flag}

    def run(self):
        name = self.arguments[0].strip()
        script = name.split()[0]
        path = runner.EXAMPLES / script
        if not path.is_file():
            logger.error("%s: no such example: examples/%s", self.env.docname,
                         script, location=self.get_location())
            return []
        words = WORDS.get(self.config.language, WORDS["en"])
        shown = []
        if "no-code" not in self.options:
            shown += self.code(path, script, words)
        # Without a results folder (the gettext builder) only code is shown.
        if "no-output" not in self.options and self.config.example_results:
            shown += self.output(name, words)
        return shown

    def code(self, path: Path, script: str, words) -> list[nodes.Node]:
        self.env.note_dependency(str(path))
        text = path.read_text("utf-8")
        literal = nodes.literal_block(text, text, source=str(path),
                                      language="python")
        self.set_source_info(literal)
        block = container_wrapper(self, literal, f"examples/{script}")
        block["classes"].append("example-code")
        for caption in block.findall(nodes.caption):
            caption["translatable"] = False  # a path: the same in every language
        target = "/" + os.path.relpath(path, self.env.srcdir).replace(os.sep, "/")
        link = addnodes.download_reference(
            "", "", nodes.inline("", f"{words['download']} {path.name}"),
            reftarget=target, refdoc=self.env.docname, refexplicit=True,
            reftype="download", refdomain="")
        download = nodes.paragraph("", "", link, classes=["example-download"],
                                   translatable=False)  # WORDS translates it
        return [block, download]

    def output(self, name: str, words) -> list[nodes.Node]:
        where = f"{self.env.docname}: example {name!r}"
        try:
            run = capture.find_run(name)
        except LookupError as error:
            logger.error("%s: %s", self.env.docname, error,
                         location=self.get_location())
            return []
        method = self.config.example_start_method or multiprocessing.get_start_method()
        results = Path(self.config.example_results)
        result_file = capture.result_path(results, method, run)
        result = capture.load(results, method, run)
        if result is None:
            logger.error("%s has no captured result (%s): run `nox -s docs`, "
                         "which runs the examples before Sphinx",
                         where, result_file, location=self.get_location())
            return []
        self.env.note_dependency(str(result_file))
        if result.key != capture.key(run, method):
            logger.error("%s: the captured result is stale (the example or "
                         "the runner changed since): run `nox -s docs`", where,
                         location=self.get_location())
            return []
        problems = capture.problems(run, result)
        if problems:
            logger.error("%s cannot be shown:\n%s\n  last lines of output:\n%s",
                         where, "\n".join(problems), result.tail(),
                         location=self.get_location())
            return []
        node = example_output()
        node["result"] = result
        node["words"] = words
        node["run"] = name
        return [node]


def visit_example_output(translator, node) -> None:
    result, words = node["result"], node["words"]
    label = " · ".join((words["output"], f"{result.implementation} {result.python}",
                        result.system, result.start_method))
    body = []
    for when, text in result.lines:
        visible = CONTROL.sub(lambda m: chr(0x2400 + ord(m.group()) % 0x80
                                            if m.group() != "\x7f" else 0x2421),
                              text)
        body.append(
            '<span class="example-output-line">'
            f'<span class="example-output-time">+{when:.2f} s</span>'
            f'<span class="example-output-text">{html.escape(visible)}</span>'
            "</span>")
    notes = []
    if result.cut_lines:
        notes.append(words["cut"].format(lines=result.cut_lines,
                                         chars=result.cut_chars))
    if result.returncode:
        notes.append(f"{words['exit']} {result.returncode}")
    translator.body.append(
        f'<div class="example-output" data-run="{html.escape(node["run"])}">'
        f'<div class="example-output-label">{html.escape(label)}</div>'
        '<div class="example-output-command">$ python examples/'
        f'{html.escape(node["run"])}</div>'
        f"<pre>{chr(10).join(body)}</pre>"
        + "".join(f'<div class="example-output-note">{html.escape(n)}</div>'
                  for n in notes)
        + "</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_config_value("example_results", str(capture.RESULTS), "env")
    app.add_config_value("example_start_method", "", "env")
    app.add_node(example_output, html=(visit_example_output, None))
    app.add_directive("example", ExampleDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
