#!/usr/bin/env python3
"""rtconformance: check Realtime API frames against the official openai SDK's types.

Usage:

  python integration/python/rtconformance.py check [--dialect ga|beta|live] [--strict] FILE...
      FILE holds JSON lines. Each line is either an envelope
      {"dir": "client"|"server", "event": {...}} or a bare event, whose direction is then taken
      from its type (the dialect's client event types are a small closed set; a type both sides
      use, such as live's session.input_audio.append, is read as the client's).

  python integration/python/rtconformance.py proxy --listen HOST:PORT --upstream ws://HOST:PORT
                       [--dialect ga|beta|live] [--strict] [--log FILE] [--seconds N]
      A WebSocket proxy: every text frame in both directions is checked while it is forwarded.
      The request path, query and headers are passed on. Findings are printed as they happen;
      at exit a summary line. --log appends the frames as envelopes (the `check` input format).

Dialects and the SDK types each one is validated against (openai[realtime]==3.63.0):
  ga    openai.types.realtime: RealtimeClientEvent, RealtimeServerEvent
  beta  openai.types.beta.realtime: RealtimeClientEvent, RealtimeServerEvent
  live  openai.types.live (GPT-Live): ClientEvent, ServerEvent

Besides the types, the checker applies rules the service enforces and the types do not: a GA
session.update must not carry temperature or keys of the beta session shape, and holds one output
modality; numeric ranges (temperature, speed, turn detection); appended and streamed audio must be
valid base64, and PCM16 input whole samples (an even byte count); truncation points are not
negative. Live frames are validated in pydantic's strict mode (a JSON string is not a number, a float
not an integer), and: a session.update carries only delegation and triggers, never what is fixed at
session.start, and keeps the delegation type of session.start; response.item.create and
response.create need Responses delegation; the instructions, thinking and commentary appends carry a
non-empty content and a delegation_id (null for general context); timeline spans (start_ms, end_ms,
offset_ms) are not negative and do not end before they start. --strict also fails on fields the SDK
types do not declare.

The closing line is always "conformance: N passed, M failed".
Exit status: 0 when nothing failed, 1 otherwise, 2 on bad usage or a missing dependency.

As a module (the pytest fixtures use it): Checker(dialect, strict, out).check(direction, event)
checks one frame; check_lines(lines, dialect) checks JSON lines and returns the Checker.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import io
import json
import signal
import sys
from functools import lru_cache
from typing import Annotated, Any, Iterable, TextIO, Union, get_args

SDK_REQUIREMENT = "openai[realtime]==3.63.0"

try:
    from pydantic import BaseModel, Field, TypeAdapter, ValidationError
    from openai.types.realtime import RealtimeClientEvent, RealtimeServerEvent
    from openai.types.beta.realtime import (
        RealtimeClientEvent as BetaClientEvent,
        RealtimeServerEvent as BetaServerEvent,
    )
    from openai.types.live import ClientEvent as LiveClientEvent, ServerEvent as LiveServerEvent
except ImportError as exc:  # pragma: no cover - depends on the environment
    if __name__ == "__main__":
        sys.stderr.write(f'rtconformance: {exc}; run: pip install "{SDK_REQUIREMENT}"\n')
        sys.exit(2)
    raise

DIALECTS = ("ga", "beta", "live")
DIRECTIONS = ("client", "server")

#: The SDK's event unions, by dialect and direction.
UNIONS: dict[tuple[str, str], Any] = {
    ("ga", "client"): RealtimeClientEvent,
    ("ga", "server"): RealtimeServerEvent,
    ("beta", "client"): BetaClientEvent,
    ("beta", "server"): BetaServerEvent,
    ("live", "client"): LiveClientEvent,
    ("live", "server"): LiveServerEvent,
}

#: Keys the live servers send although the SDK models do not declare them (only --strict looks).
TOLERATED_EXTRAS = {"obfuscation", "session.id", "session.object", "session.expires_at",
                    "session.client_secret"}

#: Keys of the beta session shape that a GA session.update must not carry.
BETA_SESSION_KEYS = ("modalities", "voice", "turn_detection", "input_audio_format", "output_audio_format",
                     "input_audio_transcription", "input_audio_noise_reduction", "max_response_output_tokens")

#: What a live session fixes at session.start and a session.update cannot change.
LIVE_IMMUTABLE_KEYS = ("model", "instructions", "audio", "input", "store", "safety_identifier", "client")

#: All a live session.update may carry.
LIVE_UPDATE_KEYS = ("delegation", "triggers")

#: Live context appends: a non-empty content and a present (nullable) delegation_id.
LIVE_APPENDS = ("session.instructions.append", "session.thinking.append", "session.commentary.append")

#: Live client events that only a session with Responses delegation may send.
LIVE_RESPONSES_EVENTS = ("response.item.create", "response.create")

#: Live server events that place something on the session timeline.
LIVE_SPANS = ("session.input_transcript.delta", "session.output_transcript.delta", "session.instructions.appended",
              "session.thinking.appended", "session.commentary.appended")

G711 = {"audio/pcmu", "audio/pcma", "g711_ulaw", "g711_alaw"}


def _members(alias: Any) -> tuple:
    """The model classes of an SDK union alias (Annotated[Union[...], PropertyInfo])."""
    inner = get_args(alias)[0] if get_args(alias) else alias
    members = get_args(inner)
    if not members:
        raise TypeError(f"{alias!r} is not a union of event models")
    return members


@lru_cache(maxsize=None)
def adapter(dialect: str, direction: str) -> TypeAdapter:
    """A validator for the dialect's events in one direction, dispatching on `type`."""
    return TypeAdapter(Annotated[Union[_members(UNIONS[(dialect, direction)])], Field(discriminator="type")])


