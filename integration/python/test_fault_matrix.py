"""The fault matrix: rtconsole's two front ends on the simulator through a proxy (faultproxy.py) that
freezes, drops, resets, slows, delays or blackholes the connection at a chosen phase of a call.

Front ends: `headless` is `rtconsole --headless --say … --export out.json` (the verdict comes from the
export); `console` is the full-screen console under tmux with --no-audio, messages typed with t, quit with
q (the verdict comes from its autosave under XDG_STATE_HOME).

Phases: `connect` (the first connection, before the upgrade), `idle` (after the first reply; the headless
call sends its next message at once, so there the fault and the message race), `sending` (just before the
second message reaches the server: it is lost with the connection), `mid-reply` (the first answer is half
spoken: before its transcript delta " rtconsole"), `tool` (the reply calls a tool: before the response that
made the call is done, so the call is complete and the tool runs while the connection goes), `whole call`
(slow or delay on every connection from the start), `reconnect` (a drop mid-reply, then the first
reconnect attempt is blackholed). The connection after a drop or a reset has 100 ms of latency each way,
as a real server's would, so the moment the client spends reconnecting is never skipped by luck.

Each call says two messages: the fault hits around the first (or as the second is sent), and the second
shows that the call goes on. The simulator answers with tones at 20× real time, so a healthy call takes
about a second; a case that hangs is stopped after ten.

What a case must show, from the records and the simulator's frame log, never from timing:

- every message sent is in the record once, in order;
- every message has exactly one reply turn: completed, with the words the simulator says to it; or, for
  the one message whose reply the fault cut, a turn `incomplete` / `connection_lost` whose words are the
  start of the full reply. A cut reply is not asked for again: the person heard it stop, and asking again
  would repeat the model's words (and a tool's side effects); a message whose reply never started (lost
  with the connection) must still be answered;
- with a tool: one call per message, one output per call, and the reply that speaks the output;
- no item id twice in the record, no message sent twice to one session;
- after each reconnect the new session gets, before anything new, every earlier item of the record with
  its own id (the user's words, the assistant's heard words, tool calls and outputs);
- every frame of the run passes the conformance checker;
- the call ends normally (headless exit 0; the console quits with q and exit 0), with as many reconnects
  as the fault needs (none for a freeze, a slow or a delayed link; one for a drop or a reset);
- a call that cannot start (drop, reset or blackhole at connect) gives up with one line naming the
  endpoint: the headless call exits non-zero within the connect timeout; the console says so, stays
  open, and `r` then starts the call.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

import faultmatrix
from conftest import BINARY, start_simulator
from faultproxy import Fault, FaultProxy, Trigger

HERE = Path(__file__).resolve().parent
TOOL_SCENARIO = HERE / "scenarios" / "fault-tool.json"
TOOL_OUTPUT = '{"temp_c": 21}'
TOOLS_TOML = f"""[[tools]]
name = "get_weather"
description = "Current weather for a city"
parameters = {{ type = "object", properties = {{ city = {{ type = "string" }} }}, required = ["city"] }}
output = '{TOOL_OUTPUT}'
"""
MESSAGES = ("Alpha one", "Bravo two")  # the fault hits around the first; the second shows the call goes on
PREAMBLE = "Let me think."  # the default model reasons: a preamble item before each answer
TOOL_PREAMBLE = "Let me check that."
CONNECT_TIMEOUT = 10  # the client's connect and upgrade timeout (TransportConfiguration.connectTimeout)
FREEZE_SECONDS = 1.0
SIM_PACE = "20"  # reply audio 20× faster than real time: a call of two messages takes about a second
SLOW_RATE = 384_000  # bytes a second: under a third of what the simulator sends at that pace (6× real time)
DELAY_MS = 150
RECONNECT_LATENCY_MS = 100  # each way, on the connection that follows a drop or a reset
NO_KEYS = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT")
#: Left out of the console's environment too: pytest exports COLUMNS=80 and LINES=24, which curses would
#: take over the pane's real size.
NOT_FOR_THE_CONSOLE = (*NO_KEYS, "COLUMNS", "LINES")

IDLE = Trigger.match('"type":"rate_limits.updated"', 1, before=False)
SENDING = Trigger.match('"type":"conversation.item.create"', 2, direction="client")
MID_REPLY = Trigger.match('"delta":" rtconsole"', 1)
TOOL_DONE = Trigger.match('"type":"response.done"', 1)


def answer(text: str) -> str:
    return f"You said: {text}. This is the rtconsole simulator."


TOOL_ANSWER = f"The function get_weather returned {TOOL_OUTPUT}."


@dataclass(frozen=True)
class Case:
    mode: str
    phase: str
    front_end: str

    @property
    def tool(self) -> bool:
        return self.phase == "tool"

    @property
    def gives_up(self) -> bool:
        """The call cannot start: the first connection fails (the console then reconnects with r)."""
        return self.phase == "connect" and self.mode in ("drop", "reset", "blackhole")

    @property
    def reconnects(self) -> int:
        """Connections after the first that the fault makes the client open."""
        if self.gives_up:
            return 1 if self.front_end == "console" else 0
        if self.phase == "reconnect":
            return 2
        return 1 if self.mode in ("drop", "reset") else 0

    @property
    def cuts(self) -> bool:
        """Whether a reply may be cut (a turn incomplete / connection_lost)."""
        return self.mode in ("drop", "reset", "blackhole") and self.phase in ("mid-reply", "tool", "reconnect")

    def faults(self) -> list[Fault]:
        """The faults to arm before the call starts (the console's idle fault is armed when it is idle)."""
        if self.phase == "whole call":
            return [Fault(self.mode, Trigger.connect(), rate=SLOW_RATE, delay_ms=DELAY_MS, persistent=True)]
        if self.phase == "reconnect":
            return [Fault("drop", MID_REPLY), Fault("blackhole", Trigger.connect(2))]
        faults = []
        if self.mode in ("drop", "reset") and self.phase != "connect":
            # The reconnect takes a moment, as it does to a real server: a client that sends before its new
            # session is ready is caught every time, not by chance.
            faults.append(Fault("delay", Trigger.connect(2), delay_ms=RECONNECT_LATENCY_MS))
        if self.phase == "idle" and self.front_end == "console":
            return faults  # armed once the console is idle
        trigger = {"connect": Trigger.connect(1), "idle": IDLE, "sending": SENDING, "mid-reply": MID_REPLY, "tool": TOOL_DONE}[self.phase]
        return [Fault(self.mode, trigger, seconds=FREEZE_SECONDS), *faults]

    @property
    def deadline(self) -> float:
        """Seconds after which a call that has not ended is stopped (a hang is a failure, not a wait)."""
        return 10 + (CONNECT_TIMEOUT + 2 if self.mode == "blackhole" else 0)


def cases() -> list[Case]:
    plan = {
        "freeze": ("connect", "idle", "sending", "mid-reply", "tool"),
        "drop": ("connect", "idle", "sending", "mid-reply", "tool"),
        "reset": ("connect", "idle", "mid-reply"),  # once connected, a reset is lost like a drop
        "slow": ("whole call",),
        "delay": ("whole call",),
        "blackhole": ("connect", "reconnect"),
    }
    return [Case(mode, phase, front_end) for front_end in faultmatrix.FRONT_ENDS for mode, phases in plan.items() for phase in phases]


# ---------------------------------------------------------------------------------------------------------
# Running a call


@dataclass
class Run:
    """What a front end left behind."""

    record: dict | None = None  # the export (headless) or the autosave (console)
    exit_code: int | None = None
    gave_up: str | None = None  # the one line that said the call could not start
    problems: list[str] = field(default_factory=list)  # what went wrong while driving it
    output: str = ""  # the front end's output (headless stdout + stderr, the console's last screen)
    seconds: float = 0.0


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NO_KEYS}
    env.update(XDG_STATE_HOME=str(folder / "state"), XDG_CONFIG_HOME=str(folder / "config"), LANG="C.UTF-8")
    return env


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "error" in line.lower()]


