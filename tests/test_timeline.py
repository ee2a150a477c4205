"""The process recorder, the timeline figures drawn from it, and the replay."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine import claims
from engine.render import timeline, words
from engine.run import recorder, runner, terminal
from engine.run.result import schema_problems
from conftest import METHODS

ROOT = Path(__file__).resolve().parents[1]
SVG = ""  # inline in HTML: no namespace needed


def drawn(result, language: str) -> str:
    """The figure as a build in ``language`` draws it."""
    if language != "en":
        pytest.importorskip("sphinx", reason="translated figures need the docs group")
        pytest.importorskip("babel", reason="translated figures need the docs group")
    folder = Path(tempfile.mkdtemp(prefix="words-"))
    try:
        words.use(language, folder)
        return timeline.svg(result)
    finally:
        words.use("en", folder)
        shutil.rmtree(folder, ignore_errors=True)

# A zombie for a second and a half, an orphan (its parent exits, it runs
# on), a command, and an exit code to read back. Each stretch lasts a second
# or more: under a cold build beside this test the recorder's looks can be
# 0.6 s apart, and a shorter stretch was missed once in a while.
FAMILY = r"""
import os, subprocess, time
child = os.fork()
if child == 0:
    os._exit(3)
time.sleep(1.5)                 # the child stays a zombie meanwhile
os.waitpid(child, 0)
middle = os.fork()
if middle == 0:
    if os.fork() == 0:
        time.sleep(2.0)         # the grandchild outlives its parent
        os._exit(0)
    time.sleep(1.0)
    os._exit(0)
os.waitpid(middle, 0)
subprocess.run(["sleep", "1"])
time.sleep(1.0)
"""


@pytest.fixture(scope="module")
def family():
    """The record of one run of FAMILY, in a session of its own."""
    start = time.monotonic()
    argv = [sys.executable, "-c", FAMILY]
    process = subprocess.Popen(argv, start_new_session=True)
    recording = recorder.start(process.pid, start, argv)
    process.wait(timeout=30)
    return process.pid, recording.stop()


def test_a_run_ends_at_once_when_the_sampler_was_killed_before_it(capsys):
    """docs-live's SIGTERM reaches the whole group, the sampler first:
    the runs it recorded must end at once, not after 120 s."""
    client = recorder._Client()
    client.process.kill()
    client.process.wait()
    deadline = time.monotonic() + 10
    while not client.ended:  # its answers have stopped
        assert time.monotonic() < deadline
        time.sleep(0.01)
    began = time.monotonic()
    assert client.stop(12345) == []
    assert time.monotonic() - began < 1
    assert "the sampler process did not answer" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="the family script forks; zombies and exit codes "
                           "are read this way on Linux only")
def test_recorder_sees_zombie_orphan_command_and_exit_code(family):
    main_pid, record = family
    main, first, middle, grandchild, command = sorted(
        record, key=lambda p: (p["role"] != "main", p["appeared"]))
    assert main["pid"] == main_pid and main["role"] == "main"
    assert main["reaped"] is not None  # the test reaped it
    # The first child: a zombie for about a second, then reaped; exit 3.
    assert first["role"] == "child" and first["parents"][0][1] == main_pid
    assert first["zombie_until"] - first["exited"] >= 0.7
    assert first["reaped"] > first["zombie_until"]
    assert first["end"] == "exit 3"
    # The grandchild is adopted when the middle process exits.
    assert grandchild["parents"][0][1] == middle["pid"]
    adopted, adopter, name = grandchild["parents"][1]
    assert adopter != middle["pid"] and name
    assert adopted >= middle["running_until"]
    # A program the run started is a command, named by its program.
    assert (command["role"], command["program"]) == ("command", "sleep")
    assert command["parents"][0][1] == main_pid
    # Moments of one process come in order.
    for process in record:
        moments = [process["appeared"], process["running_until"],
                   process["exited"], process["reaped"]]
        known = [t for t in moments if t is not None]
        assert known == sorted(known), process
        if process["zombie_until"] is not None and process["reaped"] is not None:
            assert process["zombie_until"] <= process["reaped"]


# Each child stays a copy of its parent for a second, far longer than the
# recorder's first looks, before it execs: the instant between fork() and
# exec() that a loaded machine stretches (an example's `ps` was once filed
# as a multiprocessing child). The second program exits at once, so that
# only its zombie is seen after the exec; the parent reaps late.
LATE_EXEC = r"""
import os, time
for program in (["sleep", "1.5"], ["true"]):
    if os.fork() == 0:
        time.sleep(1.0)
        os.execvp(program[0], program)
