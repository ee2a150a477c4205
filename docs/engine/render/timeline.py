"""Draw a run's processes as an inline SVG figure, at build time.

    timeline.svg(result) -> str   # "" when nothing was recorded

One lane per process of ``result.processes`` (see recorder.py), in the
order they appeared, the main process first: a filled bar while it ran, a
dashed hollow bar while it was a zombie, a diamond where its parent changed
(an adoption), a line from its parent's lane where it was started, and on
top the output lines as ticks, on the same time axis as the ``+N.NN s``
column. The figure is drawn from the record as it is: nothing is moved or
rounded for looks beyond what the drawing's scale hides.

No JavaScript; colours come from classes (docs/_static/timeline.css, which
follows the theme's light and dark modes) with currentColor as the fallback.
The viewBox is narrow (360 units) so that the text stays readable when the
figure shrinks to a phone's width. Screen readers read the <title> and the
<desc>, which says in sentences what the lanes show.
"""
from __future__ import annotations

import hashlib
import html

from .words import _

WIDTH = 360
LEFT, RIGHT = 6, 354  # the time axis
LANE = 26  # height of one process's lane
TOP = 24  # the output row

STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120)


def svg(result) -> str:
    """The figure of ``result``'s processes, or "" if none were recorded."""
    processes = _ordered(result.processes)
    if not processes:
        return ""
    names = _names(processes)
    # Not result.wall_time: that includes the runner's own wait for the
    # sampler and for the processes to be gone, seconds under load, no part
    # of the run a reader sees.
    end = max([*(t for t, _ in result.lines), *(_last(p) for p in processes)]) or 1.0

    def x(t: float) -> str:
        return f"{LEFT + (RIGHT - LEFT) * min(max(t, 0), end) / end:.1f}"

    lanes = {p["pid"]: TOP + 6 + i * LANE for i, p in enumerate(processes)}
    bottom = TOP + 6 + len(processes) * LANE
    height = bottom + 34
    ident = "tl" + hashlib.sha1(repr((result.script, result.args, result.start_method,
                                      result.pid)).encode()).hexdigest()[:10]
    title = _("The processes of this run, on the output's time axis")
    output = _("output lines")
    parts = [
        # The title is the name, the desc the description: read once each.
        f'<svg class="tl" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}t" aria-describedby="{ident}d" '
        f'font-size="10" fill="currentColor">',
        f'<title id="{ident}t">{html.escape(title)}</title>',
        f'<desc id="{ident}d">{html.escape(_description(result, processes, names))}</desc>',
        f'<text class="tl-label" x="{LEFT}" y="9">{html.escape(output)}</text>',
    ]
    ticks = "".join(f"M{x(t)} 12v8" for t in sorted({t for t, _ in result.lines}))
    if ticks:
        parts.append(f'<path class="tl-out" d="{ticks}" stroke="currentColor"/>')
    running, zombies, links, marks = [], [], [], []
    for process in processes:
        y = lanes[process["pid"]]
        bar = y + 13
        label = f'{names[process["pid"]]} · {_pid(process)}'
        if process["end"]:
            label += f' · {_end(process)}'
        notes = []
        stopped = process["exited"]
        if stopped is None:
            notes.append(_("running at the end"))
        for when, ppid, _name in process["parents"][1:]:
            notes.append(_("adopted by PID {pid} at +{t:.2f} s").format(pid=ppid, t=when))
            marks.append(f"M{x(when)} {bar - 2}l4 6-4 6-4-6z")
        parts.append(f'<text class="tl-label" x="{LEFT}" y="{y + 9}">'
                     f"{html.escape(label)}</text>")
        if notes:  # on the right, where the bar ends
            parts.append(f'<text class="tl-label" x="{RIGHT}" y="{y + 9}" '
                         f'font-size="8.5" text-anchor="end">'
                         f'{html.escape(", ".join(notes))}</text>')
        life_end = end if stopped is None else stopped
        running.append(f'M{x(process["appeared"])} {bar}H{x(life_end)}v8'
                       f'H{x(process["appeared"])}z')
        if shows_zombie(process):
            reaped = process["reaped"] if process["reaped"] is not None else end
            zombies.append(f"M{x(stopped)} {bar + 0.5}H{x(reaped)}v7H{x(stopped)}z")
        parent = process["parents"][0][1]
        if parent in lanes and parent != process["pid"]:
            top = lanes[parent] + 17
            links.append(f'M{x(process["appeared"])} {top}V{bar}')
    for cls, paths in (("tl-run", running), ("tl-zombie", zombies),
                       ("tl-link", links), ("tl-adopt", marks)):
        if paths:
            style = {"tl-run": 'stroke="none"',
                     "tl-zombie": 'fill="none" stroke="currentColor" '
                                  'stroke-dasharray="2 1.5"',
                     "tl-link": 'fill="none" stroke="currentColor" stroke-width=".8"',
                     "tl-adopt": 'stroke="none"'}[cls]
            parts.append(f'<path class="{cls}" {style} d="{"".join(paths)}"/>')
    parts.append(_axis(end, bottom, x))
    parts.append(_legend(height - 6))
    parts.append("</svg>")
    return f'<div class="example-timeline">{"".join(parts)}</div>'