def run_headless(case: Case, folder: Path, url: str, proxy: FaultProxy) -> Run:
    export = folder / "out.json"
    command = [str(BINARY), "--headless", "--endpoint", url, "--fast", "--export", str(export)]
    if case.tool:
        command += ["--config", str(folder / "tools.toml")]
    for message in MESSAGES:
        command += ["--say", message]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=folder, env=environment(folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = Run()
    try:
        stdout, stderr = process.communicate(timeout=case.deadline)
    except subprocess.TimeoutExpired:
        # SIGINT ends a headless call like the end of its input: the export is still written.
        process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        run.problems.append(f"the headless call had not ended after {case.deadline:.0f} s (stopped with SIGINT)")
        stopped = True
    else:
        stopped = False
    run.seconds = time.monotonic() - started
    run.exit_code = process.returncode
    run.output = f"--- stdout\n{stdout}--- stderr\n{stderr}"
    if export.exists():
        run.record = json.loads(export.read_text())
    else:
        # A call that failed writes no export; its autosave still tells what happened.
        saved = sorted((folder / "state" / "rtconsole" / "sessions").glob("*.json"))
        if saved:
            run.record = json.loads(saved[-1].read_text())
    if case.gives_up:
        lines = error_lines(stderr)
        run.gave_up = lines[0].removeprefix("rtconsole: ") if lines else None
        if run.exit_code == 0:
            run.problems.append("the call could not start, yet the headless run exited 0")
        if len(lines) != 1:
            run.problems.append(f"{len(lines)} error lines instead of one")
        if run.seconds > CONNECT_TIMEOUT + 5:
            run.problems.append(f"giving up took {run.seconds:.1f} s (connect timeout {CONNECT_TIMEOUT} s)")
    elif run.exit_code != 0 and not stopped:
        lines = error_lines(stderr)
        run.problems.append(f"exit code {run.exit_code}: {lines[-1] if lines else stderr.strip()[-200:]}")
    return run


class TmuxConsole:
    """The full-screen console in a private tmux server, 160×30 so notices fit on one line."""

    def __init__(self, folder: Path, arguments: list[str]) -> None:
        self.folder = folder
        self.socket = str(folder / "tmux.sock")
        env = " ".join(f"-u {k}" for k in NOT_FOR_THE_CONSOLE)
        inner = (f"env {env} TERM=xterm-256color LANG=C.UTF-8 XDG_STATE_HOME={shlex.quote(str(folder / 'state'))} "
                 f"XDG_CONFIG_HOME={shlex.quote(str(folder / 'config'))} {shlex.join([str(BINARY), '--no-audio', *arguments])}; "
                 f"echo \"console exited $?\"; sleep 60")
        self.tmux("new-session", "-d", "-s", "console", "-x", "160", "-y", "30", "-c", str(folder), inner)
        self.tmux("set-option", "-t", "console", "remain-on-exit", "on")

    def tmux(self, *arguments: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *arguments], capture_output=True, text=True, timeout=10).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "console")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "console", key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.keys("t")
        self.tmux("send-keys", "-t", "console", "-l", text)
        time.sleep(0.1)
        self.keys("Enter")

    def wait(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return predicate()

    def connected(self) -> bool:
        lines = self.screen().splitlines()
        return bool(lines) and "● connected" in lines[0]

    def exit_code(self) -> int | None:
        match = re.search(r"^console exited (\d+)$", self.screen(), re.M)
        return int(match.group(1)) if match else None

    def autosave(self) -> dict | None:
        files = sorted((self.folder / "state" / "rtconsole" / "sessions").glob("*.json"), key=lambda p: p.stat().st_mtime)
        if not files:
            return None
        try:
            return json.loads(files[-1].read_text())
        except (json.JSONDecodeError, OSError):
            return None  # caught between writes: read again

    def turns(self) -> int:
        record = self.autosave()
        return len(record["turns"]) if record else 0

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True, timeout=10)