time.sleep(3.5)
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="see above")
def test_a_process_is_filed_by_what_it_became_not_by_its_first_look():
    start = time.monotonic()
    argv = [sys.executable, "-c", LATE_EXEC]
    process = subprocess.Popen(argv, start_new_session=True)
    recording = recorder.start(process.pid, start, argv)
    process.wait(timeout=30)
    record = recording.stop()
    roles = sorted((p["role"], p["program"]) for p in record)
    assert roles == [("command", "sleep"), ("command", "true"), ("main", "")], record


# The main process forks a child that lives on for two seconds, and exits at
# once. On a loaded machine the runner may name a run to the recorder only
# after that: the main process is then a zombie (its command line can no
# longer be read) or gone, and its child was filed as a command.
FORK_AND_EXIT = r"""
import os, time
if os.fork() == 0:
    time.sleep(2.0)
    os._exit(0)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="see above")
@pytest.mark.parametrize("main_was", ["a zombie", "reaped"])
def test_a_run_named_late_still_files_its_fork_as_a_child(main_was):
    start = time.monotonic()
    argv = [sys.executable, "-c", FORK_AND_EXIT]
    process = subprocess.Popen(argv, start_new_session=True)
    if main_was == "reaped":
        process.wait(timeout=30)
    else:  # exited, not reaped: WNOWAIT leaves the zombie
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
    recording = recorder.start(process.pid, start, argv)
    time.sleep(0.5)  # a few looks, while the child still runs
    record = recording.stop()
    process.wait(timeout=30)
    children = [p for p in record if p["pid"] != process.pid]
    assert [(p["role"], p["program"]) for p in children] == [("child", "")], record


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="see above")
def test_recorder_ignores_processes_outside_the_run(family):
    _, record = family
    outside = subprocess.Popen(["sleep", "2"])  # not in the run's session
    try:
        start = time.monotonic()
        argv = [sys.executable, "-c", "import time; time.sleep(0.3)"]
        process = subprocess.Popen(argv, start_new_session=True)
        recording = recorder.start(process.pid, start, argv)
        process.wait()
        pids = {p["pid"] for p in recording.stop()}
    finally:
        outside.kill()
        outside.wait()
    assert pids == {process.pid}


def test_results_without_a_record_still_load():
    result = runner.Result("a.py", [], "fork", 0, False, 60, 1.0, [[0.1, "x"]])
    old = result.to_json().replace(',\n "processes": []', "")
    assert '"processes"' not in old
    assert runner.Result.from_json(old).processes == []
    assert drawn(result, "en") == ""


def result_with(processes, lines=((0.5, "hello"), (1.5, "bye"))):
    return runner.Result("zombie-orphan/orphan.py", [], "fork", 0, False, 60, 2.0,
                         [list(line) for line in lines], pid=10, processes=processes)


def lane(pid, role, appeared, running_until, exited, zombie_until=None,
         reaped=None, parents=None, end="", program=""):
    return {"pid": pid, "role": role, "program": program,
            "parents": parents or [[appeared, 1, "init"]], "appeared": appeared,
            "running_until": running_until, "exited": exited,
            "zombie_until": zombie_until, "reaped": reaped, "end": end}


SAMPLE = [
    lane(10, "main", 0.01, 1.0, 1.01, 1.02, None, [[0.01, 5, "python"]], "exit 0"),
    lane(11, "child", 0.2, 0.4, 0.41, 0.9, 0.91, [[0.2, 10, ""]], "exit 0"),
    lane(12, "child", 0.3, 1.8, 1.81, None, 1.81,
         [[0.3, 10, ""], [1.01, 1, "init"]]),
    lane(13, "command", 0.5, 0.52, 0.53, None, 0.53, [[0.5, 10, ""]], program="ps"),
]


def test_a_child_is_labelled_by_the_name_it_reported():
    named = [dict(SAMPLE[0]), dict(SAMPLE[1], name="Process-1"), SAMPLE[2]]
    texts = {"en": ["child Process-1 · PID 11 · exit 0", "child process 1 · PID 12"],
             "zh_CN": ["子进程 Process-1 · PID 11 · 退出码 0", "子进程 1 · PID 12"]}
    for language, labels in texts.items():
        svg = parse(drawn(result_with(named), language))
        assert [t.text for t in svg.iter(f"{SVG}text")][2:4] == labels


def test_a_copy_that_reported_no_name_is_filed_as_a_fork(tmp_path):
    """Only ever seen as a copy of its parent: a child if multiprocessing
    named it, else a fork (an example's ps, exec'd and gone between looks)."""
    names = tmp_path / "process-names"
    names.write_text("11 'Process-1'\n", "utf-8")
    record = [dict(SAMPLE[0]), dict(SAMPLE[1], copy=True), dict(SAMPLE[2], copy=True),
              dict(SAMPLE[2], pid=14), dict(SAMPLE[3])]
    recorder.name_children(record, str(names))
    assert [(p["role"], p.get("name")) for p in record] == [
        ("main", None), ("child", "Process-1"), ("fork", None), ("child", ""),
        ("command", None)]
    assert not any("copy" in p for p in record)  # the result's fields only
    fields = {"python": "3.11.7", "implementation": "CPython", "system": "Linux",
              "key": "0" * 16}  # result_with() leaves them empty
    problems = schema_problems(runner.Result(**{**result_with(record).__dict__, **fields}))
    assert problems == []  # a fork is a role a result may hold
    labels = [t.text for t in parse(drawn(result_with(record), "en")).iter(f"{SVG}text")]
    assert "process · PID 12" in labels


def test_children_report_their_multiprocessing_names():
    """Under every start method, by the start-up hook, without a trace."""
    for method in METHODS:
        result = runner.run("join/join_parallel.py", start_method=method)
        children = [p for p in result.processes if p["role"] == "child"]
        assert sorted(p.get("name") for p in children) == [
            f"Process-{n}" for n in range(1, 5)], (method, children)


def parse(figure: str):
    assert figure.startswith('<div class="example-timeline">')
    return ET.fromstring(figure[len('<div class="example-timeline">'):-len("</div>")])


def test_figure_draws_lanes_zombies_adoptions_links_and_ticks():
    svg = parse(drawn(result_with(SAMPLE), "en"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[1:5] == ["main process · PID 10 · exit 0",
                          "child process 1 · PID 11 · exit 0",
                          "child process 2 · PID 12",
                          "adopted by PID 1 at +1.01 s"]
    assert "ps · PID 13" in texts
    paths = {}
    for path in svg.iter(f"{SVG}path"):
        paths[path.get("class")] = paths.get(path.get("class"), "") + path.get("d")
    # Running bars for four processes, a zombie stretch for the child seen as
    # a zombie (not for the main process: timeline.shows_zombie), one
    # adoption, three links to the main process, two ticks.
    assert paths["tl-run"].count("M") == 4 + 1  # + the legend's swatch
    assert paths["tl-zombie"].count("M") == 1 + 1
    assert paths["tl-adopt"].count("M") == 1 + 1
    # three links (each broken where it passes a label: one x per link)
    assert len(set(re.findall(r"M([\d.]+) ", paths["tl-link"]))) == 3
    assert paths["tl-out"].count("M") == 2


def test_figure_puts_times_on_one_axis():
    lines = ((0.5, "hello"), (1.5, "bye"), (2.0, "end"))
    svg = parse(drawn(result_with(SAMPLE, lines), "en"))
    ticks = next(p for p in svg.iter(f"{SVG}path") if p.get("class") == "tl-out")
    xs = [float(x) for x in re.findall(r"M([\d.]+) ", ticks.get("d"))]
    left, right = timeline.LEFT, timeline.RIGHT
    # Lines at 0.5, 1.5 and 2.0 s of a run that ends with the last: a
    # quarter, three quarters and the end.
    assert xs == [pytest.approx(left + (right - left) * f, abs=0.1)
                  for f in (0.25, 0.75, 1)]


def test_figure_axis_ends_with_the_run_and_keeps_its_labels_inside():
    # The runner's wall time includes its own cleanup after the run: the axis
    # ends with the last thing recorded (here the 1.81 s exit, 1.5 s line).
    result = result_with(SAMPLE)
    result.wall_time = 9.7
    svg = parse(drawn(result, "en"))
    axis = [t.text for t in svg.iter(f"{SVG}text") if t.text.endswith(" s")
            and t.text[0].isdigit()]
    assert axis[-1] == "1.5 s"
    # A label at the right edge is anchored at its end, not cut off.
    for seconds in (10.02, 15.03, 15.68):
        result.wall_time, result.lines = seconds, [[seconds, "bye"]]
        svg = parse(drawn(result, "en"))
        last = [t for t in svg.iter(f"{SVG}text") if t.get("text-anchor")][-1]
        assert last.get("text-anchor") == "end" or float(last.get("x")) < timeline.WIDTH - 14


def test_figure_has_a_text_alternative_in_the_page_language():
    for language, expected in (("en", ("main process", "zombie", "adopted by PID 1")),
                            ("zh_CN", ("主进程", "僵尸进程", "被 PID 1 收养"))):
        svg = parse(drawn(result_with(SAMPLE), language))
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        # Named by the title, described by the desc: not the desc twice.
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        for word in expected:
            assert word in desc.text
        assert "2 " in desc.text or "共 2 行" in desc.text  # the output lines


def test_figure_scales_to_its_container():
    svg = parse(drawn(result_with(SAMPLE), "en"))
    assert svg.get("width") is None and svg.get("height") is None
    assert svg.get("viewBox").split()[2] == str(timeline.WIDTH)
    css = (ROOT / "docs" / "_static" / "timeline.css").read_text()
    assert re.search(r"svg\.tl \{[^}]*width: 100%", css)


def test_figure_stays_small_for_a_long_output():
    lines = [[i * 0.05, f"line {i}"] for i in range(terminal.MAX_LINES)]
    processes = SAMPLE + [lane(20 + i, "child", 0.1 * i, 0.1 * i + 0.5, 0.1 * i + 0.6,
                               None, 0.1 * i + 0.6, [[0.1 * i, 10, ""]])
                          for i in range(10)]
    figure = drawn(result_with(processes, lines), "zh_CN")
    assert len(figure.encode()) < 16_000


@pytest.mark.parametrize("method", METHODS)
def test_timeline_claims_can_fail(fresh_results, method):
    """Each join claim fails on the other example's record."""
    parallel = fresh_results["join/join_parallel.py", method]
    serial = fresh_results["join/join_serial.py", method]
    with pytest.raises(AssertionError):
        claims.named("serial_sleepers_are_never_alive_at_the_same_time")(parallel)
    with pytest.raises(AssertionError):
        claims.named("four_sleepers_are_alive_at_the_same_time")(serial)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies: POSIX; "
                    "the records compared are Linux's")