@lru_cache(maxsize=None)
def event_types(dialect: str, direction: str) -> frozenset[str]:
    """Every `type` value the SDK declares for the dialect's events in one direction."""
    names: set[str] = set()
    for model in _members(UNIONS[(dialect, direction)]):
        names.update(a for a in get_args(model.model_fields["type"].annotation) if isinstance(a, str))
    return frozenset(names)


def guess_direction(dialect: str, event: Any) -> str:
    """The direction of a bare event: client when its type is one of the dialect's client types."""
    if isinstance(event, dict) and event.get("type") in event_types(dialect, "client"):
        return "client"
    return "server"


def _extras(model: Any, path: str = "") -> Iterable[str]:
    """Paths of the fields a validated model holds that its SDK type does not declare."""
    if isinstance(model, BaseModel):
        for key in (model.model_extra or {}):
            yield f"{path}.{key}" if path else key
        for key in type(model).model_fields:
            yield from _extras(getattr(model, key), f"{path}.{key}" if path else key)
    elif isinstance(model, (list, tuple)):
        for i, item in enumerate(model):
            yield from _extras(item, f"{path}[{i}]")


def _number(value: Any) -> float | None:
    """A JSON number as a float; None for anything else (the types report those)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _base64(text: Any) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _input_format(dialect: str, event: dict) -> str | None:
    """The input audio format a client event declares, if any."""
    session = _dict(event.get("session"))
    if dialect == "beta":
        value = session.get("input_audio_format")
    elif dialect == "ga":
        value = _dict(_dict(_dict(session.get("audio")).get("input")).get("format")).get("type")
    else:
        value = _dict(_dict(session.get("audio")).get("format")).get("type")
    return value if isinstance(value, str) else None


def _turn_detection_rules(td: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(td, dict):
        return problems
    threshold = _number(td.get("threshold"))
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        problems.append(f"turn_detection.threshold {td['threshold']} outside 0...1")
    for key in ("prefix_padding_ms", "silence_duration_ms"):
        value = td.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            problems.append(f"turn_detection.{key} must be a non-negative integer, got {value!r}")
    return problems


def _delegation_type(session: dict) -> str | None:
    """The delegation type a live session configuration names (None or no delegation: client)."""
    delegation = session.get("delegation")
    if delegation is None:
        return "client"
    kind = _dict(delegation).get("type")
    return kind if isinstance(kind, str) else None


def _live_update_rules(event: dict, started: str | None) -> list[str]:
    """A live session.update: only delegation and triggers, and the delegation type of session.start."""
    problems: list[str] = []
    session = _dict(event.get("session"))
    for key in session:
        if key in LIVE_IMMUTABLE_KEYS:
            problems.append(f"live session.update carries session.{key}, which is fixed at session.start")
        elif key not in LIVE_UPDATE_KEYS:
            problems.append(f"live session.update carries session.{key}; it takes only delegation and triggers")
    if "delegation" in session and started is not None:
        kind = _dict(session["delegation"]).get("type")
        if isinstance(kind, str) and kind != started:
            problems.append(f"live session.update changes the delegation type from {started} to {kind} "
                            "(fixed at session.start)")
    return problems


def _live_rules(direction: str, event: dict, delegation: str | None) -> list[str]:
    """Live rules other than session.update's; `delegation` is the type session.start chose, if seen."""
    problems: list[str] = []
    kind = event["type"]
    if direction == "client":
        if kind in LIVE_APPENDS:
            if "delegation_id" not in event:
                problems.append(f"{kind} without delegation_id (it is required; null for general context)")
            if isinstance(event.get("content"), str) and not event["content"].strip():
                problems.append(f"{kind} with an empty content")
        if kind in LIVE_RESPONSES_EVENTS and delegation is not None and delegation != "responses":
            problems.append(f"{kind} in a session with {delegation} delegation (it needs Responses delegation)")
    else:
        if kind in LIVE_SPANS:
            start, end = _number(event.get("start_ms")), _number(event.get("end_ms"))
            if start is not None and start < 0:
                problems.append(f"{kind} start_ms is negative")
            if start is not None and end is not None and end < start:
                problems.append(f"{kind} ends before it starts ({event['start_ms']} > {event['end_ms']})")
        if kind == "session.delegation.created":
            offset = _number(event.get("offset_ms"))
            if offset is not None and offset < 0:
                problems.append("session.delegation.created offset_ms is negative")
    return problems