def run_console(case: Case, folder: Path, url: str, proxy: FaultProxy) -> Run:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/install-deps --test)")
    arguments = ["--endpoint", url] + (["--config", str(folder / "tools.toml")] if case.tool else [])
    started = time.monotonic()
    console = TmuxConsole(folder, arguments)
    run = Run()
    turns_per_message = 2 if case.tool else 1
    wait_connected = CONNECT_TIMEOUT + 5 if case.mode == "blackhole" else 8
    try:
        if case.gives_up:
            if not console.wait(lambda: "could not connect" in console.screen(), CONNECT_TIMEOUT + 5):
                run.problems.append("no 'could not connect' notice after the first connection failed")
            run.gave_up = next((line.strip(" ✗") for line in console.screen().splitlines() if "could not connect" in line), None)
            if console.wait(lambda: console.exit_code() is not None, 0.5):
                run.problems.append(f"the console exited ({console.exit_code()}) instead of staying open")
            console.keys("r")
        if not console.wait(console.connected, wait_connected):
            run.problems.append("the console did not connect")
        for index, message in enumerate(MESSAGES):
            if run.problems:
                break  # the call is already off course: quit and look at the record
            if index == 1 and case.phase == "idle":
                proxy.arm(Fault(case.mode, Trigger.now(), seconds=FREEZE_SECONDS))
                if case.mode in ("drop", "reset"):
                    # Idle means idle: the message is typed once the call is back.
                    console.wait(lambda: proxy.connections >= 2, 5)
                    time.sleep(0.3)
            if not console.wait(console.connected, wait_connected):
                run.problems.append(f"not connected before message {index + 1}")
            console.type(message)
            expected = (index + 1) * turns_per_message
            if not console.wait(lambda: console.turns() >= expected and console.connected(), wait_connected + FREEZE_SECONDS):
                run.problems.append(f"message {index + 1}: {console.turns()} turns in the autosave, {expected} expected")
        run.output = console.screen()
        console.keys("q")
        if not console.wait(lambda: console.exit_code() is not None, 10):
            run.problems.append("q did not end the console within 10 s")
        run.exit_code = console.exit_code()
        if run.exit_code not in (0, None):
            run.problems.append(f"the console exited with {run.exit_code}")
        run.record = console.autosave()
    finally:
        console.close()
        run.seconds = time.monotonic() - started
    return run