def test_zombie_orphan_and_daemon_claims_can_fail(fresh_results):
    """A start method's zombie and orphan claims fail on the other's record,
    and the daemon claim on a daemon seen ending after the main process."""
    zombie = {m: fresh_results["zombie-orphan/zombie.py", m] for m in METHODS}
    orphan = {m: fresh_results["zombie-orphan/orphan.py", m] for m in METHODS}
    for wrong in (lambda: claims.named("child_is_a_zombie_for_a_second_before_it_is_reaped")(
                      zombie["forkserver"]),
                  lambda: claims.named("main_process_holds_no_zombie_under_forkserver")(
                      zombie["fork"]),
                  lambda: claims.named("orphan_gets_a_new_parent_after_its_parent_exits")(
                      orphan["forkserver"]),
                  lambda: claims.named("forkserver_orphan_keeps_its_parent_while_it_runs")(
                      orphan["spawn"])):
        with pytest.raises((AssertionError, ValueError)):
            wrong()
    daemon = fresh_results["daemon/daemon_process.py", "fork"]
    main = next(p for p in daemon.processes if p["role"] == "main")
    late = lane(main["pid"] + 1, "child", main["appeared"], main["exited"] + 0.3,
                main["exited"] + 0.5, parents=[[main["appeared"], main["pid"], ""]])
    daemon = runner.Result(**{**daemon.__dict__, "processes": [*daemon.processes, late]})
    with pytest.raises(AssertionError):
        claims.named("daemon_child_ends_no_later_than_the_main_process")(daemon)


