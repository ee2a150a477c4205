"""Faults in the examples pipeline fail loudly, name their cause, leave nothing.

Every fault is injected into a throwaway examples folder or site, never into
the real examples or pages.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import METHODS, ROOT, build_temp_site, run_tool, temp_examples
from test_runner import group_members, posix_only

CAPTURE = [sys.executable, str(ROOT / "docs" / "_ext" / "capture.py")]
FAILS = '"""Fail."""\nprint("about to fail")\nraise ValueError("this example is broken")\n'


def capture(tmp_path, examples, manifest=""):
    folder = temp_examples(tmp_path, examples, manifest)
    done = run_tool([*CAPTURE, "--results", str(tmp_path / "results")], folder)
    return done.returncode, done.stdout + done.stderr


def test_an_example_that_raises_fails_the_build_with_its_traceback(tmp_path):
    code, messages = capture(tmp_path, {"broken/fails.py": FAILS})
    assert code == 1
    assert "examples/broken/fails.py exited with code 1" in messages
    assert "ValueError: this example is broken" in messages  # the tail
    assert "about to fail" in messages


def test_an_example_meant_to_fail_is_accepted(tmp_path):
    code, messages = capture(tmp_path, {"broken/fails.py": FAILS},
                             '["broken/fails.py"]\nexpect_failure = true\n')
    assert code == 0, messages


@posix_only
def test_a_hanging_example_is_killed_at_its_timeout_and_named(tmp_path):
    hangs = ('"""Hang."""\nimport multiprocessing, time\n'
             "if __name__ == '__main__':\n"
             "    multiprocessing.Process(target=time.sleep, args=(600,)).start()\n"
             "    time.sleep(600)\n")
    start = time.monotonic()
    code, messages = capture(tmp_path, {"hangs.py": hangs},
                             '["hangs.py"]\ntimeout = 2\n')
    assert code == 1
    assert "examples/hangs.py was killed after its 2 s timeout" in messages
    assert time.monotonic() - start < 30
    assert not [row for row in group_members_of_script("hangs.py")]


def group_members_of_script(name: str) -> list[str]:
    """Processes still running whose command line names the script."""
    table = subprocess.run(["ps", "-ww", "-eo", "stat=,args="], capture_output=True,
                           text=True, check=True).stdout
    return [row for row in table.splitlines()
            if name in row and not row.startswith("Z")]


@pytest.mark.site
def test_a_page_that_shows_a_missing_example_names_page_and_file(tmp_path):
    code, messages, _ = build_temp_site(
        tmp_path, pages={"index.md": "# Missing\n\n```{example} nowhere/gone.py\n```\n"})
    assert code != 0
    assert "index: no such example: examples/nowhere/gone.py" in messages


@pytest.mark.site
def test_an_example_without_a_result_names_page_and_example(tmp_path):
    code, messages, _ = build_temp_site(
        tmp_path, pages={"intro.md": "# Intro\n\n```{example} hello.py\n```\n",
                         "index.md": "# Home\n\n```{toctree}\nintro\n```\n"},
        examples={"hello.py": '"""Hi."""\nprint("hello")\n'}, capture_results=False)
    assert code != 0
    assert f"intro: example 'hello.py' ({METHODS[0]}) has no captured result" in messages


@pytest.mark.site
def test_a_stale_result_is_never_shown(tmp_path):
    hello = '"""Hi."""\nprint("hello")\n'
    pages = {"index.md": "# Home\n\n```{example} hello.py\n```\n"}
    code, messages, _ = build_temp_site(tmp_path, pages, {"hello.py": hello})
    assert code == 0, messages
    (tmp_path / "examples" / "hello.py").write_text(hello + 'print("changed")\n')
    (tmp_path / "html").rename(tmp_path / "old-html")
    code, messages, _ = build_temp_site(tmp_path, pages, {"hello.py": hello + 'print("changed")\n'},
                                        capture_results=False)
    assert code != 0 and "the captured result is stale" in messages


@pytest.mark.site
def test_a_result_that_breaks_a_claim_is_not_shown(tmp_path, monkeypatch):
    """The build refuses a result whose output fails its page's claims."""
    import capture as capture_module

    run = capture_module.find_run("isolation/isolated_global.py")
    method = capture_module.runner.default_start_method()
    result = capture_module.execute(run, method)
    assert capture_module.problems(run, result) == []
    result.lines = [[0.1, "USA"]]  # a result file edited, or a claim changed
    result.key = capture_module.key(run, method)
    results = tmp_path / "results"
    capture_module.write(capture_module.result_path(results, method, run), result)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
         "-D", f"example_results={results}", "-D", f"example_start_methods={method}",
         str(ROOT / "docs"), str(tmp_path / "html")],
        capture_output=True, text=True)
    assert done.returncode != 0
    assert "claim parent_still_prints_china" in done.stderr
    assert f"isolation: example 'isolation/isolated_global.py' ({method}) cannot be shown" in done.stderr


