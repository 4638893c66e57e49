"""The comparison client for rtconsole's benchmarks: the official openai SDK's realtime client
(`openai[realtime]==3.63.0`, `AsyncOpenAI(...).realtime.connect`) driving `rtconsole sim`.

    python3 bench/openai_client.py throughput --url ws://127.0.0.1:PORT/v1 --input speech.wav
        Both modes first set rtconsole's turn detection (server VAD, 500 ms of silence) on the session.

        Figure 2. Streams a 24 kHz mono PCM16 WAV as fast as the server takes it, with the policy of
        `rtconsole --headless --fast`: 20 ms appends back to back; at each local end of turn (speech, then
        silence_duration_ms + 200 ms of frames under -45 dBFS) a no-op session.update syncs with the server
        and the client waits until every turn the server ended has its reply; trailing silence at the end,
        and exit once nothing has happened for 300 ms. Reply audio is decoded from base64 (what a client
        must do to play it).
        Prints one JSON line: {"seconds": …, "responses": …, "cancelled": …, "audio_seconds": …}.

    python3 bench/openai_client.py call --url ws://127.0.0.1:PORT/v1 [--source S] [--sink K]
        Figure 3. A live call with audio both ways through PulseAudio: `parec` captures the microphone in
        20 ms frames that are appended in real time, and reply audio is written to `pacat`. Prints
        "ready" once the session is configured, then runs until SIGTERM or SIGINT.

Run by rtbench (scripts/bench), not by the tests.
"""
from __future__ import annotations

import argparse
import array
import asyncio
import base64
import json
import math
import operator
import signal
import time
import wave

from openai import AsyncOpenAI

MODEL = "gpt-realtime"
RATE = 24_000
FRAME_BYTES = RATE // 50 * 2  # 20 ms of PCM16 mono


class Replies:
    """Follows the server's events: whether a reply is in progress and when anything last happened."""

    def __init__(self) -> None:
        self.responding = False
        self.speaking = False
        self.responses = 0
        self.cancelled = 0
        self.speech_stops = 0
        self.syncs = 0
        self.audio_bytes = 0
        self.last_activity = time.monotonic()
        self.changed = asyncio.Event()
        self.silence_ms: int | None = None

    def handle(self, event) -> bytes | None:
        kind = event.type
        audio = None
        if kind == "session.created" or kind == "session.updated":
            detection = getattr(event.session.audio.input, "turn_detection", None)
            if detection is not None and getattr(detection, "silence_duration_ms", None):
                self.silence_ms = detection.silence_duration_ms
        if kind == "session.updated":
            self.syncs += 1
        if kind == "response.created":
            self.responding = True
        elif kind == "response.done":
            self.responding = False
            self.responses += 1
            self.cancelled += event.response.status == "cancelled"
        elif kind == "input_audio_buffer.speech_started":
            self.speaking = True
        elif kind == "input_audio_buffer.speech_stopped":
            self.speaking = False
            self.speech_stops += 1
        elif kind == "response.output_audio.delta":
            audio = base64.b64decode(event.delta)
            self.audio_bytes += len(audio)
        elif kind == "error":
            print(json.dumps({"error": event.error.message}), flush=True)
        if kind in ("response.created", "response.done", "input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped"):
            self.last_activity = time.monotonic()
        self.changed.set()
        return audio

    async def wait(self, condition) -> None:
        while not condition():
            self.changed.clear()
            await self.changed.wait()


#: rtconsole's own session settings for turn taking (the simulator's default silence is 200 ms).
TURN_DETECTION = {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300, "silence_duration_ms": 500}


async def configure(connection, replies: Replies) -> None:
    """Sends rtconsole's turn-detection settings and waits until the server confirms them."""
    synced = replies.syncs + 1
    await connection.session.update(session={"type": "realtime", "audio": {"input": {"turn_detection": TURN_DETECTION}}})
    await replies.wait(lambda: replies.syncs >= synced)


async def read_events(connection, replies: Replies, sink=None) -> None:
    async for event in connection:
        audio = replies.handle(event)
        if audio is not None and sink is not None:
            sink.write(audio)