def _session_rules(dialect: str, event: dict) -> list[str]:
    problems: list[str] = []
    session = _dict(event.get("session"))
    if dialect == "ga":
        if "temperature" in session:
            problems.append("GA session.update carries temperature (the service rejects the whole update)")
        modalities = session.get("output_modalities")
        if isinstance(modalities, list) and len(modalities) > 1:
            problems.append(f"GA output_modalities must hold one modality, got {modalities}")
        for key in BETA_SESSION_KEYS:
            if key in session:
                problems.append(f"GA session.update carries beta key session.{key}")
        audio = _dict(session.get("audio"))
        td = _dict(audio.get("input")).get("turn_detection")
        speed_value = _dict(audio.get("output")).get("speed")
    else:
        temperature = _number(session.get("temperature"))
        if temperature is not None and not 0.6 <= temperature <= 1.2:
            problems.append(f"beta temperature {session['temperature']} outside 0.6...1.2")
        td = session.get("turn_detection")
        speed_value = session.get("speed")
    problems += _turn_detection_rules(td)
    speed = _number(speed_value)
    if speed is not None and not 0.25 <= speed <= 1.5:
        problems.append(f"speed {speed_value} outside 0.25...1.5")
    return problems


class Checker:
    """Checks frames one by one and counts them. Findings go to `out` as they happen.

    It remembers the input audio format the client last declared, so that G.711 appends (one byte
    per sample) are not held to PCM16's even byte count, and the delegation type of the last live
    session.start.
    """

    def __init__(self, dialect: str = "ga", strict: bool = False, out: TextIO | None = None):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r} (one of {', '.join(DIALECTS)})")
        self.dialect, self.strict = dialect, strict
        self.out = out if out is not None else sys.stdout
        self.passed = self.failed = 0
        self.input_format: str | None = None
        self.delegation: str | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def check(self, direction: str, raw: str | bytes | dict | Any, where: str = "") -> bool:
        """Checks one frame (its JSON text or the decoded event) sent by `direction`."""
        if direction not in DIRECTIONS:
            return self.fail(where, str(direction), "?", [f"unknown direction {direction!r}"])
        if isinstance(raw, (str, bytes)):
            try:
                event = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                return self.fail(where, direction, "?", [f"not JSON: {exc}"])
        else:
            event = raw
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            return self.fail(where, direction, "?", ["event is not an object with a string type"])
        problems: list[str] = []
        try:
            model = adapter(self.dialect, direction).validate_python(event, strict=self.dialect == "live")
            if self.strict:
                extras = [p for p in _extras(model) if p not in TOLERATED_EXTRAS]
                if extras:
                    problems.append("undeclared fields: " + ", ".join(extras))
        except ValidationError as exc:
            for err in exc.errors()[:6]:
                loc = ".".join(str(x) for x in err["loc"]) or "type"
                problems.append(f"{loc}: {err['msg'][:160]}")
        problems += self.rules(direction, event)
        if problems:
            return self.fail(where, direction, event["type"], problems)
        self.passed += 1
        return True

    def rules(self, direction: str, event: dict) -> list[str]:
        """Rules of the service that the SDK types do not enforce."""
        problems: list[str] = []
        kind = event["type"]
        dialect = self.dialect
        if direction == "client":
            if kind in ("session.update", "session.start"):
                declared = _input_format(dialect, event)
                if declared is not None:
                    self.input_format = declared
            if kind == "session.start" and dialect == "live":
                self.delegation = _delegation_type(_dict(event.get("session")))
            if kind == "session.update":
                if dialect == "live":
                    problems += _live_update_rules(event, self.delegation)
                else:
                    problems += _session_rules(dialect, event)
            append = "session.input_audio.append" if dialect == "live" else "input_audio_buffer.append"
            if kind == append:
                raw = _base64(event.get("audio", ""))
                if raw is None:
                    problems.append("append audio is not valid base64")
                elif len(raw) % 2 and self.input_format not in G711:
                    problems.append("append audio has an odd byte count (pcm16 needs whole samples)")
            if kind == "conversation.item.truncate":
                end = _number(event.get("audio_end_ms"))
                if end is not None and end < 0:
                    problems.append("truncate audio_end_ms is negative")
            if dialect == "live":
                problems += _live_rules(direction, event, self.delegation)
        else:
            if dialect == "live":
                problems += _live_rules(direction, event, self.delegation)
            if kind.endswith("audio.delta") and _base64(event.get("delta", "")) is None:
                problems.append("audio delta is not valid base64")
            if kind == "session.input_audio.append" and _base64(event.get("audio", "")) is None:
                problems.append("reflected input audio is not valid base64")
        return problems

    def fail(self, where: str, direction: str, kind: str, problems: list[str]) -> bool:
        self.failed += 1
        head = " ".join(part for part in ("FAIL", where, direction, kind) if part)
        self.out.write(head + "\n" + "".join(f"    {p}\n" for p in problems))
        self.out.flush()
        return False

    def summary_line(self) -> str:
        return f"conformance: {self.passed} passed, {self.failed} failed"

    def summary(self) -> int:
        """Writes the closing line; returns the exit status."""
        self.out.write(self.summary_line() + "\n")
        self.out.flush()
        return 0 if self.ok else 1


