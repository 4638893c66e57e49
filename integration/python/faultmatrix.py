"""The fault matrix's results, kept while the tests run and printed as one table at the end of the pytest
run (conftest.py's pytest_terminal_summary): rows are mode × phase, columns the front ends, and each cell
says what the test saw: "recovered (N reconnects)", "gave up: <the line>", or "FAILED: <why>".
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

#: The order of the table's rows and columns.
MODES = ("freeze", "drop", "reset", "slow", "delay", "blackhole")
PHASES = ("connect", "idle", "sending", "mid-reply", "tool", "whole call", "reconnect")
FRONT_ENDS = ("headless", "console")
CELL_WIDTH = 44


@dataclass
class Outcome:
    cell: str  # what the table shows
    seconds: float
    details: str = ""  # the full story of a failure, printed under the table


#: (mode, phase, front end) → outcome of the case that ran.
RESULTS: dict[tuple[str, str, str], Outcome] = {}


def record(mode: str, phase: str, front_end: str, cell: str, seconds: float, details: str = "") -> None:
    RESULTS[(mode, phase, front_end)] = Outcome(cell, seconds, details)


def short(text: str, width: int = CELL_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def table() -> list[str]:
    """The summary as lines: the table, then each failure in full."""
    if not RESULTS:
        return []
    rows = [(mode, phase) for mode in MODES for phase in PHASES if any((mode, phase, f) in RESULTS for f in FRONT_ENDS)]
    head = ["mode", "phase", *FRONT_ENDS]
    def cell(key: tuple[str, str, str]) -> str:
        outcome = RESULTS.get(key)
        return f"{short(outcome.cell)} [{outcome.seconds:.0f} s]" if outcome else "—"

    cells = [[mode, phase, *(cell((mode, phase, f)) for f in FRONT_ENDS)] for mode, phase in rows]
    widths = [max(len(row[i]) for row in [head, *cells]) for i in range(len(head))]
    line = lambda row: "| " + " | ".join(value.ljust(width) for value, width in zip(row, widths)) + " |"
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)]
    failed = [(key, o) for key, o in RESULTS.items() if o.cell.startswith("FAILED")]
    total = sum(o.seconds for o in RESULTS.values())
    out.append(f"{len(RESULTS)} cases, {len(RESULTS) - len(failed)} as expected, {len(failed)} failed; {total:.0f} s in the cases")
    gave_up = [(key, o) for key, o in RESULTS.items() if o.cell.startswith("gave up")]
    if gave_up:
        out.append("")
        out.append("The lines the calls gave up with:")
        out.extend(f"    {mode} × {phase} × {front_end}: {o.cell.removeprefix('gave up: ')}" for (mode, phase, front_end), o in gave_up)
    for (mode, phase, front_end), outcome in failed:
        out.append("")
        out.append(f"{mode} × {phase} × {front_end}: {outcome.cell}")
        out.extend("    " + l for l in textwrap.dedent(outcome.details).strip().splitlines())
    return out