# A few DOM objects, enough for replay.js: an output block with two lines
# (at +0.00 s and +0.30 s), then clicks on its buttons.
REPLAY_HARNESS = r"""
const fs = require("fs");
function classes() {
  const set = new Set();
  return {add: c => set.add(c), remove: c => set.delete(c), contains: c => set.has(c)};
}
function element(tag, text) {
  const e = {tagName: tag, textContent: text || "", children: [], hidden: false,
             classList: classes(), attributes: {}, listeners: {},
             setAttribute(k, v) { this.attributes[k] = v; },
             appendChild(c) { this.children.push(c); c.parentNode = this; },
             insertBefore(c, ref) { this.children.push(c); c.parentNode = this; },
             addEventListener(k, f) { this.listeners[k] = f; },
             click() { this.listeners.click(); }};
  return e;
}
function line(time) {
  const e = element("span");
  e.time = element("span", time);
  e.querySelector = () => e.time;
  return e;
}
const lines = [line("+0.00 s"), line("+0.30 s")];
const pre = element("pre");
const block = element("div");
block.appendChild(pre);
block.querySelectorAll = sel => sel === ".example-output-line" ? lines : [];
block.querySelector = () => pre;
let clock = 0;
const timers = [];
global.performance = {now: () => clock};
global.window = {
  matchMedia: () => ({matches: process.argv[3] === "reduce"}),
  setTimeout: (f, ms) => { timers.push([clock + ms, f]); return timers.length; },
  clearTimeout: () => { timers.length = 0; },
};
global.document = {
  documentElement: {lang: process.argv[4]}, readyState: "complete",
  createElement: tag => element(tag),
  querySelectorAll: () => [block],
};
eval(fs.readFileSync(process.argv[2], "utf-8"));
function advance(ms) {
  const until = clock + ms;
  while (timers.length) {
    timers.sort((a, b) => a[0] - b[0]);
    if (timers[0][0] > until) break;
    const [at, f] = timers.shift();
    clock = at; f();
  }
  clock = until;
}
const bar = block.children.find(c => c.classList && c.attributes.role === "group");
const [play, skip, time] = bar.children;
const shown = () => lines.map(l => !l.classList.contains("example-replay-hidden"));
const log = [];
log.push({label: play.textContent, group: bar.attributes["aria-label"], shown: shown()});
play.click();
log.push({label: play.textContent, shown: shown(), skip: !skip.hidden});
advance(100);
log.push({shown: shown()});
play.click();  // pause
advance(1000);
log.push({label: play.textContent, shown: shown()});
play.click();  // resume
advance(250);
log.push({label: play.textContent, shown: shown(), clock: time.textContent});
play.click();
advance(10);
skip.click();
log.push({shown: shown(), skip: !skip.hidden});
console.log(JSON.stringify(log));
"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_replay_shows_lines_when_they_arrived(tmp_path, motion):
    import json

    from site_search import node_executable

    harness = tmp_path / "harness.js"
    harness.write_text(REPLAY_HARNESS)
    replay = ROOT / "docs" / "_static" / "replay.js"
    done = subprocess.run([node_executable(), str(harness), str(replay), motion, "en"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    before, playing, early, paused, resumed, skipped = json.loads(done.stdout)
    assert before == {"label": "Replay", "shown": [True, True],
                      "group": "Replay the output at the pace it arrived"}
    assert playing["label"] == "Pause" and playing["skip"]
    assert playing["shown"] == [True, False]  # the +0.00 s line at once
    assert early["shown"] == [True, False]
    assert paused == {"label": "Resume", "shown": [True, False]}  # time stood still
    assert resumed["shown"] == [True, True] and resumed["label"] == "Replay"
    assert resumed["clock"].startswith("+0.30 s")
    assert skipped == {"shown": [True, True], "skip": False}


def test_replay_labels_follow_the_page_language(tmp_path):
    import json

    from site_search import node_executable

    harness = tmp_path / "harness.js"
    harness.write_text(REPLAY_HARNESS)
    replay = ROOT / "docs" / "_static" / "replay.js"
    done = subprocess.run([node_executable(), str(harness), str(replay), "x", "zh-CN"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["label"] == "重放"


@pytest.mark.site
def test_pages_show_a_figure_under_each_output_within_budget(site):
    for language in ("en", "zh_CN"):
        for page in site.pages(language):
            text = page.read_text("utf-8")
            outputs = text.count('class="example-output-provenance"')  # result panels
            figures = re.findall(r'<div class="example-timeline">.*?</svg></div>', text)
            assert len(figures) == outputs, page
            # A few KB a figure: the page pays for each output it shows (a
            # page with its exercises shows seven examples, 21 figures).
            assert sum(len(f.encode()) for f in figures) <= max(50_000, 4_500 * len(figures)), page
            if figures and language == "zh_CN":
                assert "主进程" in figures[0], page
            if outputs:
                assert "replay.js" in text and "timeline.css" in text, page