def _pid(process: dict) -> str:
    return _("PID {pid}").format(pid=process["pid"])


def _end(process: dict) -> str:
    """How the process ended, in the page's language: "exit 0" (recorded
    so) or a signal's name, which is the same in every language."""
    kind, _space, code = process["end"].partition(" ")
    return _("exit {code}").format(code=code) if kind == "exit" else process["end"]


def _ordered(processes: list[dict]) -> list[dict]:
    """The main process first, then the others as they appeared."""
    return sorted(processes, key=lambda p: (p["role"] != "main", p["appeared"]))


def _names(processes) -> dict[int, str]:
    names, children = {}, 0
    roles = {"main": _("main process"), "resource_tracker": _("resource tracker"),
             "fork_server": _("fork server")}
    for process in processes:
        role = process["role"]
        if role == "child" and process.get("name"):  # older results have none
            names[process["pid"]] = _("child {name}").format(name=process["name"])
        elif role == "child":
            children += 1
            names[process["pid"]] = _("child process {n}").format(n=children)
        elif role == "command":
            names[process["pid"]] = process["program"] or _("process")
        else:
            names[process["pid"]] = roles.get(role, _("process"))
    return names


def shows_zombie(process: dict) -> bool:
    """Whether the figure shows the process's zombie stretch. Not the main
    process's: its parent is the reader's shell, which reaps it at once; on
    the build machine it is the runner, which reaps it only when the whole
    run has ended, and that wait is no part of the example."""
    return process["zombie_until"] is not None and process["role"] != "main"


def _last(process: dict) -> float:
    zombie = (process["zombie_until"], process["reaped"]) if shows_zombie(process) else ()
    return max(t for t in (process["appeared"], process["running_until"],
                           process["exited"], *zombie, *(p[0] for p in process["parents"]))
               if t is not None)


def _axis(end: float, y: float, x) -> str:
    step = next((s for s in STEPS if end / s <= 6), STEPS[-1])
    marks, labels, t = [], [], 0.0
    while t <= end + 1e-9:
        marks.append(f"M{x(t)} {y}v4")
        # The last label would stick out of the figure where it is cut off.
        anchor = ("start" if t == 0 else
                  "end" if float(x(t)) > WIDTH - 14 else "middle")
        labels.append(f'<text x="{x(t)}" y="{y + 13}" text-anchor="{anchor}">'
                      f"{t:g} s</text>")
        t = round(t + step, 6)
    return (f'<path class="tl-axis" fill="none" stroke="currentColor" '
            f'd="M{LEFT} {y}H{RIGHT}{"".join(marks)}"/>'
            f'<g class="tl-label" font-size="9">{"".join(labels)}</g>')


def _legend(y: float) -> str:
    run, zombie, adopt = (html.escape(text) for text in (
        _("running"), _("zombie (exited, not reaped)"), _("new parent")))
    return (f'<g class="tl-legend" font-size="9">'
            f'<path class="tl-run" stroke="none" d="M{LEFT} {y - 7}h12v7h-12z"/>'
            f'<text x="{LEFT + 15}" y="{y}">{run}</text>'
            f'<path class="tl-zombie" fill="none" stroke="currentColor" '
            f'stroke-dasharray="2 1.5" d="M{LEFT + 75} {y - 6.5}h12v6h-12z"/>'
            f'<text x="{LEFT + 90}" y="{y}">{zombie}</text>'
            f'<path class="tl-adopt" stroke="none" d="M{LEFT + 262} {y - 8}l4 5-4 5-4-5z"/>'
            f'<text x="{LEFT + 269}" y="{y}">{adopt}</text></g>')


def _description(result, processes, names) -> str:
    """What the figure shows, in sentences, for screen readers."""
    sentences = []
    for process in processes:
        # Translators: a process in the figure's description: its name, PID.
        who = _("{name} ({pid})").format(name=names[process["pid"]], pid=_pid(process))
        if process["exited"] is None:
            parts = [_("{who}: runs from +{a:.2f} s to the end of the run").format(
                who=who, a=process["appeared"])]
        else:
            parts = [_("{who}: runs from +{a:.2f} s to +{b:.2f} s").format(
                who=who, a=process["appeared"], b=process["exited"])]
        parent = process["parents"][0][1]
        if parent in names and parent != process["pid"]:
            parts.append(_("started by {parent}").format(parent=names[parent]))
        if process["exited"] is not None and shows_zombie(process):
            parts.append(
                _("then is a zombie until its parent reaps it at +{t:.2f} s").format(
                    t=process["reaped"]) if process["reaped"] is not None
                else _("then is a zombie until the end of the run"))
        for when, ppid, _parent in process["parents"][1:]:
            parts.append(_("adopted by PID {pid} at +{t:.2f} s, when its parent has "
                           "exited").format(pid=ppid, t=when))
        if process["end"]:
            parts.append(_("ends with {end}").format(end=_end(process)))
        # Translators: the parts of one sentence, and the sentence's end.
        sentences.append(_("; ").join(parts) + _(". "))
    if result.lines:
        sentences.append(_("{count} output lines, the last at +{t:.2f} s.").format(
            count=len(result.lines), t=result.lines[-1][0]))
    return "".join(sentences).strip()