# ---------------------------------------------------------------------------------------------------------
# The oracle


def tag(identifier: str) -> str:
    """The simulator's per-session tag in an id (prefix_, ten characters, a six-character counter)."""
    return identifier.split("_", 1)[1][:-6]


def sessions(frames: list[dict]) -> list[dict]:
    """The frame log cut at each session.created: per session its tag and the client events sent in it."""
    out: list[dict] = []
    for frame in frames:
        event = frame["event"]
        if frame["dir"] == "server" and event.get("type") == "session.created":
            out.append({"tag": tag(event["session"]["id"]), "client": []})
        elif frame["dir"] == "client" and out:
            out[-1]["client"].append(event)
    return out


def check_replies(record: dict, case: Case) -> list[str]:
    """Every message once, in order, each with exactly one reply (see the module's docstring)."""
    problems = []
    items = record.get("items", [])
    turns = {t["response_id"]: t for t in record.get("turns", [])}
    ids = [i["id"] for i in items]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        problems.append(f"item ids twice in the record: {doubled}")
    users = [n for n, item in enumerate(items) if item.get("role") == "user"]
    texts = [items[n].get("text") for n in users]
    if texts != list(MESSAGES):
        problems.append(f"the record's user messages are {texts}, sent were {list(MESSAGES)}")
    linked: set[str] = set()
    cut = 0
    for k, start in enumerate(users):
        text = items[start].get("text")
        segment = items[start + 1:users[k + 1] if k + 1 < len(users) else len(items)]
        responses = list(dict.fromkeys(i["response_id"] for i in segment if i.get("response_id")))
        linked.update(responses)
        missing = [r for r in responses if r not in turns]
        if missing:
            problems.append(f"{text!r}: responses without a turn: {missing}")
            continue
        words = {r: [i.get("text", "") for i in segment if i.get("response_id") == r and i.get("type") == "message"] for r in responses}
        completed = [r for r in responses if turns[r]["status"] == "completed"]
        lost = [r for r in responses if turns[r]["status"] == "incomplete" and turns[r].get("reason") == "connection_lost"]
        other = [f"{r} {turns[r]['status']}/{turns[r].get('reason')}" for r in responses if r not in completed and r not in lost]
        if other:
            problems.append(f"{text!r}: turns neither completed nor cut by the connection: {other}")
        cut += len(lost)
        if case.tool:
            calls = [i for i in segment if i.get("type") == "function_call"]
            outputs = [i for i in segment if i.get("type") == "function_call_output"]
            if len(calls) != 1 or calls[0].get("name") != "get_weather":
                problems.append(f"{text!r}: {len(calls)} tool calls ({[c.get('name') for c in calls]}), one get_weather expected")
            if [o.get("call_id") for o in outputs] != [c.get("call_id") for c in calls] or any(o.get("text") != TOOL_OUTPUT for o in outputs):
                problems.append(f"{text!r}: tool outputs {[(o.get('call_id'), o.get('text')) for o in outputs]} "
                                f"for calls {[c.get('call_id') for c in calls]}")
            answers = [r for r in completed if words[r] and words[r][-1] == TOOL_ANSWER]
            if len(answers) != 1:
                problems.append(f"{text!r}: {len(answers)} replies speaking the tool's output (turns: "
                                f"{[(turns[r]['status'], words[r]) for r in responses]})")
            for r in responses:
                if r not in answers and any(w not in (TOOL_PREAMBLE, "") and not TOOL_PREAMBLE.startswith(w) for w in words[r]):
                    problems.append(f"{text!r}: unexpected words in the call's turn: {words[r]}")
        else:
            full = [PREAMBLE, answer(text)]
            good = [r for r in completed if words[r] in (full, full[1:])]
            partial = [r for r in lost if words[r] and all(any(f.startswith(w) for f in full) for w in words[r])]
            if len(responses) != 1:
                problems.append(f"{text!r}: {len(responses)} reply turns, one expected: "
                                f"{[(turns[r]['status'], turns[r].get('reason'), words[r]) for r in responses]}")
            elif not good and not (partial and case.cuts):
                r = responses[0]
                problems.append(f"{text!r}: its turn is {turns[r]['status']}/{turns[r].get('reason')} with {words[r]}; expected {full}")
    if cut > (1 if case.cuts else 0):
        problems.append(f"{cut} replies cut by the connection, at most {1 if case.cuts else 0} expected")
    unlinked = [f"{r} {t['status']}/{t.get('reason')}" for r, t in turns.items() if r not in linked]
    if unlinked:
        problems.append(f"turns with no item in the record: {unlinked}")
    return problems