def check_lines(lines: Iterable[str], dialect: str = "ga", strict: bool = False,
                checker: Checker | None = None, name: str = "") -> Checker:
    """Checks JSON lines (envelopes or bare events); blank lines are skipped."""
    checker = checker if checker is not None else Checker(dialect, strict, io.StringIO())
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line:
            continue
        where = f"{name}:{n}" if name else f"line {n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            checker.fail(where, "?", "?", [f"not JSON: {exc}"])
            continue
        if isinstance(obj, dict) and "event" in obj and obj.get("dir") in DIRECTIONS:
            direction, event = obj["dir"], obj["event"]
        else:
            direction, event = guess_direction(checker.dialect, obj), obj
        checker.check(direction, event, where)
    return checker


def run_check(args: argparse.Namespace) -> int:
    checker = Checker(args.dialect, args.strict)
    for name in args.files:
        try:
            with open(name, encoding="utf-8") as fh:
                check_lines(fh, checker=checker, name=name)
        except OSError as exc:
            sys.stderr.write(f"rtconformance: cannot read {name}: {exc.strerror or exc}\n")
            return 2
    return checker.summary()


async def run_proxy(args: argparse.Namespace) -> int:
    from websockets.asyncio.client import connect
    from websockets.asyncio.server import serve

    totals = Checker(args.dialect, args.strict)
    log = open(args.log, "a", encoding="utf-8") if args.log else None
    host, port = args.listen.rsplit(":", 1)
    hop = {"host", "upgrade", "connection", "sec-websocket-key", "sec-websocket-version",
           "sec-websocket-extensions", "sec-websocket-protocol", "content-length"}

    async def handle(downstream):
        # One checker per connection (the input format is per session); totals are shared.
        checker = Checker(args.dialect, args.strict)
        request = downstream.request
        headers = [(k, v) for k, v in request.headers.raw_items() if k.lower() not in hop]
        url = args.upstream.rstrip("/") + request.path

        async def pump(source, target, direction):
            async for message in source:
                if isinstance(message, str):
                    before = checker.failed
                    checker.check(direction, message, f"#{totals.passed + totals.failed + 1}")
                    if checker.failed > before:
                        totals.failed += 1
                    else:
                        totals.passed += 1
                    if log:
                        try:
                            event = json.loads(message)
                        except json.JSONDecodeError:
                            event = message
                        log.write(json.dumps({"dir": direction, "event": event}) + "\n")
                        log.flush()
                await target.send(message)

        async with connect(url, additional_headers=headers, max_size=None) as upstream:
            tasks = [asyncio.create_task(pump(downstream, upstream, "client")),
                     asyncio.create_task(pump(upstream, downstream, "server"))]
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()

    async with serve(handle, host, int(port), max_size=None):
        sys.stdout.write(f"rtconformance: proxy on ws://{host}:{port} -> {args.upstream}\n")
        sys.stdout.flush()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await asyncio.wait_for(stop.wait(), timeout=args.seconds)
        except asyncio.TimeoutError:
            pass
    if log:
        log.close()
    return totals.summary()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="rtconformance", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    check = sub.add_parser("check", help="check JSON-lines files of events")
    check.add_argument("files", nargs="+")
    proxy = sub.add_parser("proxy", help="check a live connection while forwarding it")
    proxy.add_argument("--listen", required=True)
    proxy.add_argument("--upstream", required=True)
    proxy.add_argument("--log")
    proxy.add_argument("--seconds", type=float, default=3600.0)
    for p in (check, proxy):
        p.add_argument("--dialect", choices=DIALECTS, default="ga")
        p.add_argument("--strict", action="store_true", help="also fail on fields the SDK types do not declare")
    args = parser.parse_args(argv)
    if args.mode == "check":
        return run_check(args)
    try:
        return asyncio.run(run_proxy(args))
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
