"""Results captured on another machine are shown beside this machine's.

A second CPython of this machine stands in for the other machine: its
results are filed under its own platform (Linux-CPython-3.12, say), exactly
as a macOS or Windows runner's would be.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import examples, store
from engine.run.result import platform_tag
from conftest import METHODS, ROOT, run_tool, temp_examples

pytestmark = pytest.mark.site
CAPTURE = str(ROOT / "docs" / "capture.py")
MERGE = str(ROOT / "docs" / "merge.py")
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
CHINA = '"""Isolation."""\nprint("China")\n'


def other_python() -> str | None:
    """A CPython 3.11+ that is not this one (3.10 would need tomli)."""
    mine = "%d.%d" % sys.version_info[:2]
    for version in ("3.13", "3.12", "3.11", "3.14"):
        if version == mine:
            continue
        candidates = [*sorted(PYENV.glob(f"{version}.*/bin/python{version}")),
                      shutil.which(f"python{version}")]
        for found in filter(None, candidates):
            # pyenv's shims exist for every version but run only the chosen one
            if subprocess.run([str(found), "-c", ""], capture_output=True).returncode == 0:
                return str(found)
    return None


@pytest.fixture
def other(tmp_path):
    """Another interpreter with what the publishing workflow installs on
    the other machines: filelock (pure Python, copied from here; psutil
    is left out, so its results have no record of their processes)."""
    import filelock

    python = other_python()
    if python is None:
        pytest.skip("needs a second CPython (3.11 or newer) to stand in for another machine")
    packages = tmp_path / "other-site-packages"
    shutil.copytree(Path(filelock.__file__).parent, packages / "filelock")
    return python, {"PYTHONPATH": str(packages)}


def test_results_of_another_machine_are_merged_checked_and_shown(tmp_path, other):
    folder = temp_examples(tmp_path, {"isolation/isolated_global.py": CHINA})
    elsewhere, results = tmp_path / "elsewhere", tmp_path / "results"
    for (python, env), into in ((other, elsewhere), ((sys.executable, {}), results)):
        done = run_tool([python, CAPTURE, "--results", str(into),
                         "--start-method", METHODS[0]], folder, extra_env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    (tag,) = [p.name for p in elsewhere.iterdir()]
    assert tag != platform_tag()

    # Two more copies of that machine's results, each of which must be refused.
    original = next(elsewhere.rglob("*.json"))
    for name, change in (("stale", {"key": "0" * 16}),
                         ("wrong", {"lines": [[0.1, "USA"]]})):
        copy = tmp_path / name / original.relative_to(elsewhere)
        copy.parent.mkdir(parents=True)
        copy.write_text(json.dumps({**json.loads(original.read_text("utf-8")), **change}),
                        encoding="utf-8")

    done = run_tool([sys.executable, MERGE, str(elsewhere), str(tmp_path / "stale"),
                     str(tmp_path / "wrong"), "--results", str(results)], folder)
    messages = done.stdout + done.stderr
    assert done.returncode == 0, messages
    assert "merged 1 results; refused 2" in messages
    assert f"{tmp_path / 'stale'}): stale" in messages
    assert f"{tmp_path / 'wrong'}): claim parent_still_prints_china" in messages

    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text(
        "# Merged\n\n```{example} isolation/isolated_global.py\n```\n", encoding="utf-8")
    done = run_tool([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
                     "-c", str(ROOT / "docs"), "-D", f"example_results={results}",
                     "-D", f"example_start_methods={METHODS[0]}",
                     str(source), str(tmp_path / "html")], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "html" / "index.html").read_text("utf-8")
    here_version, there_version = platform_tag()[-4:], tag.rsplit("-", 1)[1]
    assert page.count('class="example-output-panel"') == 2
    assert f"CPython {here_version}" in page and f"CPython {there_version}" in page
    assert "USA" not in page


def test_a_windows_checkout_gives_the_same_keys(tmp_path, monkeypatch):
    """git on Windows (GitHub's runners included) checks files out with CRLF
    line endings: results captured there must still be current here."""
    from engine import config

    script = tmp_path / "isolation" / "isolated_global.py"
    script.parent.mkdir()
    script.write_bytes(CHINA.encode())
    (tmp_path / "examples.toml").write_text("[defaults]\ntimeout = 60\n")
    monkeypatch.setattr(config, "EXAMPLES", tmp_path)
    run = examples.Example("isolation/isolated_global.py")
    here = store.key(run, "spawn", ("CPython", "3.13.1", "Windows"))
    script.write_bytes(CHINA.replace("\n", "\r\n").encode())
    assert store.key(run, "spawn", ("CPython", "3.13.1", "Windows")) == here


# Markup that runs script wherever it is not escaped: in text, in an
# attribute quoted either way, or as one.
MARKUP = ('"\' autofocus onfocus="window.__ran=1" x=\'<img src=x onerror="window.__ran=1">'
          '<script>window.__ran=1</script><svg onload="window.__ran=1">')
HOSTILE = '"""Print a line."""\nprint("hello")\n'
# Opens each page in Chromium, focuses every panel (an onfocus would run),
# and prints [window.__ran, panels, the blocks' text] for each page.
LOOK = """
import json, sys
from playwright.sync_api import sync_playwright
executable, arguments, *pages = sys.argv[1:]
seen = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=executable,
                                         args=json.loads(arguments))
    for url in pages:
        page = browser.new_page()
        page.goto(url)
        page.wait_for_load_state("load")
        for panel in page.query_selector_all(".example-output-panel"):
            panel.focus()
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        seen.append([page.evaluate("window.__ran"),
                     len(page.query_selector_all(".example-output-panel")),
                     page.text_content(".example-output")])
    browser.close()