def turn_ends(pcm: bytes, silence_ms: int) -> set[int]:
    """Frame numbers after which a turn has ended: speech, then `silence_ms` of frames under -45 dBFS."""
    samples = array.array("h", pcm)
    step = FRAME_BYTES // 2
    needed = max(1, silence_ms // 20)
    ends: set[int] = set()
    heard, quiet = False, 0
    for index in range(len(samples) // step):
        frame = samples[index * step:(index + 1) * step]
        mean_square = sum(map(operator.mul, frame, frame)) / step
        dbfs = 10 * math.log10(mean_square) - 20 * math.log10(32768) if mean_square > 0 else -100.0
        if dbfs > -45:
            heard, quiet = True, 0
        elif heard:
            quiet += 1
            if quiet == needed:
                ends.add(index + 1)
                heard = False
    return ends


async def throughput(url: str, path: str) -> None:
    with wave.open(path) as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1 and wav.getsampwidth() == 2, "need 24 kHz mono PCM16"
        pcm = wav.readframes(wav.getnframes())
    started = time.monotonic()
    client = AsyncOpenAI(api_key="sk-bench", websocket_base_url=url)
    async with client.realtime.connect(model=MODEL) as connection:
        replies = Replies()
        reader = asyncio.create_task(read_events(connection, replies))
        await configure(connection, replies)
        ending = replies.silence_ms + 200
        pcm += bytes((ending + 400) * RATE // 1000 * 2)
        pauses = turn_ends(pcm, ending)
        for index, offset in enumerate(range(0, len(pcm), FRAME_BYTES)):
            await connection.input_audio_buffer.append(audio=base64.b64encode(pcm[offset:offset + FRAME_BYTES]).decode())
            if index + 1 in pauses:
                synced = replies.syncs + 1
                await connection.session.update(session={"type": "realtime"})
                await replies.wait(lambda: replies.syncs >= synced)
                await replies.wait(lambda: replies.responses >= replies.speech_stops)
        while True:
            await replies.wait(lambda: not replies.responding and not replies.speaking)
            quiet_since = replies.last_activity
            await asyncio.sleep(0.3)
            if not replies.responding and not replies.speaking and replies.last_activity == quiet_since:
                break
        reader.cancel()
    print(json.dumps({"seconds": time.monotonic() - started, "responses": replies.responses, "cancelled": replies.cancelled,
                      "audio_seconds": replies.audio_bytes / 2 / RATE}), flush=True)


async def call(url: str, source: str, sink: str) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    recorder = await asyncio.create_subprocess_exec(
        "parec", f"--device={source}", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=20",
        stdout=asyncio.subprocess.PIPE)
    player = await asyncio.create_subprocess_exec(
        "pacat", f"--device={sink}", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=80",
        stdin=asyncio.subprocess.PIPE)
    client = AsyncOpenAI(api_key="sk-bench", websocket_base_url=url)
    async with client.realtime.connect(model=MODEL) as connection:
        replies = Replies()
        reader = asyncio.create_task(read_events(connection, replies, sink=player.stdin))
        await configure(connection, replies)

        async def microphone() -> None:
            while True:
                frame = await recorder.stdout.readexactly(FRAME_BYTES)
                await connection.input_audio_buffer.append(audio=base64.b64encode(frame).decode())

        sender = asyncio.create_task(microphone())
        print("ready", flush=True)
        await stop.wait()
        sender.cancel()
        reader.cancel()
    for process in (recorder, player):
        process.terminate()
        await process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    fast = modes.add_parser("throughput")
    fast.add_argument("--url", required=True)
    fast.add_argument("--input", required=True)
    live = modes.add_parser("call")
    live.add_argument("--url", required=True)
    live.add_argument("--source", default="rt_mic.monitor")
    live.add_argument("--sink", default="rt_speaker")
    args = parser.parse_args()
    if args.mode == "throughput":
        asyncio.run(throughput(args.url, args.input))
    else:
        asyncio.run(call(args.url, args.source, args.sink))


if __name__ == "__main__":
    main()