def check_carried_over(record: dict, frames: list[dict]) -> list[str]:
    """After each reconnect the new session gets every earlier item first, with its own id; nothing is
    sent twice to one session.

    An item belongs to the session that made it: the simulator's items carry the session's tag in their
    ids; a typed message carries an id the client chose, and belongs to the session it was first sent to."""
    problems = []
    items = record.get("items", [])
    split = sessions(frames)
    tags = {s["tag"]: number for number, s in enumerate(split, start=1)}
    first_sent: dict[str, int] = {}
    for number, session in enumerate(split, start=1):
        for event in session["client"]:
            item_id = event.get("item", {}).get("id") if event.get("type") == "conversation.item.create" else None
            if item_id:
                first_sent.setdefault(item_id, number)

    def session_of(item_id: str) -> int | None:
        return tags.get(tag(item_id)) or first_sent.get(item_id)

    for number, session in enumerate(split, start=1):
        creates = [e["item"] for e in session["client"] if e.get("type") == "conversation.item.create"]
        texts = [c["content"][0].get("text") for c in creates if c.get("role") == "user" and c.get("content")]
        doubled = sorted({t for t in texts if texts.count(t) > 1})
        if doubled:
            problems.append(f"session {number} got these messages more than once: {doubled}")
        if number == 1:
            continue
        expected = [i for i in items if (session_of(i["id"]) or number) < number and (i.get("type") != "message" or i.get("text"))]
        replayed = []
        for item in creates:
            if "id" not in item or (session_of(item["id"]) or number) >= number:
                break  # the first thing said in this session: the replay is over
            replayed.append(item)
        if [r["id"] for r in replayed] != [i["id"] for i in expected]:
            problems.append(f"session {number} was not given the conversation so far: it got "
                            f"{[r['id'] for r in replayed]}, the record had {[i['id'] for i in expected]}")
            continue
        for item, sent in zip(expected, replayed):
            content = (sent.get("content") or [{}])[0]
            carried = content.get("text") or content.get("transcript") or sent.get("arguments") or sent.get("output")
            if item.get("text") != carried:
                problems.append(f"session {number}: {item['id']} carried over as {carried!r}, the record says {item.get('text')!r}")
    return problems


# ---------------------------------------------------------------------------------------------------------
# The test


