"""Fixtures for the simulator tests: start `rtconsole sim`, talk to it with the official openai SDK,
and check every frame of the run with the conformance checker (rtconformance.py, next to this file).

Environment:
  RTCONSOLE_BIN   the rtconsole binary (default: <repo>/.build/debug/rtconsole)
  RT_CONFORMANCE  another conformance checker to run instead, as `python RT_CONFORMANCE check --dialect D FILE`
                  (default, or when it names rtconformance.py here: that module, imported in process)

The dialect "live" is GPT-Live (`/v1/live/sessions`), which the same server speaks whatever its --dialect:
`simulator("live")` starts it with the default dialect and checks its frames as live.
"""
from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest
from openai import AsyncOpenAI

import rtconformance

REPO_ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("RTCONSOLE_BIN", REPO_ROOT / ".build" / "debug" / "rtconsole"))
#: A checker to run instead of the in-process one: RT_CONFORMANCE when it names another file, else None.
EXTERNAL_CONFORMANCE = (
    Path(os.environ["RT_CONFORMANCE"])
    if os.environ.get("RT_CONFORMANCE")
    and Path(os.environ["RT_CONFORMANCE"]).resolve() != Path(rtconformance.__file__).resolve()
    else None
)
SCENARIOS = REPO_ROOT / "scenarios"
GA_MODEL = "gpt-realtime"
BETA_MODEL = "gpt-4o-realtime-preview-2025-06-03"
LIVE_MODEL = "gpt-live-1"
SAMPLE_RATE = 24_000


@dataclass
class Simulator:
    """A running `rtconsole sim` process and its frame log."""

    dialect: str
    url: str
    log: Path
    process: subprocess.Popen
    #: event_ids of client events a test sends on purpose although they break the protocol; their
    #: frames are left out of the conformance check (the server's answers are still checked).
    invalid_client_events: set[str] = field(default_factory=set)

    def client(self) -> AsyncOpenAI:
        return AsyncOpenAI(api_key="sk-test", websocket_base_url=self.url)

    def connect(self, model: str | None = None):
        """The SDK's connection manager for the simulator's dialect (live: no model, it goes in session.start)."""
        client = self.client()
        if self.dialect == "live":
            return client.live.connect()
        if self.dialect == "ga":
            return client.realtime.connect(model=model or GA_MODEL)
        return client.beta.realtime.connect(model=model or BETA_MODEL)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def conformance(self) -> subprocess.CompletedProcess:
        """Checks every frame of the frame log, minus the deliberately invalid client events.

        Returns the outcome as a CompletedProcess: status 0 when every frame passed, the findings and
        the closing "conformance: N passed, M failed" line in stdout."""
        checked = self.log.with_name("checked.jsonl")
        with self.log.open(encoding="utf-8") as source, checked.open("w", encoding="utf-8") as target:
            for line in source:
                envelope = json.loads(line)
                event = envelope.get("event")
                if envelope.get("dir") == "client" and isinstance(event, dict) and event.get("event_id") in self.invalid_client_events:
                    continue
                target.write(line)
        if EXTERNAL_CONFORMANCE is not None:
            return subprocess.run(
                [sys.executable, str(EXTERNAL_CONFORMANCE), "check", "--dialect", self.dialect, str(checked)],
                capture_output=True, text=True, timeout=120,
            )
        out = io.StringIO()
        checker = rtconformance.Checker(self.dialect, strict=False, out=out)
        with checked.open(encoding="utf-8") as frames:
            rtconformance.check_lines(frames, checker=checker, name=checked.name)
        status = checker.summary()
        return subprocess.CompletedProcess(args=["rtconformance", "check", "--dialect", self.dialect, str(checked)],
                                           returncode=status, stdout=out.getvalue(), stderr="")


