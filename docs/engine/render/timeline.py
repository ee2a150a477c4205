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
The viewBox is narrow (WIDTH units) so that the text is at least 12 CSS px
where the figure is narrowest on a phone; a label that does not fit wraps
onto another line. The text is drawn last, and a link to a parent's lane
stops where it would cross a label, so nothing is drawn over a label
(tests/test_browser.py measures both in both languages). Screen readers read
the <title> and the <desc>, which says in sentences what the lanes show.
"""
from __future__ import annotations

import hashlib
import html

from .words import _

# The viewBox is as wide as the narrowest place the figure is shown on a
# 390 px phone (308 CSS px, inside a tab panel), so that one unit is at least
# one CSS pixel there and FONT units are at least 12 CSS px; timeline.css
# caps the width on wide screens, where the text grows to about 16 px.
WIDTH = 300
LEFT, RIGHT = 6, 294  # the time axis
FONT = 12.5  # every text of the figure
LINE = 15  # from one line of text to the next
BAR = 8  # height of a process's bar
TOP = 34  # where the first lane starts, below the output row

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

    # Each lane: its label's lines (wrapped to the width), then its bar.
    texts = [(LEFT, 15, _("output lines"))]  # (x, baseline, text), drawn last
    lanes, y = {}, TOP
    for process in processes:
        parts = [names[process["pid"]], _pid(process)]
        if process["end"]:
            parts.append(_end(process))
        notes = [_("running at the end")] if process["exited"] is None else []
        notes += [_("adopted by PID {pid} at +{t:.2f} s").format(pid=ppid, t=when)
                  for when, ppid, _name in process["parents"][1:]]
        lines = _wrap(parts, " · ")
        if notes:
            lines += _wrap(notes, ", ")
        baselines = [y + 14 + i * LINE for i in range(len(lines))]
        texts += [(LEFT, b, line) for b, line in zip(baselines, lines)]
        bar = baselines[-1] + 7
        lanes[process["pid"]] = {"bar": bar, "labels": list(zip(baselines, lines))}
        y = bar + BAR + 8
    bottom = y + 2
    ident = "tl" + hashlib.sha1(repr((result.script, result.args, result.start_method,
                                      result.pid)).encode()).hexdigest()[:10]

    running, zombies, links, marks = [], [], [], []
    for process in processes:
        bar = lanes[process["pid"]]["bar"]
        stopped = process["exited"]
        for when, _ppid, _name in process["parents"][1:]:
            marks.append(f"M{x(when)} {bar - 1}l5 5-5 5-5-5z")
        life_end = end if stopped is None else stopped
        running.append(f'M{x(process["appeared"])} {bar}H{x(life_end)}v{BAR}'
                       f'H{x(process["appeared"])}z')
        if shows_zombie(process):
            reaped = process["reaped"] if process["reaped"] is not None else end
            zombies.append(f"M{x(stopped)} {bar + 0.5}H{x(reaped)}v{BAR - 1}H{x(stopped)}z")
        parent = process["parents"][0][1]
        if parent in lanes and parent != process["pid"]:
            links.append(_link(float(x(process["appeared"])), lanes[parent]["bar"] + BAR,
                               bar, lanes.values()))
    ticks = "".join(f"M{x(t)} 20v8" for t in sorted({t for t, _ in result.lines}))
    axis, axis_labels = _axis(end, bottom, x)
    # below the axis labels (baseline bottom + 19), one line further down
    legend, legend_texts, height = _legend(bottom + 19 + LINE + 3)
    style = {"tl-run": 'stroke="none"',
             "tl-zombie": 'fill="none" stroke="currentColor" stroke-dasharray="2 1.5"',
             "tl-link": 'fill="none" stroke="currentColor" stroke-width="1"',
             "tl-adopt": 'stroke="none"',
             "tl-out": 'stroke="currentColor"'}
    title = _("The processes of this run, on the output's time axis")
    parts = [
        # The title is the name, the desc the description: read once each.
        f'<svg class="tl" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}t" aria-describedby="{ident}d" '
        f'font-size="{FONT}" fill="currentColor">',
        f'<title id="{ident}t">{html.escape(title)}</title>',
        f'<desc id="{ident}d">{html.escape(_description(result, processes, names))}</desc>',
    ]
    # Marks first, text last: nothing is drawn over a label.
    for cls, paths in (("tl-run", running), ("tl-zombie", zombies), ("tl-link", links),
                       ("tl-adopt", marks), ("tl-out", [ticks] if ticks else [])):
        if "".join(paths):
            parts.append(f'<path class="{cls}" {style[cls]} d="{"".join(paths)}"/>')
    parts += [axis, legend]
    parts.append('<g class="tl-label">' + "".join(
        f'<text x="{tx}" y="{ty}">{html.escape(text)}</text>' for tx, ty, text in texts)
        + axis_labels + legend_texts + "</g>")
    parts.append("</svg>")
    return f'<div class="example-timeline">{"".join(parts)}</div>'


def text_width(text: str) -> float:
    """A generous guess of how wide ``text`` is drawn at FONT, in units:
    wide enough for the fonts a reader's system may choose (measured with
    DejaVu Sans, the widest common one; tests/test_browser.py checks it)."""
    em = 0.0
    for char in text:
        if ord(char) >= 0x2E80 or char in "（）：；，。":
            em += 1.0
        elif char.isupper() or char in "mwMW":
            em += 0.75
        elif char in " .,:;·'|!il":
            em += 0.34
        else:
            em += 0.62
    return em * FONT


def _wrap(parts: list[str], separator: str) -> list[str]:
    """``parts`` joined by ``separator`` into lines that fit the figure."""
    lines = [parts[0]]
    for part in parts[1:]:
        if text_width(lines[-1] + separator + part) <= WIDTH - 2 * LEFT:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


def _link(at: float, top: float, bottom: float, lanes) -> str:
    """A vertical line from ``top`` to ``bottom`` at ``at``, broken where it
    would cross a lane's label: the text stays clear of every line."""
    # A line's box: from the ascent of the tallest fonts (CJK fonts reach
    # 1.16 em above the baseline) to their descent.
    gaps = sorted((base - 1.2 * FONT, base + 0.4 * FONT) for lane in lanes
                  for base, line in lane["labels"]
                  if LEFT - 2 <= at <= LEFT + text_width(line) + 2
                  and base - 1.2 * FONT < bottom and base + 0.4 * FONT > top)
    path, y = "", top
    for start, stop in gaps:
        if start > y:
            path += f"M{at:.1f} {y:g}V{start:g}"
        y = max(y, stop)
    if bottom > y:
        path += f"M{at:.1f} {y:g}V{bottom:g}"
    return path


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


