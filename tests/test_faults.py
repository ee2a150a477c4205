"""Faults in the examples pipeline fail loudly, name their cause, leave nothing.

Every fault is injected into a throwaway examples folder or site, never into
the real examples or pages.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import METHODS, ROOT, build_temp_site, foreground_job, run_tool, temp_examples
from test_runner import posix_only

CAPTURE = [sys.executable, str(ROOT / "docs" / "capture.py")]
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


def test_a_result_without_a_record_of_its_processes_is_run_again(tmp_path):
    """As kept by a capture on an interpreter without psutil: no figure."""
    examples = temp_examples(tmp_path, {"hello.py": '"""Hi."""\nprint("hello")\n'})
    capture = [sys.executable, str(ROOT / "docs" / "capture.py"),
               "--results", str(tmp_path / "results"), "--start-method", METHODS[0]]
    assert run_tool(capture, examples).returncode == 0
    (kept,) = (tmp_path / "results").rglob("hello.py.json")
    data = json.loads(kept.read_text("utf-8"))
    assert data["processes"]
    kept.write_text(json.dumps({**data, "processes": []}), encoding="utf-8")
    done = run_tool(capture, examples)
    assert "0 up to date, 1 to run" in done.stdout, done.stdout + done.stderr
    assert json.loads(kept.read_text("utf-8"))["processes"]


@pytest.mark.site
def test_a_result_that_breaks_a_claim_is_not_shown(tmp_path):
    """The build refuses a result whose output fails its page's claims."""
    pages = {"index.md": "# Home\n\n```{toctree}\nisolation\n```\n",
             "isolation.md": "# Isolation\n\n```{example} isolation/isolated_global.py\n```\n"}
    examples = {"isolation/isolated_global.py": '"""China."""\nprint("China")\n'}
    code, messages, _ = build_temp_site(tmp_path, pages, examples)
    assert code == 0, messages
    # A result file edited by hand, or a claim changed since the capture.
    (kept,) = (tmp_path / "results").rglob("isolated_global.py.json")
    data = json.loads(kept.read_text("utf-8"))
    kept.write_text(json.dumps({**data, "lines": [[0.1, "USA"]]}), encoding="utf-8")
    (tmp_path / "html").rename(tmp_path / "old-html")
    code, messages, _ = build_temp_site(tmp_path, pages, examples, capture_results=False)
    assert code != 0
    assert "claim parent_still_prints_china" in messages
    assert (f"isolation: example 'isolation/isolated_global.py' ({METHODS[0]}) "
            "cannot be shown") in messages


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
    build = subprocess.Popen([*CAPTURE, "--results", str(results)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             preexec_fn=foreground_job)
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


# -- results that cannot be read, files that cannot be written ---------------

RESULT_FAULTS = {
    "cut short": lambda text: text[: len(text) // 2],
    "emptied": lambda text: "",
    "not a result": lambda text: '["some", "other", "json"]',
    "one field more": lambda text: text.replace('{', '{"colour": "red", ', 1),
    "one field less": lambda text: re.sub(r'\s*"cut_chars": \d+,', "", text),
    "not UTF-8": lambda text: text.replace("hello", "h\udce9llo"),
}


@pytest.mark.parametrize("fault", RESULT_FAULTS)
def test_an_unreadable_result_is_run_again_and_named(tmp_path, fault):
    hello = {"hello.py": '"""Hi."""\nprint("hello")\n'}
    code, messages = capture(tmp_path, hello)
    assert code == 0, messages
    file = sorted((tmp_path / "results").rglob("*.json"))[0]  # one start method's
    text = file.read_text("utf-8")
    file.write_bytes(RESULT_FAULTS[fault](text).encode("utf-8", "surrogateescape"))
    code, messages = capture(tmp_path, hello)
    assert code == 0, messages
    assert "Traceback" not in messages
    (said,) = [line for line in messages.splitlines() if "stale result" in line]
    assert str(file) in said
    assert "1 to run" in messages
    assert json.loads(file.read_text("utf-8"))["lines"][0][1] == "hello"


def test_a_full_disk_names_the_result_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    """ENOSPC, as from a full disk: /dev/full fails every write with it."""
    from engine import examples, files, store
    from engine.run.result import Result

    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full (Linux)")
    result = Result("hello.py", [], "fork", 0, False, 60, 0.1, [[0.1, "hello"]])
    real_fdopen = os.fdopen

    def full_disk(handle, *args, **options):
        os.close(handle)
        return real_fdopen(os.open("/dev/full", os.O_WRONLY), *args, **options)

    monkeypatch.setattr(files.os, "fdopen", full_disk)
    path = store.path_of(tmp_path / "results", "fork", examples.Example("hello.py"))
    with pytest.raises(OSError) as raised:
        store.write(path, result)
    assert raised.value.errno == 28
    assert str(path) in str(raised.value)
    assert not [p for p in (tmp_path / "results").rglob("*") if p.is_file()]


def test_results_are_created_with_the_usual_permissions(tmp_path):
    code, messages = capture(tmp_path, {"hello.py": '"""Hi."""\nprint("hello")\n'})
    assert code == 0, messages
    files = list((tmp_path / "results").rglob("*.json"))
    umask = os.umask(0)
    os.umask(umask)
    assert files and all(file.stat().st_mode & 0o777 == 0o666 & ~umask for file in files)


def test_with_output_into_a_file_errors_come_after_the_progress_lines(tmp_path):
    folder = temp_examples(tmp_path, {"broken/fails.py": FAILS})
    log = tmp_path / "build.log"
    # As in CI: stdout into a file is block-buffered, stderr is not (these
    # machines export PYTHONUNBUFFERED, which would hide the fault).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open(log, "w") as file:
        subprocess.run([*CAPTURE, "--results", str(tmp_path / "results")],
                       stdout=file, stderr=file, env={**env, "NOTES_EXAMPLES": str(folder)})
    text = log.read_text()
    assert text.index("FAILED") < text.index("error: examples/broken/fails.py")


# -- the manifest -------------------------------------------------------------

HELLO = r"""\["hello\.py"\]: """  # where the message says the fault is
MANIFEST_FAULTS = {  # what is wrong: (the manifest's entries, what the error says)
    "invalid TOML": ('["hello.py"]\ntimeout = = 3\n', r"examples\.toml:4:11: invalid TOML"),
    "misspelt key": ('["hello.py"]\ntimout = 3\n', r"examples\.toml: " + HELLO + "unknown key 'timout'"),
    "misspelt flag": ('["hello.py"]\nexpect_faliure = true\n', HELLO + "unknown key 'expect_faliure'"),
    "runs not lists": ('["hello.py"]\nruns = ["--no-lock"]\n', HELLO + "runs must be a list of argument lists"),
    "timeout not positive": ('["hello.py"]\ntimeout = 0\n', HELLO + "timeout must be a positive number"),
    "flag not a bool": ('["hello.py"]\nexpect_failure = "yes"\n', HELLO + "expect_failure must be true or false"),
    "no such script": ('["gone.py"]\ntimeout = 3\n', r"""\["gone\.py"\]: no such example: examples/gone\.py"""),
    "no such peer": ('["hello.py"]\nshown_by = "gone.py"\n', HELLO + r"shown_by: no such example: examples/gone\.py"),
    "bad default": ("", r"\[defaults\]: timeout must be a positive number"),
}


@pytest.mark.parametrize("fault", MANIFEST_FAULTS)
def test_a_bad_manifest_is_named_with_its_entry_and_key(tmp_path, fault):
    manifest, expected = MANIFEST_FAULTS[fault]
    folder = temp_examples(tmp_path, {"hello.py": '"""Hi."""\nprint("hello")\n'}, manifest)
    if fault == "bad default":
        (folder / "examples.toml").write_text('[defaults]\ntimeout = "60"\n')
    done = run_tool([*CAPTURE, "--results", str(tmp_path / "results")], folder)
    messages = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in messages
    (line,) = [line for line in messages.splitlines() if line.startswith("error:")]
    assert re.search(expected, line), line
    assert str(folder / "examples.toml") in line
    assert not (tmp_path / "results").exists()


def test_the_real_manifest_passes_its_schema():
    from engine import examples

    assert examples.manifest().defaults.timeout > 0


# -- the site -----------------------------------------------------------------

@posix_only
@pytest.mark.site  # the build checks the catalogs (babel) and runs Sphinx
def test_a_failed_build_leaves_the_last_good_site(tmp_path):
    """A build that fails after Sphinx started writes nothing into the site."""
    out = tmp_path / "html"
    (out / "en").mkdir(parents=True)
    (out / "en" / "index.html").write_text("the last good site")
    folder = temp_examples(tmp_path, {"broken/fails.py": FAILS})
    done = run_tool([sys.executable, str(ROOT / "docs" / "build_site.py"),
                     "--out", str(out), "--results", str(tmp_path / "results")], folder)
    assert done.returncode != 0
    assert "examples/broken/fails.py exited with code 1" in done.stderr
    assert [p.relative_to(out) for p in out.rglob("*")] == [
        Path("en"), Path("en/index.html")]
    assert (out / "en" / "index.html").read_text() == "the last good site"
    assert f"{out} still holds the last good site" in done.stdout
    assert not list(tmp_path.glob("*.building"))


@posix_only
@pytest.mark.site  # the build checks the catalogs (babel) and runs Sphinx
def test_a_site_the_disk_cannot_copy_stays_and_one_line_says_why(tmp_path):
    """The site is copied before it is built beside it: a disk that cannot
    take the copy (here: a file-size limit, EFBIG; a full disk gives ENOSPC
    the same way) ends the build in one line, and the last good site stays."""
    import resource

    out = tmp_path / "html"
    (out / "en").mkdir(parents=True)
    (out / "en" / "index.html").write_text("the last good site")
    (out / "en" / "big.bin").write_bytes(b"x" * 2_000_000)
    folder = temp_examples(tmp_path, {"hello.py": '"""Hello."""\nprint("hello")\n'})
    done = run_tool([sys.executable, str(ROOT / "docs" / "build_site.py"),
                     "--out", str(out), "--results", str(tmp_path / "results")], folder,
                    preexec_fn=lambda: resource.setrlimit(
                        resource.RLIMIT_FSIZE, (1_000_000, 1_000_000)))
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert f"cannot copy the site {out}" in line and "File too large" in line
    assert f"{out} still holds the last good site" in line
    assert (out / "en" / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob("*.building"))


@pytest.mark.site
def test_a_build_that_cannot_take_its_lock_says_so_in_one_line(site):
    """A read-only checkout (here: the lock's path taken by a folder) still
    finds an up-to-date site up to date; a build that must write says why
    it cannot in one line."""
    lock = site.out.parent / "build.lock"
    build_site = [sys.executable, str(ROOT / "docs" / "build_site.py"),
                  "--out", str(site.out), "--results", str(site.results)]
    lock.unlink(missing_ok=True)
    lock.mkdir()
    try:
        current = subprocess.run(build_site, capture_output=True, text=True)
        # a site not built yet, beside it: it would need the lock
        other = subprocess.run([*build_site[:2], "--out", str(site.out.parent / "other"),
                                "--results", str(site.results)],
                               capture_output=True, text=True)
    finally:
        lock.rmdir()
    assert current.returncode == 0, current.stdout + current.stderr
    assert "site up to date" in current.stdout
    assert other.returncode == 1, other.stdout + other.stderr
    assert "Traceback" not in other.stderr
    (line,) = other.stderr.strip().splitlines()
    assert line.startswith(f"error: cannot write in {site.out.parent}")


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    """Two builds in one checkout: the second waits, then finds all done."""
    go = tmp_path / "go"  # the first build's example runs until it appears
    held = (f'"""Held."""\nimport os, time\nwhile not os.path.exists({str(go)!r}):\n'
            '    time.sleep(0.05)\nprint("released")\n')
    folder = temp_examples(tmp_path, {"waited_for_held.py": held})
    env = {**os.environ, "NOTES_EXAMPLES": str(folder)}
    argv = [*CAPTURE, "--results", str(tmp_path / "results")]
    first = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not group_members_of_script("waited_for_held.py"):
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        said = second.stdout.readline()  # it waits for the lock after saying so
        go.touch()
        second_output = said + second.communicate(timeout=60)[0]
        first_output = first.communicate(timeout=60)[0]
    finally:
        go.touch()
    assert first.returncode == 0 and second.returncode == 0, second_output
    assert "another build is running in this checkout" in said
    assert "0 up to date" in first_output and "0 to run" in second_output


# Python as it is on Windows, where there is no forkserver (nor fork; this
# machine's fork stands in for the method the system has).
WITHOUT_FORKSERVER = """
import multiprocessing, runpy, sys
multiprocessing.get_all_start_methods = lambda: ['fork', 'spawn']
sys.argv = sys.argv[1:]
if sys.argv[0] == 'sphinx':
    runpy.run_module('sphinx', run_name='__main__', alter_sys=True)
else:  # a script: its folder comes first on sys.path, as when run directly
    sys.path.insert(0, sys.argv[0].rsplit('/', 1)[0])
    runpy.run_path(sys.argv[0], run_name='__main__')
"""


@pytest.mark.site
@pytest.mark.skipif("forkserver" not in METHODS, reason="needs forkserver to take it away")
@pytest.mark.parametrize("language, words", [
    ("en", "The forkserver start method is not available on Linux."),
    ("zh_CN", "Linux 上没有 forkserver 启动方法。")])
def test_a_start_method_the_system_lacks_is_shown_as_not_available(tmp_path, language, words):
    """Built where forkserver does not exist, the site says so in its tab:
    the build neither runs it nor fails for it."""
    folder = temp_examples(tmp_path, {"hello.py": '"""Hello."""\nprint("hello")\n'})
    results, out = tmp_path / "results", tmp_path / "html"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.md").write_text("# Hello\n\n```{example} hello.py\n```\n")
    steps = [[CAPTURE[1], "--results", str(results)],
             ["sphinx", "-W", "-q", "-b", "html", "-c", str(ROOT / "docs"),
              "-D", f"language={language}", "-D", f"example_results={results}",
              str(tmp_path / "src"), str(out)]]
    for step in steps:
        done = run_tool([sys.executable, "-c", WITHOUT_FORKSERVER, *step], folder)
        assert done.returncode == 0, done.stdout + done.stderr
    assert not list(results.rglob("forkserver"))  # never tried
    page = (out / "index.html").read_text("utf-8")
    tabs = re.findall(r'class="example-output-panel" data-tab="([\w-]+)"', page)
    assert tabs == ["linux-fork", "linux-spawn", "linux-forkserver"]
    assert words in page