def start_simulator(tmp_path: Path, dialect: str, *args: str) -> Simulator:
    if not BINARY.exists():
        pytest.fail(f"rtconsole binary not found at {BINARY}; build it (swift build --product rtconsole) or set RTCONSOLE_BIN")
    log = tmp_path / "frames.jsonl"
    served = "ga" if dialect == "live" else dialect  # GPT-Live has its own route on a server of any dialect
    process = subprocess.Popen(
        [str(BINARY), "sim", "--port", "0", "--dialect", served, "--log", str(log), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    match = re.fullmatch(r"rtconsole sim: listening on (ws://\S+) \(dialect (ga|beta)\)\n", line)
    if not match:
        process.kill()
        pytest.fail(f"unexpected first line {line!r}; stderr: {process.stderr.read()}")
    assert match.group(2) == served
    return Simulator(dialect=dialect, url=match.group(1), log=log, process=process)


@pytest.fixture
def simulator(tmp_path, request):
    """A factory: `simulator(dialect, *extra_args)` starts `rtconsole sim`. At the end of the test the
    process is stopped and every frame of the run must pass the conformance checker for that dialect."""
    started: list[Simulator] = []

    def start(dialect: str = "ga", *args: str) -> Simulator:
        folder = tmp_path / f"sim{len(started)}"
        folder.mkdir()
        sim = start_simulator(folder, dialect, *args)
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()
    for sim in started:
        result = sim.conformance()
        assert result.returncode == 0, f"conformance ({sim.dialect}) failed:\n{result.stdout}\n{result.stderr}"
        assert "conformance:" in result.stdout


def run(coroutine, timeout: float = 60):
    """Runs a test coroutine with an overall time limit."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


async def next_event(connection, timeout: float = 20) -> dict:
    """The next server event as a plain dict (the wire JSON)."""
    return json.loads(await asyncio.wait_for(connection.recv_bytes(), timeout))


async def read_until(connection, event_type: str, timeout: float = 20) -> list[dict]:
    """Reads events up to and including the first of `event_type`."""
    events = []
    while True:
        event = await next_event(connection, timeout)
        events.append(event)
        if event["type"] == event_type:
            return events


def without_deltas(events: list[dict]) -> list[str]:
    return [e["type"] for e in events if not e["type"].endswith(".delta") and e["type"] != "rate_limits.updated"]


def base64_chunks(samples: array, milliseconds: int = 20) -> list[str]:
    """PCM16 samples as base64 appends of `milliseconds` each."""
    import base64

    step = SAMPLE_RATE * milliseconds // 1000
    return [base64.b64encode(samples[i:i + step].tobytes()).decode() for i in range(0, len(samples), step)]


async def append_audio(connection, samples: array) -> None:
    for chunk in base64_chunks(samples):
        await connection.input_audio_buffer.append(audio=chunk)


def silence(milliseconds: int) -> array:
    return array("h", bytes(SAMPLE_RATE * milliseconds // 1000 * 2))


@lru_cache(maxsize=8)
def espeak_speech(text: str) -> bytes:
    """Speech from `espeak-ng -w`, resampled to 24 kHz mono PCM16 (linear interpolation), as bytes."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "speech.wav"
        subprocess.run([espeak, "-v", "en-us", "-w", str(path), text], check=True)
        with wave.open(str(path)) as wav:
            assert wav.getsampwidth() == 2
            rate, channels = wav.getframerate(), wav.getnchannels()
            frames = array("h", wav.readframes(wav.getnframes()))
    mono = frames[::channels] if channels > 1 else frames
    count = len(mono) * SAMPLE_RATE // rate
    out = array("h", bytes(count * 2))
    for i in range(count):
        position = i * rate / SAMPLE_RATE
        j = int(position)
        fraction = position - j
        a = mono[j]
        b = mono[j + 1] if j + 1 < len(mono) else a
        out[i] = int(round(a + (b - a) * fraction))
    return out.tobytes()


def speech(text: str) -> array:
    return array("h", espeak_speech(text))


def pytest_terminal_summary(terminalreporter):
    """The fault matrix's table (test_fault_matrix.py), when any of its cases ran."""
    import faultmatrix

    lines = faultmatrix.table()
    if lines:
        terminalreporter.write_sep("=", "fault matrix: proxy mode × call phase × front end")
        for line in lines:
            terminalreporter.write_line(line)