def verdict(case: Case, run: Run, proxy: FaultProxy, sim) -> list[str]:
    """Everything that is wrong with the case's outcome (see the module's docstring); empty when all is well."""
    problems = list(run.problems)
    conformance = sim.conformance()
    if conformance.returncode != 0:
        problems.append("conformance: " + " / ".join(l for l in conformance.stdout.splitlines() if l.strip())[-600:])
    if len(proxy.fired) < max(1, len(case.faults())):  # the console's idle fault is armed (and fires) later
        problems.append(f"{len(proxy.fired)} of the faults fired: the phase was not reached")
    if case.gives_up:
        if not run.gave_up:
            problems.append("no line said the call could not start")
        elif f"127.0.0.1:{proxy.port}" not in run.gave_up:
            problems.append(f"the line does not name the endpoint: {run.gave_up}")
        if case.front_end == "headless":
            return problems  # nothing was said: there is nothing more to check
    if run.record is None:
        problems.append("no record was written")
    else:
        frames = [json.loads(line) for line in sim.log.read_text().splitlines()] if sim.log.exists() else []
        problems += check_replies(run.record, case)
        problems += check_carried_over(run.record, frames)
    if proxy.connections - 1 != case.reconnects:
        problems.append(f"{proxy.connections - 1} reconnects, {case.reconnects} expected")
    return problems


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.front_end}-{c.mode}-{c.phase.replace(' ', '_')}")
def test_fault_matrix(case: Case, tmp_path: Path) -> None:
    (tmp_path / "tools.toml").write_text(TOOLS_TOML)
    extra = ["--synthesis", "tones", "--pace", SIM_PACE] + (["--scenario", str(TOOL_SCENARIO)] if case.tool else [])
    started = time.monotonic()
    sim = start_simulator(tmp_path, "ga", *extra)
    proxy = FaultProxy(urlparse(sim.url).port).start()
    run = Run()
    try:
        for fault in case.faults():
            proxy.arm(fault)
        driver = run_headless if case.front_end == "headless" else run_console
        run = driver(case, tmp_path, proxy.url, proxy)
    except BaseException as error:  # a broken driver (no tmux, say) still gets its cell in the table
        faultmatrix.record(case.mode, case.phase, case.front_end, f"FAILED: {error}", time.monotonic() - started, proxy.log())
        raise
    finally:
        proxy.close()
        sim.stop()
    problems = verdict(case, run, proxy, sim)
    story = f"proxy:\n{proxy.log()}\n{run.output[-3000:]}"
    if problems:
        cell = "FAILED: " + problems[0]
    elif case.gives_up:
        cell = f"gave up: {run.gave_up}" + ("; r: recovered" if case.front_end == "console" else "")
    else:
        reconnects = proxy.connections - 1
        cell = f"recovered ({reconnects} reconnect{'' if reconnects == 1 else 's'})"
    faultmatrix.record(case.mode, case.phase, case.front_end, cell, time.monotonic() - started,
                       "\n".join("- " + p for p in problems) + "\n" + story if problems else "")
    assert not problems, "\n".join(problems) + "\n\n" + story


# ---------------------------------------------------------------------------------------------------------
# The oracle on records made up here: it must see each kind of damage.


def made_up_record() -> dict:
    """A clean two-message call as the front ends record it, the second message said in a second session."""
    items, turns = [], []
    for n, text in enumerate(MESSAGES):
        tag_ = "AAAAAAAAAA" if n == 0 else "BBBBBBBBBB"
        response = f"resp_{tag_}{n:06d}"
        items += [
            {"id": f"item_{tag_}{n:04d}01", "role": "user", "type": "message", "text": text},
            {"id": f"item_{tag_}{n:04d}02", "role": "assistant", "type": "message", "text": PREAMBLE, "response_id": response},
            {"id": f"item_{tag_}{n:04d}03", "role": "assistant", "type": "message", "text": answer(text), "response_id": response},
        ]
        turns.append({"response_id": response, "status": "completed", "reason": None})
    return {"items": items, "turns": turns}