print(json.dumps(seen))
"""


def hostile_results(result, example) -> dict[str, dict]:
    """Copies of ``result`` as another machine could send them, by what
    they should meet: "shown" has markup in every free string field (it
    must show as text); each other one has it in a field that has a form
    of its own (it must be refused). Each key is recomputed, as whoever
    forged it could."""
    from engine.run.result import Result

    data = json.loads(result.to_json())
    shown = {**data, "system": "Darwin", "start_method": "spawn", "args": [MARKUP],
             "lines": [[0.1, MARKUP], *data["lines"]], "left_running": [MARKUP],
             "paths": {"home": MARKUP, MARKUP: "/x"},
             "processes": [*data["processes"], {
                 "pid": 2, "role": "command", "program": MARKUP, "name": MARKUP,
                 "parents": [[0.0, data["pid"], MARKUP]], "appeared": 0.0,
                 "running_until": 0.1, "exited": 0.2, "zombie_until": None,
                 "reaped": 0.2, "end": MARKUP}]}
    forged = {"shown": shown}
    for field in ("system", "implementation", "python", "start_method", "script"):
        forged[field] = {**shown, field: MARKUP}
    forged["key"] = {**shown, "key": MARKUP}
    forged["pid"] = {**shown, "pid": MARKUP}
    forged["role"] = {**shown, "processes": [{**shown["processes"][-1], "role": MARKUP}]}
    for name, fields in forged.items():
        if name not in ("key", "start_method"):
            fields["key"] = store.key_of(example, Result(**fields))
    return forged


@pytest.mark.browser
def test_markup_in_a_merged_result_is_refused_or_shown_as_text(tmp_path, monkeypatch):
    """A result from another machine is data from elsewhere: each field
    with a form of its own is checked, the rest is escaped; in a real
    browser, in both languages, nothing of it runs."""
    from engine import config
    from engine.run.result import Result, platform_tag
    from test_browser import CHROMIUM_ARGS, chromium_executable

    folder = temp_examples(tmp_path, {"markup/hostile.py": HOSTILE})
    results = tmp_path / "results"
    done = run_tool([sys.executable, CAPTURE, "--results", str(results),
                     "--start-method", METHODS[0]], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    monkeypatch.setattr(config, "EXAMPLES", folder)
    example = examples.find("markup/hostile.py")
    result = store.load(results, METHODS[0], example)
    sources = []
    for name, fields in hostile_results(result, example).items():
        tag = "Darwin-CPython-3.11"  # where each says it is from
        if name == "shown":
            tag = Result(**fields).platform
        path = tmp_path / "elsewhere" / name / tag / "spawn" / "markup" / "hostile.py.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(fields), encoding="utf-8")
        sources.append(str(tmp_path / "elsewhere" / name))
    done = run_tool([sys.executable, MERGE, *sources, "--results", str(results)], folder)
    messages = done.stdout + done.stderr
    assert f"merged 1 results; refused {len(sources) - 1}" in messages, messages
    assert messages.count("not what a result holds") == len(sources) - 1, messages
    # One put among the results by hand, past merge.py: the pages check it too.
    planted = store.path_of(results, "spawn", example, "Windows-CPython-3.12")
    planted.parent.mkdir(parents=True)
    planted.write_text(json.dumps(hostile_results(result, example)["system"]), "utf-8")

    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text("# Hostile\n\n```{example} markup/hostile.py\n```\n",
                                     encoding="utf-8")
    executable = chromium_executable()
    if executable is None:
        pytest.fail("needs Chromium (see tests/test_browser.py)")
    pages = []
    for language in ("en", "zh_CN"):
        out = tmp_path / "html" / language
        done = run_tool([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
                         "-c", str(ROOT / "docs"), "-D", f"language={language}",
                         "-D", f"example_results={results}",
                         "-D", f"example_start_methods={METHODS[0]}",
                         str(source), str(out)], folder)
        assert done.returncode == 0, done.stdout + done.stderr
        pages.append((out / "index.html").as_uri())
    # In a process of its own: this worker may drive test_browser.py's
    # Chromium already, and Playwright's sync API allows one per thread.
    done = subprocess.run([sys.executable, "-c", LOOK, executable,
                           json.dumps(CHROMIUM_ARGS), *pages],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for url, (ran, panels, text) in zip(pages, json.loads(done.stdout)):
        assert ran is None, url  # nothing of the markup ran
        assert panels == 2, url  # this machine's, and the one shown
        assert MARKUP in text, url  # shown as text
    assert platform_tag() != "Darwin-CPython-3.11"


def test_results_merged_after_a_build_reach_its_pages_at_the_next(tmp_path, monkeypatch):
    """Merging changes no page source: the next build must still write
    the pages whose examples have new results from elsewhere."""
    from engine import config
    from engine.run.result import Result

    folder = temp_examples(tmp_path, {"markup/hostile.py": HOSTILE})
    results, elsewhere = tmp_path / "results", tmp_path / "elsewhere"
    done = run_tool([sys.executable, CAPTURE, "--results", str(results),
                     "--start-method", METHODS[0]], folder)
    assert done.returncode == 0, done.stdout + done.stderr
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text("# Merged\n\n```{example} markup/hostile.py\n```\n",
                                     encoding="utf-8")
    sphinx = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
              "-c", str(ROOT / "docs"), "-d", str(tmp_path / "doctrees"),
              "-D", f"example_results={results}", "-D", f"example_start_methods={METHODS[0]}",
              str(source), str(tmp_path / "html")]
    page = tmp_path / "html" / "index.html"
    panels = []
    for merged in (False, True):
        if merged:  # as a macOS runner's result would come
            monkeypatch.setattr(config, "EXAMPLES", folder)
            example = examples.find("markup/hostile.py")
            data = json.loads(store.load(results, METHODS[0], example).to_json())
            data.update(system="Darwin", start_method="spawn")
            data["key"] = store.key_of(example, Result(**data))
            path = store.path_of(elsewhere, "spawn", example, Result(**data).platform)
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps(data), encoding="utf-8")
            done = run_tool([sys.executable, MERGE, str(elsewhere), "--results",
                             str(results)], folder)
            assert "merged 1 results; refused 0" in done.stdout, done.stdout + done.stderr
        done = run_tool(sphinx, folder)
        assert done.returncode == 0, done.stdout + done.stderr
        panels.append(page.read_text("utf-8").count('class="example-output-panel"'))
    assert panels == [1, 2]