BROKEN_PO = '''msgid ""
msgstr "Content-Type: text/plain; charset=utf-8\\n"

msgid "Some text."
msgstr "一些文字。

msgid "Home"
msgstr "首页"
'''


@pytest.mark.site
def test_a_malformed_catalog_is_named_with_its_line(tmp_path):
    code, messages, _ = build_temp_site(
        tmp_path, pages={"index.md": "# Home\n\nSome text.\n"}, language="zh_CN",
        locales={"zh_CN/LC_MESSAGES/index.po": BROKEN_PO})
    assert code != 0
    assert "locales/zh_CN/LC_MESSAGES/index.po:5: not valid PO syntax" in messages
    # One line that says it all, not Sphinx's crash report.
    assert "Configuration error" not in messages
    assert "Traceback" not in messages


@pytest.mark.site
def test_a_translation_that_breaks_a_reference_is_named(tmp_path):
    po = BROKEN_PO.replace('msgid "Some text."\nmsgstr "一些文字。', (
        'msgid "See {term}`process`."\nmsgstr "见{term}`进程`。"'))
    code, messages, _ = build_temp_site(
        tmp_path, language="zh_CN", pages={
            "index.md": "# Home\n\nSee {term}`process`.\n\n```{glossary}\nprocess\n  A process.\n```\n"},
        locales={"zh_CN/LC_MESSAGES/index.po": po})
    assert code != 0
    # The fault is in the catalog: its file, the entry's line, the entry.
    assert ("locales/zh_CN/LC_MESSAGES/index.po:4: WARNING: inconsistent term "
            "references") in messages
    assert "in the entry msgid 'See {term}`process`.'" in messages


@posix_only
def test_ctrl_c_ends_every_example_and_writes_no_result(tmp_path):
    sleeper = ('"""Sleep."""\nimport multiprocessing, time\n'
               "if __name__ == '__main__':\n"
               "    multiprocessing.Process(target=time.sleep, args=(600,)).start()\n"
               "    print('sleeping', flush=True)\n    time.sleep(600)\n")
    folder = temp_examples(tmp_path, {"interrupted_sleeper.py": sleeper})
    results = tmp_path / "results"
    env = {**os.environ, "NOTES_EXAMPLES": str(folder)}
    # A shell starts background jobs with SIGINT ignored, and the child would
    # inherit that: give it the default, as a terminal's foreground job has.
    build = subprocess.Popen([*CAPTURE, "--results", str(results)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 30
        while len(group_members_of_script("interrupted_sleeper.py")) < 2:
            assert time.monotonic() < deadline, "the example never started"
            time.sleep(0.05)
        build.send_signal(signal.SIGINT)
        output = build.communicate(timeout=30)[0]
    finally:  # if the test failed before Ctrl-C worked, leave nothing behind
        build.kill()
        subprocess.run(["pkill", "-KILL", "-f", "interrupted_sleeper.py"])
    assert build.returncode != 0
    assert "interrupted: every example was stopped" in output
    assert "Traceback" not in output  # one line, not a traceback
    assert group_members_of_script("interrupted_sleeper.py") == []
    assert not any(results.rglob("*.json"))
    assert not any(results.rglob("*.tmp"))


def test_two_builds_at_once_do_not_corrupt_each_others_results(tmp_path):
    examples = {f"quick_{n}.py": f'"""Quick."""\nprint("quick {n}")\n' for n in range(4)}
    folder = temp_examples(tmp_path, examples)
    env = {**os.environ, "NOTES_EXAMPLES": str(folder)}
    argv = [*CAPTURE, "--results", str(tmp_path / "results")]
    builds = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    for build in builds:
        output = build.communicate(timeout=60)[0]
        assert build.returncode == 0, output
    files = sorted((tmp_path / "results").rglob("*.json"))
    assert len(files) == 4 * len(METHODS)  # every example, every start method
    for file in files:
        number = file.stem.split("_")[1].split(".")[0]
        assert json.loads(file.read_text("utf-8"))["lines"][0][1] == f"quick {number}"
    assert not any((tmp_path / "results").rglob("*.tmp"))
