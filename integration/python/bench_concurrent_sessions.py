"""Benchmark: N concurrent sessions streaming microphone audio in real time against one `rtconsole sim`.

Each session sends 20 ms appends on a real-time schedule (speech, then silence, repeated); the server's
VAD ends each turn and the reply streams back at `--pace`. Reported: the simulator's CPU time per session,
how late audio deltas arrive against their schedule (first delta + k × 100 ms / pace), and how far the
clients' own sending fell behind real time (a loaded client machine shows up there, not as server lag).

    python3 integration/python/bench_concurrent_sessions.py --sessions 50 --seconds 30

Not collected by pytest (no test_ prefix). Uses the same RTCONSOLE_BIN default as the tests.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import signal
import statistics
import subprocess
import time
from array import array
from math import pi, sin
from pathlib import Path

import websockets

REPO_ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("RTCONSOLE_BIN", REPO_ROOT / ".build" / "debug" / "rtconsole"))
RATE = 24_000
CHUNK = RATE // 50  # 20 ms


def turn_audio() -> list[str]:
    """1.2 s of a 300 Hz tone at about -20 dBFS, then 1.8 s of silence, as base64 20 ms chunks."""
    samples = array("h", (int(4634 * sin(2 * pi * 300 * i / RATE)) for i in range(int(1.2 * RATE))))
    samples.extend(array("h", bytes(int(1.8 * RATE) * 2)))
    return [base64.b64encode(samples[i:i + CHUNK].tobytes()).decode() for i in range(0, len(samples), CHUNK)]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


async def session(url: str, seconds: float, pace: float, chunks: list[str], stats: dict) -> None:
    async with websockets.connect(url + "/realtime?model=gpt-realtime", max_size=None) as ws:
        json.loads(await ws.recv())
        stop = time.monotonic() + seconds

        async def sender():
            start = time.monotonic()
            sent = 0
            while time.monotonic() < stop:
                for chunk in chunks:
                    due = start + sent * 0.02
                    delay = due - time.monotonic()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    else:
                        stats["send_lag"].append(-delay)
                    await ws.send(json.dumps({"type": "input_audio_buffer.append", "audio": chunk}))
                    sent += 1
                    if time.monotonic() >= stop:
                        return

        async def receiver():
            first = None
            count = 0
            async for raw in ws:
                event = json.loads(raw)
                kind = event["type"]
                now = time.monotonic()
                if kind == "response.output_audio.delta":
                    if first is None:
                        first, count = now, 0
                    else:
                        count += 1
                        stats["delta_lag"].append(now - (first + count * 0.1 / pace))
                elif kind == "response.done":
                    stats["responses"] += 1
                    first = None
                elif kind == "error":
                    stats["errors"].append(event["error"]["message"])

        receive = asyncio.create_task(receiver())
        await sender()
        await asyncio.sleep(1.5)
        receive.cancel()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--pace", type=float, default=4)
    parser.add_argument("--synthesis", default="automatic")
    args = parser.parse_args()
    process = subprocess.Popen([str(BINARY), "sim", "--port", "0", "--pace", str(args.pace), "--synthesis", args.synthesis],
                               stdout=subprocess.PIPE, text=True)
    url = re.search(r"(ws://\S+)", process.stdout.readline()).group(1)
    chunks = turn_audio()
    stats = {"send_lag": [], "delta_lag": [], "responses": 0, "errors": []}
    cpu_before, wall_before = cpu_seconds(process.pid), time.monotonic()
    await asyncio.gather(*(session(url, args.seconds, args.pace, chunks, stats) for _ in range(args.sessions)))
    cpu, wall = cpu_seconds(process.pid) - cpu_before, time.monotonic() - wall_before
    process.send_signal(signal.SIGINT)
    process.wait(timeout=15)

    def describe(values: list[float]) -> str:
        if not values:
            return "none"
        values = sorted(values)
        return (f"median {statistics.median(values) * 1000:.1f} ms, p99 {values[int(len(values) * 0.99)] * 1000:.1f} ms, "
                f"max {values[-1] * 1000:.1f} ms ({len(values)} samples)")

    print(f"sessions: {args.sessions}, wall {wall:.1f} s, pace {args.pace}")
    print(f"simulator CPU: {cpu:.2f} s = {cpu / wall * 100:.1f}% of one core; per session {cpu / wall / args.sessions * 100:.2f}% of a core")
    print(f"responses: {stats['responses']}, errors: {len(stats['errors'])} {stats['errors'][:3]}")
    print(f"audio delta lateness vs schedule: {describe(stats['delta_lag'])}")
    print(f"client send lateness (client load): {describe(stats['send_lag'])}")


if __name__ == "__main__":
    asyncio.run(main())
