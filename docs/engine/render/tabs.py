"""Which tabs an output block has, and what each is called.

A block shows one result per start method of this machine, plus the results
merged from other machines (merge.py). Each tab is labelled for the readers
who get that output, and carries the systems whose readers it is chosen for
first (docs/_static/output-tabs.js reads them, with the reader's system).
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from .words import _

SYSTEMS = {"Linux": ("linux", "Linux"), "Darwin": ("macos", "macOS"),
           "Windows": ("windows", "Windows")}
# Who gets each start method by default (CPython 3.10-3.14).
DEFAULT_FOR = {"fork": ("linux",), "forkserver": ("linux",),
               "spawn": ("macos", "windows")}


def audience(method: str) -> str:
    """The readers who get ``method`` by default, as a tab names them."""
    return {"fork": _("Linux, Python ≤ 3.13"), "forkserver": _("Linux, Python 3.14+"),
            "spawn": _("macOS and Windows")}[method]


@dataclasses.dataclass
class Tab:
    id: str
    label: str
    readers: tuple[str, ...]  # systems (linux, macos, windows) it is for
    result: object


def system_name(system: str) -> str:
    return SYSTEMS.get(system, (system.lower(), system))[1]


def tabs(results: list) -> list[Tab]:
    """A tab per result, in the order given (this machine's first)."""
    systems_with_spawn = {SYSTEMS.get(r.system, ("",))[0] for r in results
                          if r.start_method == "spawn"}
    made = []
    for result in results:
        method = result.start_method
        system, name = SYSTEMS.get(result.system, (result.system.lower(), result.system))
        if system in DEFAULT_FOR.get(method, ()):
            readers = (system,)
            who = audience(method) if system == "linux" else name
        elif method == "spawn" and not systems_with_spawn & {"macos", "windows"}:
            # Captured on Linux, spawn is what macOS and Windows readers get,
            # except where a page says their system differs.
            readers, who = DEFAULT_FOR["spawn"], audience("spawn")
        else:
            readers, who = (), name
        made.append(Tab(f"{system}-{method}", f"{who} · {method}", readers, result))
    # Two results of one system and method (two Python versions): name both.
    repeated = Counter(tab.id for tab in made)
    for tab in made:
        if repeated[tab.id] > 1:
            version = ".".join(tab.result.python.split(".")[:2])
            tab.id += f"-{tab.result.implementation.lower()}{version}"
            tab.label += f" · {tab.result.implementation} {version}"
    return made


def unavailable(method: str, system: str) -> Tab:
    """The tab of a start method that ``system`` does not have."""
    os_id, name = SYSTEMS.get(system, (system.lower(), system))
    return Tab(f"{os_id}-{method}", f"{name} · {method}", (), None)
