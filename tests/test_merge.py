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
