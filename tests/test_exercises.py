"""The exercises and the learner's checker, examples/check.py.

Every starter fails its exercise and every model solution passes it, under
every start method, on the fresh runs of the cold build; and check.py is
driven as a learner drives it: in a subprocess, from the project folder.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from engine import claims, config, examples, exercises
from engine.render import words
from engine.run import processes
from conftest import METHODS, ROOT, foreground_job

EXERCISES = claims.exercises()
CHECK = [sys.executable, "examples/check.py"]


def check(*args, lang="en", **kwargs):
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    return subprocess.run([*CHECK, *args, *(["--lang", lang] if lang else [])],
                          cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=180, **kwargs)


def test_every_page_with_exercises_declares_them_with_its_starter_and_solution():
    assert {e.name for e in EXERCISES} >= {"join", "isolation", "mutex", "pitfalls",
                                           "zombie-orphan", "queues"}
    for exercise in EXERCISES:
        for script in (exercise.starter, exercise.solution):
            assert (config.EXAMPLES / script).is_file(), script
            assert examples.page_of(script) == exercise.page
        assert claims.claims_for(exercise.solution, METHODS[0]), exercise.name


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.name)
def test_the_starter_fails_and_the_solution_passes(fresh_results, exercise, method):
    starter = fresh_results[exercise.starter, method]
    solution = fresh_results[exercise.solution, method]
    assert exercises.judge(exercise, starter).failures, (
        f"examples/{exercise.starter} passes its own exercise ({method})")
    verdict = exercises.judge(exercise, solution)
    assert verdict.passed, verdict.failures


def test_a_starter_that_passes_its_exercise_is_refused_by_the_build(fresh_results):
    exercise = next(e for e in EXERCISES if e.name == "isolation")
    solved = fresh_results[exercise.solution, METHODS[0]]
    example = examples.find(exercise.starter)
    found = claims.problems(example, solved)
    assert any("already passes it" in problem for problem in found), found


def test_the_words_come_from_the_catalog_without_babel():
    try:
        words.choose("zh_CN")
        assert words._("{method}: failed") == "{method}：未通过"
        assert words._("not a message of ours") == "not a message of ours"
        words.choose("en")
        assert words._("{method}: failed") == "{method}: failed"
    finally:
        words.choose(None)  # the other tests' words: as Sphinx translates them


def test_the_locale_chooses_the_language():
    from engine.checker import language
    assert language(environ={"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert language(environ={"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}) == "zh_CN"
    assert language(environ={"LANG": "zh_TW.UTF-8"}) == "zh_CN"
    assert language(environ={"LANG": "de_DE.UTF-8"}) == "en"
    assert language("en", environ={"LANG": "zh_CN.UTF-8"}) == "en"


def test_the_list_names_every_exercise_first_on_its_line():
    listed = check()
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [e.name for e in EXERCISES]


def test_the_list_in_chinese():
    listed = check(lang="zh_CN")
    assert listed.stdout.startswith("练习（检查你的解答")
    assert "让四个睡眠的进程大约四秒就全部结束" in listed.stdout


def test_the_starter_fails_in_the_learners_words():
    ran = check("isolation", "--start-method", "spawn")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "spawn: failed" in ran.stdout
    assert "the parent printed China, expected USA" in ran.stdout
    assert "Traceback" not in ran.stdout + ran.stderr


def test_the_solution_passes():
    ran = check("isolation", "--solution")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    for method in METHODS:
        assert f"{method}: passed" in ran.stdout


def test_in_chinese(tmp_path):
    ran = check("isolation", "--start-method", "spawn", lang="zh_CN")
    assert ran.returncode == 1
    assert "spawn：未通过" in ran.stdout
    assert "父进程打印的是 China，期望的是 USA" in ran.stdout


def test_a_wrong_attempt_in_a_copy(tmp_path):
    attempt = tmp_path / "my_try.py"
    text = (config.EXAMPLES / "mutex/sell_one_ticket_solution.py").read_text("utf-8")
    # Locks the looking too: one ticket sold, but the buyers queue up to look.
    text = text.replace("    look(name, path)  # looking changes nothing: no lock needed\n"
                        "    with lock:  # one buyer at a time reads, waits and writes\n"
                        "        buy(name, path)",
                        "    with lock:\n        look(name, path)\n        buy(name, path)")
    attempt.write_text(text, "utf-8")
    ran = check("mutex", str(attempt), "--start-method", "spawn")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "a buyer looked at the stock only after another had bought" in ran.stdout


def test_a_hanging_attempt_is_stopped_with_all_it_started(tmp_path):
    attempt = tmp_path / "hangs.py"
    attempt.write_text(
        '"""Hangs: the parent waits for a value nobody sends."""\n'
        "from multiprocessing import Process, Queue\n"
        "import time\n\n"
        "if __name__ == '__main__':\n"
        "    q = Queue()\n"
        "    p = Process(target=time.sleep, args=(600,))\n"
        "    p.start()\n"
        "    print('parent:', q.get())\n", "utf-8")
    before = set(processes.table())
    ran = check("isolation", str(attempt), "--timeout", "4", "--start-method", "spawn")
    assert ran.returncode == 1
    assert "was still running after 4 s, so the checker stopped it" in ran.stdout
    time.sleep(0.5)
    left = [pid for pid in set(processes.table()) - before
            if str(attempt) in processes.command_of(pid)]
    assert left == []


def test_a_missing_file():
    ran = check("isolation", "no_such_file.py")
    assert ran.returncode == 2
    assert ran.stderr.strip() == "check.py: no such file: no_such_file.py"


def test_a_syntax_error(tmp_path):
    attempt = tmp_path / "broken.py"
    attempt.write_text("def task(:\n    pass\n", "utf-8")
    ran = check("isolation", str(attempt))
    assert ran.returncode == 1
    assert "has a syntax error on line 1" in ran.stdout
    assert "nothing was started" in ran.stdout


def test_an_unknown_exercise():
    ran = check("no-such-exercise")
    assert ran.returncode == 2
    assert "no exercise is called 'no-such-exercise'" in ran.stderr


def test_a_starters_path_names_its_exercise():
    ran = check("examples/isolation/send_it_back.py", "--start-method", "spawn")
    assert ran.returncode == 1
    assert "Exercise isolation:" in ran.stdout


@pytest.mark.skipif(os.name != "posix", reason="a SIGINT to a process group")
def test_ctrl_c_ends_everything(tmp_path):
    attempt = tmp_path / "sleeps.py"
    attempt.write_text(
        "from multiprocessing import Process\nimport time\n\n"
        "if __name__ == '__main__':\n"
        "    p = Process(target=time.sleep, args=(600,))\n    p.start()\n    p.join()\n",
        "utf-8")
    env = {**os.environ, "LANG": "C.UTF-8"}
    checker = subprocess.Popen([*CHECK, "isolation", str(attempt), "--lang", "en"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=foreground_job)
    deadline = time.monotonic() + 60
    while not any(str(attempt) in processes.command_of(pid) for pid in processes.table()):
        assert time.monotonic() < deadline, "the attempt never started"
        time.sleep(0.2)
    time.sleep(1)
    os.killpg(checker.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the group
    out, err = checker.communicate(timeout=60)
    assert checker.returncode == 130, out + err
    assert "Interrupted: every process the check had started was ended." in out
    assert "Traceback" not in out + err
    time.sleep(0.5)
    assert not [pid for pid in processes.table()
                if str(attempt) in processes.command_of(pid)]


def test_without_psutil_the_output_is_checked_and_the_rest_named():
    """python3 -S: no site-packages, so no psutil, as on a bare interpreter."""
    ran = subprocess.run([sys.executable, "-S", "examples/check.py", "join", "--solution",
                          "--start-method", "spawn", "--lang", "en"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "python3 -m pip install psutil" in ran.stdout
    assert ("spawn: the output is right; not checked without psutil: "
            "the_four_sleepers_are_alive_at_the_same_time") in ran.stdout
    assert "passed" not in ran.stdout.lower().replace("start methods passed", "")


@pytest.mark.skipif("fork" not in METHODS, reason="fork starts 200 processes quickly")
def test_a_script_starting_hundreds_of_processes_is_named_and_ended(tmp_path):
    attempt = tmp_path / "many.py"
    attempt.write_text(
        "from multiprocessing import Process\nimport time\n\n"
        "if __name__ == '__main__':\n"
        "    children = [Process(target=time.sleep, args=(60,)) for _ in range(200)]\n"
        "    for p in children:\n        p.start()\n"
        "    for p in children:\n        p.join()\n", "utf-8")
    ran = check("isolation", str(attempt), "--start-method", "fork", "--timeout", "8")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "it started 200 processes, far more than this exercise needs" in ran.stdout
    assert "was still running after 8 s" in ran.stdout
    time.sleep(0.5)
    assert not [pid for pid in processes.table()
                if str(attempt) in processes.command_of(pid)]