def replay_frames(record: dict, upto: int) -> list[dict]:
    """A frame log: a first session, then a second one given the record's first `upto` items."""
    second = [{"dir": "server", "event": {"type": "session.created", "session": {"id": "sess_BBBBBBBBBB000001"}}}]
    for item in record["items"][:upto]:
        kind = "input_text" if item["role"] == "user" else "output_text"
        second.append({"dir": "client", "event": {"type": "conversation.item.create", "item": {
            "id": item["id"], "type": "message", "role": item["role"], "content": [{"type": kind, "text": item["text"]}]}}})
    return [{"dir": "server", "event": {"type": "session.created", "session": {"id": "sess_AAAAAAAAAA000001"}}}, *second]


def test_the_oracle_passes_a_clean_call_and_sees_each_kind_of_damage():
    plain, cutting = Case("drop", "idle", "headless"), Case("drop", "mid-reply", "headless")
    clean = made_up_record()
    assert check_replies(clean, plain) == []
    assert check_carried_over(clean, replay_frames(clean, 3)) == []

    doubled = made_up_record()
    doubled["items"].insert(3, dict(doubled["items"][0], id="item_BBBBBBBBBB000009"))
    assert any("user messages" in p for p in check_replies(doubled, plain))

    twice = made_up_record()
    twice["items"].insert(3, dict(twice["items"][2], id="item_BBBBBBBBBB000008", response_id="resp_BBBBBBBBBB000009"))
    twice["turns"].append({"response_id": "resp_BBBBBBBBBB000009", "status": "completed", "reason": None})
    assert any("2 reply turns" in p for p in check_replies(twice, plain))

    cut = made_up_record()
    cut["items"][2]["text"] = "You said: Alpha one. This is"
    cut["turns"][0].update(status="incomplete", reason="connection_lost")
    assert check_replies(cut, cutting) == []
    assert check_replies(cut, plain) != []  # no reply may be cut where the fault cuts none
    cut["items"][2]["text"] = "Something else entirely"
    assert check_replies(cut, cutting) != []

    unanswered = made_up_record()
    del unanswered["items"][4:]
    del unanswered["turns"][1]
    assert any("'Bravo two': 0 reply turns" in p for p in check_replies(unanswered, plain))

    assert any("not given the conversation" in p for p in check_carried_over(clean, replay_frames(clean, 2)))
    wrong = replay_frames(clean, 3)
    wrong[-1]["event"]["item"]["content"][0]["text"] = "not what was heard"
    assert any("carried over as" in p for p in check_carried_over(clean, wrong))
    resent = replay_frames(clean, 3)
    resent.append(dict(resent[2]))
    assert any("more than once" in p for p in check_carried_over(clean, resent))


def test_the_oracle_checks_tool_calls():
    case = Case("drop", "tool", "headless")
    items, turns = [], []
    for n, text in enumerate(MESSAGES):
        call, reply = f"resp_AAAAAAAAAA{n:04d}01", f"resp_AAAAAAAAAA{n:04d}02"
        items += [
            {"id": f"item_AAAAAAAAAA{n:04d}01", "role": "user", "type": "message", "text": text},
            {"id": f"item_AAAAAAAAAA{n:04d}02", "role": "assistant", "type": "message", "text": TOOL_PREAMBLE, "response_id": call},
            {"id": f"item_AAAAAAAAAA{n:04d}03", "role": "assistant", "type": "function_call", "text": '{"city":"Paris"}',
             "response_id": call, "name": "get_weather", "call_id": f"call_{n}"},
            {"id": f"item_AAAAAAAAAA{n:04d}04", "role": "tool", "type": "function_call_output", "text": TOOL_OUTPUT, "call_id": f"call_{n}"},
            {"id": f"item_AAAAAAAAAA{n:04d}05", "role": "assistant", "type": "message", "text": TOOL_ANSWER, "response_id": reply},
        ]
        turns += [{"response_id": call, "status": "completed", "reason": None}, {"response_id": reply, "status": "completed", "reason": None}]
    record = {"items": items, "turns": turns}
    assert check_replies(record, case) == []
    record["turns"][0].update(status="incomplete", reason="connection_lost")
    assert check_replies(record, case) == []  # the call's response was cut, the call itself came whole
    del record["items"][3:5]
    del record["turns"][1]
    problems = check_replies(record, case)
    assert any("tool outputs []" in p for p in problems) and any("0 replies speaking" in p for p in problems)
