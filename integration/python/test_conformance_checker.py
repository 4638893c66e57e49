"""The conformance checker itself (rtconformance.py): it passes good frames of each dialect and fails bad
ones. These tests need the openai SDK only, not the rtconsole binary."""
from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import rtconformance

CHECKER = Path(rtconformance.__file__)
PCM = base64.b64encode(bytes(960)).decode()  # 20 ms of PCM16 silence at 24 kHz
ODD = base64.b64encode(bytes(3)).decode()

GOOD: dict[str, list[dict]] = {
    "ga": [
        {"dir": "client", "event": {"type": "session.update", "session": {
            "type": "realtime", "output_modalities": ["audio"], "instructions": "Be brief.",
            "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000},
                                "turn_detection": {"type": "server_vad", "threshold": 0.5,
                                                   "prefix_padding_ms": 300, "silence_duration_ms": 500}},
                      "output": {"voice": "marin", "speed": 1.0}}}}},
        {"dir": "client", "event": {"type": "input_audio_buffer.append", "audio": PCM}},
        {"dir": "client", "event": {"type": "input_audio_buffer.commit"}},
        {"dir": "client", "event": {"type": "conversation.item.create", "item": {
            "type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello"}]}}},
        {"dir": "client", "event": {"type": "response.create"}},
        {"dir": "client", "event": {"type": "conversation.item.truncate", "item_id": "item_1",
                                    "content_index": 0, "audio_end_ms": 1200}},
        {"dir": "server", "event": {"type": "response.output_audio.delta", "event_id": "event_1",
                                    "response_id": "resp_1", "item_id": "item_2", "output_index": 0,
                                    "content_index": 0, "delta": PCM}},
        {"dir": "server", "event": {"type": "input_audio_buffer.speech_started", "event_id": "event_2",
                                    "audio_start_ms": 400, "item_id": "item_3"}},
        {"dir": "server", "event": {"type": "error", "event_id": "event_3",
                                    "error": {"type": "invalid_request_error", "message": "nope"}}},
    ],
    "beta": [
        {"dir": "client", "event": {"type": "session.update", "session": {
            "modalities": ["audio", "text"], "voice": "alloy", "temperature": 0.8,
            "input_audio_format": "pcm16",
            "turn_detection": {"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 500}}}},
        {"dir": "client", "event": {"type": "input_audio_buffer.append", "audio": PCM}},
        {"dir": "client", "event": {"type": "response.create"}},
        {"dir": "server", "event": {"type": "response.audio.delta", "event_id": "event_1",
                                    "response_id": "resp_1", "item_id": "item_2", "output_index": 0,
                                    "content_index": 0, "delta": PCM}},
        {"dir": "server", "event": {"type": "response.text.delta", "event_id": "event_2",
                                    "response_id": "resp_1", "item_id": "item_2", "output_index": 0,
                                    "content_index": 0, "delta": "Hi"}},
    ],
    "live": [
        {"dir": "client", "event": {"type": "session.start", "session": {
            "model": "gpt-live-1", "instructions": "Be brief.",
            "audio": {"format": {"type": "audio/pcm", "rate": 24000}}}}},
        {"dir": "client", "event": {"type": "session.input_audio.append", "audio": PCM}},
        {"dir": "client", "event": {"type": "session.instructions.append", "content": "Speak slowly.",
                                    "delegation_id": None}},
        {"dir": "client", "event": {"type": "session.input_audio.mute", "event_id": "c1"}},
        {"dir": "client", "event": {"type": "session.close"}},
        {"dir": "server", "event": {"type": "session.started", "event_id": "event_1", "session": {
            "id": "sess_1", "expires_at": 1767225600, "model": "gpt-live-1", "status": "active"}}},
        {"dir": "server", "event": {"type": "session.output_audio.delta", "delta": PCM}},
        {"dir": "server", "event": {"type": "session.input_transcript.delta", "event_id": "event_2",
                                    "delta": "hello", "start_ms": 0, "end_ms": 400}},
        {"dir": "server", "event": {"type": "error", "event_id": "event_3",
                                    "error": {"type": "invalid_request_error", "code": "bad", "message": "nope"}}},
    ],
}


def check(dialect: str, direction: str, event, strict: bool = False) -> tuple[bool, str]:
    out = io.StringIO()
    checker = rtconformance.Checker(dialect, strict, out)
    ok = checker.check(direction, event)
    return ok, out.getvalue()


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_good_frames_pass(dialect):
    out = io.StringIO()
    checker = rtconformance.Checker(dialect, False, out)
    for frame in GOOD[dialect]:
        checker.check(frame["dir"], frame["event"])
    assert checker.failed == 0, out.getvalue()
    assert checker.passed == len(GOOD[dialect])


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_unknown_type_fails(dialect):
    for direction in rtconformance.DIRECTIONS:
        ok, out = check(dialect, direction, {"type": "session.teleport", "event_id": "e1"})
        assert not ok and "FAIL" in out


def test_event_types_belong_to_their_dialect():
    beta_delta = GOOD["beta"][3]["event"]
    assert check("beta", "server", beta_delta)[0]
    ok, _ = check("ga", "server", beta_delta)
    assert not ok, "a beta event name must not pass as GA"
    ok, _ = check("live", "client", {"type": "input_audio_buffer.append", "audio": PCM})
    assert not ok, "a GA/beta client event must not pass as live"
    ok, _ = check("ga", "client", {"type": "session.input_audio.append", "audio": PCM})
    assert not ok, "a live client event must not pass as GA"


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_client_events_fail_as_server_events(dialect):
    append = "session.input_audio.append" if dialect == "live" else "input_audio_buffer.append"
    for frame in GOOD[dialect]:
        event = frame["event"]
        if frame["dir"] == "client" and event["type"] != append:
            ok, _ = check(dialect, "server", event)
            assert not ok, event["type"]


@pytest.mark.parametrize("dialect,direction,event,field", [
    ("ga", "server", {"type": "response.output_audio.delta", "event_id": "e", "response_id": "r", "item_id": "i",
                      "output_index": "first", "content_index": 0, "delta": PCM}, "output_index"),
    ("ga", "client", {"type": "conversation.item.truncate", "item_id": 7, "content_index": 0, "audio_end_ms": 10}, "item_id"),
    ("ga", "server", {"type": "error", "event_id": "e"}, "error"),
    ("beta", "client", {"type": "input_audio_buffer.append", "audio": 1234}, "audio"),
    ("beta", "server", {"type": "response.text.delta", "event_id": "e", "response_id": "r", "item_id": "i",
                        "output_index": 0, "content_index": 0, "delta": ["Hi"]}, "delta"),
    ("live", "client", {"type": "session.instructions.append", "content": {"text": "x"}}, "content"),
    ("live", "server", {"type": "session.input_transcript.delta", "event_id": "e", "delta": "x",
                        "start_ms": "zero", "end_ms": 1}, "start_ms"),
    ("live", "server", {"type": "error", "event_id": "e", "error": {"type": "x", "message": "m"}}, "code"),
])
def test_wrong_field_type_fails(dialect, direction, event, field):
    ok, out = check(dialect, direction, event)
    assert not ok
    assert field in out


def test_ga_temperature_fails():
    ok, out = check("ga", "client", {"type": "session.update", "session": {"type": "realtime", "temperature": 0.8}})
    assert not ok and "temperature" in out


def test_beta_keys_in_ga_update_fail():
    ok, out = check("ga", "client", {"type": "session.update", "session": {"type": "realtime", "voice": "alloy"}})
    assert not ok and "beta key session.voice" in out
    ok, out = check("ga", "client", {"type": "session.update",
                                     "session": {"type": "realtime", "output_modalities": ["audio", "text"]}})
    assert not ok and "one modality" in out


@pytest.mark.parametrize("dialect,session,message", [
    ("beta", {"temperature": 2.0}, "temperature"),
    ("beta", {"speed": 3.0}, "speed"),
    ("beta", {"turn_detection": {"type": "server_vad", "threshold": 1.5}}, "threshold"),
    ("ga", {"type": "realtime", "audio": {"output": {"speed": 0.1}}}, "speed"),
    ("ga", {"type": "realtime", "audio": {"input": {"turn_detection": {"type": "server_vad",
                                                                        "silence_duration_ms": -5}}}}, "silence_duration_ms"),
])
def test_out_of_range_settings_fail(dialect, session, message):
    ok, out = check(dialect, "client", {"type": "session.update", "session": session})
    assert not ok and message in out


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_bad_base64_audio_fails(dialect):
    append = "session.input_audio.append" if dialect == "live" else "input_audio_buffer.append"
    ok, out = check(dialect, "client", {"type": append, "audio": "not base64!"})
    assert not ok and "base64" in out
    delta = {"ga": GOOD["ga"][6], "beta": GOOD["beta"][3], "live": GOOD["live"][6]}[dialect]["event"]
    ok, out = check(dialect, "server", {**delta, "delta": "@@@@"})
    assert not ok and "base64" in out


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_odd_byte_count_fails_for_pcm16_only(dialect):
    append = "session.input_audio.append" if dialect == "live" else "input_audio_buffer.append"
    ok, out = check(dialect, "client", {"type": append, "audio": ODD})
    assert not ok and "odd byte count" in out
    # After the client declares G.711 input (one byte per sample) an odd count is fine.
    declare = {
        "ga": {"type": "session.update", "session": {"type": "realtime",
                                                     "audio": {"input": {"format": {"type": "audio/pcmu"}}}}},
        "beta": {"type": "session.update", "session": {"input_audio_format": "g711_ulaw"}},
        "live": {"type": "session.start", "session": {"model": "gpt-live-1",
                                                      "audio": {"format": {"type": "audio/pcmu", "rate": 8000}}}},
    }[dialect]
    checker = rtconformance.Checker(dialect, False, io.StringIO())
    assert checker.check("client", declare), checker.out.getvalue()
    assert checker.check("client", {"type": append, "audio": ODD}), checker.out.getvalue()


def test_negative_truncate_fails():
    for dialect in ("ga", "beta"):
        ok, out = check(dialect, "client", {"type": "conversation.item.truncate", "item_id": "i",
                                            "content_index": 0, "audio_end_ms": -1})
        assert not ok and "negative" in out


def test_live_update_of_fixed_settings_fails():
    ok, out = check("live", "client", {"type": "session.update", "session": {"model": "gpt-live-1"}})
    assert not ok and "session.model" in out
    assert check("live", "client", {"type": "session.update", "session": {}})[0]


def test_live_update_takes_only_delegation_and_triggers():
    for key, value in (("store", True), ("safety_identifier", "user-1"), ("client", {})):
        ok, out = check("live", "client", {"type": "session.update", "session": {key: value}})
        assert not ok and f"session.{key}, which is fixed at session.start" in out
    ok, out = check("live", "client", {"type": "session.update", "session": {"voice": "marin"}})
    assert not ok and "session.voice; it takes only delegation and triggers" in out
    assert check("live", "client", {"type": "session.update", "session": {"triggers": []}})[0]


def test_live_update_keeps_the_delegation_type_of_session_start():
    checker = rtconformance.Checker("live", False, io.StringIO())
    start = {"type": "session.start", "session": {"model": "gpt-live-1", "delegation": {
        "type": "responses", "responses": {"model": "gpt-5.6-luna"}}}}
    assert checker.check("client", start), checker.out.getvalue()
    same = {"type": "session.update", "session": {"delegation": {"type": "responses", "responses": {"instructions": "Be terse."}}}}
    assert checker.check("client", same), checker.out.getvalue()
    assert checker.check("client", {"type": "response.create"}), checker.out.getvalue()
    assert not checker.check("client", {"type": "session.update", "session": {"delegation": {"type": "client"}}})
    assert "changes the delegation type from responses to client" in checker.out.getvalue()


def test_live_responses_events_need_responses_delegation():
    checker = rtconformance.Checker("live", False, io.StringIO())
    assert checker.check("client", {"type": "session.start", "session": {"model": "gpt-live-1"}})
    item = {"type": "function_call_output", "call_id": "call_1", "output": "{}"}
    assert not checker.check("client", {"type": "response.item.create", "item": item})
    assert not checker.check("client", {"type": "response.create"})
    assert "response.create in a session with client delegation" in checker.out.getvalue()


@pytest.mark.parametrize("event,message", [
    ({"type": "session.thinking.append", "content": "Checking."}, "without delegation_id"),
    ({"type": "session.commentary.append", "content": " ", "delegation_id": "item_1"}, "empty content"),
])
def test_live_appends_need_content_and_a_delegation_id(event, message):
    ok, out = check("live", "client", event)
    assert not ok and message in out
    assert check("live", "client", {"type": event["type"], "content": "Checking.", "delegation_id": None})[0]


@pytest.mark.parametrize("event,message", [
    ({"type": "session.output_transcript.delta", "event_id": "e", "delta": " Hi", "start_ms": 400, "end_ms": 200},
     "ends before it starts"),
    ({"type": "session.commentary.appended", "event_id": "e", "start_ms": -200, "end_ms": 0}, "start_ms is negative"),
    ({"type": "session.delegation.created", "event_id": "e", "offset_ms": -1,
      "delegation": {"id": "item_1", "type": "delegation", "target": "client"}}, "offset_ms is negative"),
])
def test_live_timeline_spans_fail_when_reversed_or_negative(event, message):
    ok, out = check("live", "server", event)
    assert not ok and message in out


@pytest.mark.parametrize("event,field", [
    ({"type": "session.usage.updated", "event_id": "e", "usage": {"seconds": "3"}}, "seconds"),
    ({"type": "session.started", "event_id": "e", "session": {"id": "live_1", "expires_at": 1767225600.0,
                                                             "model": "gpt-live-1", "status": "active"}}, "expires_at"),
])
def test_live_frames_are_validated_strictly(event, field):
    """A JSON string is not a number and a fraction is not an integer (lax pydantic would coerce both)."""
    ok, out = check("live", "server", event)
    assert not ok and field in out


def test_strict_reports_undeclared_fields():
    event = {"type": "response.create", "surprise": 1}
    assert check("ga", "client", event)[0]
    ok, out = check("ga", "client", event, strict=True)
    assert not ok and "undeclared fields: surprise" in out


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '{"type": 5}', '"text frame"'])
def test_frames_that_are_not_events_fail(raw):
    ok, _ = check("ga", "server", raw)
    assert not ok


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_bare_events_take_their_direction_from_the_type(dialect):
    lines = [json.dumps(frame["event"]) for frame in GOOD[dialect]]
    checker = rtconformance.check_lines(lines, dialect)
    assert checker.failed == 0, checker.out.getvalue()
    assert checker.passed == len(lines)


def run_cli(tmp_path: Path, frames: list, *options: str) -> subprocess.CompletedProcess:
    path = tmp_path / "frames.jsonl"
    path.write_text("".join(json.dumps(f) + "\n" for f in frames), encoding="utf-8")
    return subprocess.run([sys.executable, str(CHECKER), "check", *options, str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("dialect", rtconformance.DIALECTS)
def test_cli_passes_good_files(tmp_path, dialect):
    result = run_cli(tmp_path, GOOD[dialect], "--dialect", dialect)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == f"conformance: {len(GOOD[dialect])} passed, 0 failed"


def test_cli_fails_bad_files(tmp_path):
    frames = GOOD["ga"] + [{"dir": "client", "event": {"type": "session.update",
                                                      "session": {"type": "realtime", "temperature": 0.7}}},
                           {"dir": "server", "event": {"type": "no.such.event"}}]
    result = run_cli(tmp_path, frames)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"conformance: {len(GOOD['ga'])} passed, 2 failed"
    assert f"frames.jsonl:{len(GOOD['ga']) + 1} client session.update" in result.stdout


def test_cli_bad_usage_exits_2(tmp_path):
    result = subprocess.run([sys.executable, str(CHECKER), "check", "--dialect", "klingon", "x"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    result = subprocess.run([sys.executable, str(CHECKER), "check", str(tmp_path / "missing.jsonl")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