def _axis(end: float, y: float, x) -> tuple[str, str]:
    """The axis line with its marks, and its labels (drawn with the text)."""
    step = next((s for s in STEPS if end / s <= 5), STEPS[-1])
    marks, labels, t = [], [], 0.0
    while t <= end + 1e-9:
        marks.append(f"M{x(t)} {y}v4")
        label = f"{t:g} s"
        # A label that would stick out of the figure is anchored at its end.
        half = text_width(label) / 2
        anchor = ("start" if float(x(t)) - half < 2 else
                  "end" if float(x(t)) + half > WIDTH - 2 else "middle")
        labels.append(f'<text x="{x(t)}" y="{y + 19}" text-anchor="{anchor}">'
                      f"{label}</text>")
        t = round(t + step, 6)
    return (f'<path class="tl-axis" fill="none" stroke="currentColor" '
            f'd="M{LEFT} {y}H{RIGHT}{"".join(marks)}"/>', "".join(labels))


def _legend(y: float) -> tuple[str, str, float]:
    """The legend's swatches, its texts, and the figure's height below it:
    its items wrap onto another line where the width runs out."""
    swatches = {"legend_run": lambda at, base: f'M{at} {base - 9}h12v{BAR}h-12z',
                "legend_zombie": lambda at, base: f'M{at} {base - 8.5}h12v{BAR - 1}h-12z',
                "legend_adopt": lambda at, base: f'M{at + 6} {base - 10}l5 5-5 5-5-5z'}
    classes = {"legend_run": "tl-run", "legend_zombie": "tl-zombie",
               "legend_adopt": "tl-adopt"}
    paths = {cls: "" for cls in classes.values()}
    texts, at, base = [], LEFT, y
    texts_of = {"legend_run": _("running"), "legend_zombie": _("zombie (exited, not reaped)"),
                "legend_adopt": _("new parent")}
    for key, swatch in swatches.items():
        text = texts_of[key]
        width = 16 + text_width(text)
        if at > LEFT and at + width > WIDTH - LEFT:
            at, base = LEFT, base + LINE
        paths[classes[key]] += swatch(at, base)
        texts.append(f'<text x="{at + 16}" y="{base}">{html.escape(text)}</text>')
        at += width + 12
    legend = (f'<g class="tl-legend">'
              f'<path class="tl-run" stroke="none" d="{paths["tl-run"]}"/>'
              f'<path class="tl-zombie" fill="none" stroke="currentColor" '
              f'stroke-dasharray="2 1.5" d="{paths["tl-zombie"]}"/>'
              f'<path class="tl-adopt" stroke="none" d="{paths["tl-adopt"]}"/></g>')
    return legend, "".join(texts), base + 6


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
