"""The simulator's GPT-Live route (`/v1/live/sessions`) against the official openai SDK (`client.live.connect()`).

Every server event is validated as it arrives in pydantic's strict mode against the SDK's own model for its
type (openai.types.live; the SDK's recv() does not validate), and after each test every frame of the run
must pass the conformance checker (rtconformance.py) in its `live` dialect.

The session's timeline moves only while input audio arrives, and the server sends one output audio delta
per 100 ms of it. The tests send audio faster than real time but never more than LEAD_MS ahead of the
output deltas received, so the timeline position of everything they send is known exactly
(`Live.sent_ms`), and the k-th output delta is the audio of timeline [100 k, 100 k + 100) ms.
"""
from __future__ import annotations

import asyncio
import base64
import json
import re
import time
from array import array
from contextlib import asynccontextmanager
from typing import Any, Callable, get_args

import pydantic
import pytest
from openai.types.live import ServerEvent
from openai.types.responses import ResponseStreamEvent

from conftest import LIVE_MODEL, SAMPLE_RATE, SCENARIOS, run, silence, speech

QUESTION = "Hello, could you tell me what the weather is like today?"
DEFAULT_REPLY = re.compile(r"I heard (\d+(?:\.\d+)?) seconds of speech\. This is the rtconsole simulator\.")
PLACEHOLDER = re.compile(r"\(speech, (\d+(?:\.\d+)?) s\)")
ACKNOWLEDGEMENT = "One moment."
AUDIO, INPUT, OUTPUT = "session.output_audio.delta", "session.input_transcript.delta", "session.output_transcript.delta"
CHUNK_MS = 100  # input appends are 100 ms each (the last one of a clip may be shorter)
LEAD_MS = 600  # how far the audio sent may run ahead of the output deltas received
DELTA_MS = 100  # the timeline span of one output audio delta
WEATHER_TOOL = {
    "type": "function", "name": "get_weather", "description": "The weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
                   "required": ["city"]},
}
TIME_TOOL = {"type": "function", "name": "get_time", "parameters": {"type": "object", "properties": {}}}

#: The SDK's model class for each GPT-Live server event type.
SERVER_MODELS: dict[str, type[pydantic.BaseModel]] = {
    literal: model
    for model in get_args(get_args(ServerEvent)[0])
    for literal in get_args(model.model_fields["type"].annotation)
}
#: The nested Responses stream events of response.event.
RESPONSE_STREAM_EVENT = pydantic.TypeAdapter(ResponseStreamEvent)


def strict(event: Any) -> dict:
    """A server event, validated strictly by the SDK's model for its type; the nested Responses event of a
    response.event by the SDK's Responses stream event types."""
    assert isinstance(event, dict), f"a server frame that is not a JSON object: {event!r}"
    model = SERVER_MODELS.get(event.get("type"))
    assert model is not None, f"not a GPT-Live server event: {event.get('type')!r}"
    try:
        model.model_validate(event, strict=True)
        if event["type"] == "response.event":
            RESPONSE_STREAM_EVENT.validate_python(event["event"], strict=True)
    except pydantic.ValidationError as exc:
        raise AssertionError(f"{event['type']} does not validate strictly: {str(exc)[:3000]}\n{json.dumps(event)[:2000]}") from None
    return event


def words(text: str) -> str:
    """Text with its whitespace normalised (deltas carry leading spaces)."""
    return " ".join(text.split())


def peak(delta: str) -> int:
    """The largest absolute PCM16 sample of a base64 audio delta."""
    samples = array("h", base64.b64decode(delta))
    return max((abs(s) for s in samples), default=0)


def client_event_id(event: dict) -> str | None:
    """The client event an error or an acknowledgement answers (errors may carry it inside `error`)."""
    return event.get("client_event_id") or (event.get("error") or {}).get("client_event_id")


class Live:
    """A GPT-Live connection seen through the SDK: a reader task keeps every server event, each one validated
    strictly as it arrives; appends and silence move the timeline, paced by the output deltas."""

    def __init__(self, connection, audio_format: dict | None = None):
        self.conn = connection
        self.events: list[dict] = []
        self.sent_ms = 0
        self.closed = None  # the ConnectionClosed that ended the reader
        self.failure: BaseException | None = None
        fmt = audio_format or {"type": "audio/pcm", "rate": SAMPLE_RATE}
        self.rate = fmt["rate"]
        self.silence_byte = {"audio/pcm": b"\x00", "audio/pcmu": b"\xff", "audio/pcma": b"\xd5"}[fmt["type"]]
        self.bytes_per_ms = self.rate // 1000 * (2 if fmt["type"] == "audio/pcm" else 1)
        self._arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            while True:
                self.events.append(strict(json.loads(await self.conn.recv_bytes())))
                self._arrived.set()
        except ConnectionClosed as exc:
            self.closed = exc
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a frame that does not validate, or not JSON
            self.failure = exc
        finally:
            self._arrived.set()

    # -- reading

    def of(self, event_type: str, since: int = 0) -> list[dict]:
        return [e for e in self.events[since:] if e["type"] == event_type]

    def text(self, event_type: str, since: int = 0) -> str:
        return words(" ".join(e["delta"] for e in self.of(event_type, since)))  # a new reply starts without a space

    def audio(self) -> list[str]:
        return [e["delta"] for e in self.of(AUDIO)]

    def errors(self, since: int = 0) -> list[dict]:
        return self.of("error", since)

    def audio_before(self, event: dict) -> int:
        """How many output audio deltas arrived before `event`."""
        index = next(i for i, e in enumerate(self.events) if e is event)
        return sum(1 for e in self.events[:index] if e["type"] == AUDIO)

    def summary(self, last: int = 12) -> str:
        shown = [e for e in self.events if e["type"] != AUDIO][-last:]
        return (f"{len(self.of(AUDIO))} output deltas for {self.sent_ms} ms sent; last events: "
                + json.dumps(shown)[:3000])

    async def wait(self, predicate: Callable[[], Any], what: str, timeout: float = 60, feed_ms: int = 0) -> Any:
        """Waits until predicate() is truthy and returns its value. While waiting, up to feed_ms of silence is
        sent (paced like every append) to move the timeline. Fails on a socket that closes first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        fed = 0
        while True:
            if self.failure is not None:
                raise self.failure
            value = predicate()
            if value:
                return value
            if self.closed is not None:
                raise AssertionError(f"the socket closed ({self.closed}) while waiting for {what}; {self.summary()}")
            if loop.time() > deadline:
                raise AssertionError(f"timed out waiting for {what}; {self.summary()}")
            if fed < feed_ms and self._may_send():
                await self._send_chunk(self.silence_byte * (CHUNK_MS * self.bytes_per_ms))
                fed += CHUNK_MS
                await asyncio.sleep(0.005)
                continue
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), 0.1)
            except asyncio.TimeoutError:
                pass

    async def next(self, event_type: str, since: int = 0, what: str | None = None, timeout: float = 60,
                   feed_ms: int = 0, errors_fail: bool = True) -> dict:
        """The first event of `event_type` at index >= since; an error event first fails the test unless
        errors_fail is False."""
        def found():
            if errors_fail and event_type != "error" and self.errors(since):
                raise AssertionError(f"error while waiting for {event_type}: {self.errors(since)[0]}")
            events = self.of(event_type, since)
            return events[0] if events else None

        return await self.wait(found, what or event_type, timeout, feed_ms)

    async def answer(self, event_id: str, since: int = 0, feed_ms: int = 1000) -> dict:
        """The server event that answers the client event `event_id` (an acknowledgement or an error)."""
        return await self.wait(
            lambda: next((e for e in self.events[since:] if client_event_id(e) == event_id), None),
            f"the answer to {event_id}", feed_ms=feed_ms)

    # -- sending

    def _may_send(self) -> bool:
        return self.sent_ms - DELTA_MS * len(self.of(AUDIO)) < LEAD_MS

    async def _send_chunk(self, chunk: bytes) -> None:
        await self.conn.session.input_audio.append(audio=base64.b64encode(chunk).decode())
        self.sent_ms += len(chunk) // self.bytes_per_ms

    async def append(self, samples: array | bytes) -> None:
        """Sends audio (PCM16 at 24 kHz for the default format) in 100 ms appends, faster than real time
        but at most LEAD_MS ahead of the output deltas."""
        data = samples.tobytes() if isinstance(samples, array) else samples
        step = CHUNK_MS * self.bytes_per_ms
        for i in range(0, len(data), step):
            await self.wait(self._may_send, "the server to follow the input audio")
            await self._send_chunk(data[i:i + step])

    async def settle(self) -> None:
        """Waits until the server has sent the output deltas of all the audio sent, then a little longer."""
        await self.wait(lambda: len(self.of(AUDIO)) >= self.sent_ms // DELTA_MS, "the output deltas of all input sent")
        await asyncio.sleep(0.5)

    async def start(self, session: dict | None = None, event_id: str = "evt_start") -> dict:
        """Sends session.start (model gpt-live-1 unless given) and returns the session.started event."""
        since = len(self.events)
        await self.conn.session.start(session={"model": LIVE_MODEL, **(session or {})}, event_id=event_id)
        return await self.next("session.started", since)


@asynccontextmanager
async def live_session(sim, audio_format: dict | None = None, client=None):
    manager = client.live.connect() if client is not None else sim.connect()
    async with manager as conn:
        live = Live(conn, audio_format)
        try:
            yield live
        finally:
            live._reader.cancel()
            try:
                await live._reader
            except asyncio.CancelledError:
                pass
    if live.failure is not None:
        raise live.failure


def scenario(tmp_path, name: str, turns: list[dict], **top: Any) -> str:
    """Writes a scenario file and returns its path as a string."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"name": name, "after_last_turn": "default", **top, "turns": turns}, indent=2))
    return str(path)


def message(role: str, text: str) -> dict:
    return {"type": "message", "role": role, "content": [{"type": "input_text" if role != "assistant" else "output_text",
                                                          "text": text}]}


def spoken(live: Live, text: str, since: int = 0) -> Callable[[], bool]:
    return lambda: live.text(OUTPUT, since).endswith(text)


def test_start_resolves_the_session_and_refuses_bad_configurations(simulator):
    sim = simulator("live")
    bad_starts = {
        "evt_voice": ({"model": LIVE_MODEL, "voice": "marin"}, "unknown_parameter", "session.voice"),
        "evt_speed": ({"model": LIVE_MODEL, "audio": {"output": {"voice": "marin", "speed": 1.2}}},
                      "unknown_parameter", "session.audio.output.speed"),
        "evt_no_model": ({"instructions": "Be brief."}, "missing_required_parameter", "session.model"),
        "evt_delegation": ({"model": LIVE_MODEL, "delegation": {"type": "telepathy"}}, "invalid_value", None),
        "evt_no_backend": ({"model": LIVE_MODEL, "delegation": {"type": "responses", "responses": {"tools": []}}},
                           "invalid_value", None),
        "evt_unknown_voice": ({"model": LIVE_MODEL, "audio": {"output": {"voice": "hal9000"}}}, "invalid_value", None),
        "evt_rate": ({"model": LIVE_MODEL, "audio": {"format": {"type": "audio/pcm", "rate": 44100}}}, "invalid_value", None),
        "evt_ulaw_rate": ({"model": LIVE_MODEL, "audio": {"format": {"type": "audio/pcmu", "rate": 16000}}},
                          "invalid_value", None),
        "evt_system": ({"model": LIVE_MODEL, "input": [message("system", "Hi")]}, "invalid_value", None),
        "evt_two_parts": ({"model": LIVE_MODEL, "input": [{**message("user", "Hi"), "content": [
            {"type": "input_text", "text": "Hi"}, {"type": "input_text", "text": "there"}]}]}, "invalid_value", None),
        "evt_history": ({"model": LIVE_MODEL, "input": [message("user", f"Line {i}") for i in range(129)]},
                        "invalid_value", None),
    }
    sim.invalid_client_events.update(bad_starts)
    sim.invalid_client_events.update({"evt_type", "evt_odd", "evt_base64", "evt_again"})

    async def body():
        async with live_session(sim) as live:
            await asyncio.sleep(0.5)
            assert not live.events, "a passive socket receives nothing"
            await live.conn.session.input_audio.mute(event_id="evt_early")
            early = await live.answer("evt_early", feed_ms=0)
            assert early["type"] == "error" and early["error"]["code"] == "session_not_started"
            for event_id, (session, code, param) in bad_starts.items():
                since = len(live.events)
                await live.conn.send({"type": "session.start", "session": session, "event_id": event_id})
                error = await live.next("error", since, what=f"the error for {event_id}")
                if event_id == "evt_voice":
                    assert error["error"]["message"] == "Unknown parameter: 'session.voice'."
                assert error["error"]["code"] == code, (event_id, error)
                assert error["error"]["type"] == "invalid_request_error", (event_id, error)
                if param is not None:
                    assert error["error"]["param"] == param, (event_id, error)
                assert client_event_id(error) == event_id, (event_id, error)
            assert not live.of("session.started"), "a refused session.start must not start the session"

            before = time.time()
            history = [message("user", "I live in Paris."), message("assistant", "Noted.")]
            started = await live.start({"model": "gpt-live-1.1", "instructions": "Be brief.", "input": history},
                                       event_id="evt_good")
            assert started["client_event_id"] == "evt_good"
            session = started["session"]
            assert session["id"].startswith("live_")
            assert before + 3500 <= session["expires_at"] <= time.time() + 3700  # the default --max-session-minutes 60
            assert session["model"] == "gpt-live-1.1"
            assert session["instructions"] == "Be brief."
            assert session["audio"]["format"] == {"type": "audio/pcm", "rate": 24000}
            assert session["audio"]["output"]["voice"] == "marin"
            assert session["delegation"] == {"type": "client"}
            assert [(m["role"], m["content"][0]["text"]) for m in session["input"]] == [
                ("user", "I live in Paris."), ("assistant", "Noted.")]
            assert session["store"] is False
            assert session["status"] == "active"

            since = len(live.events)
            await live.conn.send({"type": "session.start", "session": {"model": LIVE_MODEL}, "event_id": "evt_again"})
            assert (await live.answer("evt_again", since))["error"]["code"] == "session_already_started"
            await live.conn.send({"type": "session.input_audio.commit", "event_id": "evt_type"})
            error = (await live.answer("evt_type", since))["error"]
            assert error["code"] == "invalid_value" and error["param"] == "type"
            assert "session.input_audio.append" in error["message"] and "session.close" in error["message"]
            await live.conn.session.input_audio.append(audio=base64.b64encode(bytes(3)).decode(), event_id="evt_odd")
            error = (await live.answer("evt_odd", since))["error"]
            assert error["code"] == "invalid_audio" and error["param"] == "audio"
            await live.conn.session.input_audio.append(audio="not base64!", event_id="evt_base64")
            error = (await live.answer("evt_base64", since))["error"]
            assert error["code"] == "invalid_audio" and error["param"] == "audio"
            assert not live.of("session.started", since)
            # The session goes on after each error.
            await live.conn.session.input_audio.mute(event_id="evt_mute")
            assert (await live.answer("evt_mute", since))["type"] == "session.input_audio.muted"

    run(body(), timeout=120)


def test_a_realtime_model_is_refused_on_the_live_route(simulator):
    sim = simulator("live")
    sim.invalid_client_events.add("evt_realtime")

    async def body():
        async with live_session(sim) as live:
            await live.conn.session.start(session={"model": "gpt-realtime"}, event_id="evt_realtime")
            error = await live.next("error")
            assert error["error"]["code"] == "invalid_model"
            assert error["error"]["param"] == "session.model"
            await live.wait(lambda: live.closed, "the socket to close")
            assert live.closed.rcvd.code == 1008
            assert not live.of("session.started")

    run(body())


def test_a_live_model_is_refused_on_the_realtime_route_with_1008(simulator):
    from websockets.exceptions import ConnectionClosed

    sim = simulator("ga")  # the Realtime route: its frames are checked as GA

    async def body():
        async with sim.connect(model="gpt-live-1.1") as conn:
            error = json.loads(await asyncio.wait_for(conn.recv_bytes(), 20))
            assert error["type"] == "error" and error["error"]["code"] == "invalid_model"
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(conn.recv_bytes(), 20)
            assert closed.value.rcvd.code == 1008

    run(body())


def test_the_azure_path_takes_the_deployment_name_as_the_model(simulator):
    from openai import AsyncOpenAI

    sim = simulator("live")
    azure = AsyncOpenAI(api_key="sk-test", websocket_base_url=sim.url.removesuffix("/v1") + "/openai/v1")

    async def body():
        async with live_session(sim, client=azure) as live:
            started = await live.start({"model": "my-live-deployment"})
            assert started["session"]["model"] == "my-live-deployment"

    run(body())


def test_a_spoken_turn(simulator):
    sim = simulator("live")
    clip = speech(QUESTION)

    async def body():
        async with live_session(sim) as live:
            await live.start()
            await live.append(silence(400) + clip)
            speech_end = live.sent_ms
            await live.wait(lambda: DEFAULT_REPLY.fullmatch(live.text(OUTPUT)), "the whole reply transcript", feed_ms=20_000)
            await live.append(silence(1500))  # the audio of the last words
            await live.settle()

            inputs, outputs, audio = live.of(INPUT), live.of(OUTPUT), live.audio()
            heard = PLACEHOLDER.fullmatch(live.text(INPUT))
            assert heard, live.text(INPUT)
            assert abs(float(heard.group(1)) - len(clip) / SAMPLE_RATE) < 0.8
            assert all(e["delta"].startswith(" ") for e in inputs[1:]), "input transcript words come with a leading space"
            for deltas in (inputs, outputs):
                assert all(e["end_ms"] - e["start_ms"] == 200 for e in deltas), "200 ms buckets"
                starts = [e["start_ms"] for e in deltas]
                assert starts == sorted(set(starts)), starts
            assert 0 <= inputs[0]["start_ms"] <= 400 + 400 and speech_end - 1000 <= inputs[-1]["end_ms"] <= speech_end + 400
            assert DELTA_MS * live.audio_before(inputs[0]) >= inputs[-1]["end_ms"], "the transcript comes after the turn"
            reply = DEFAULT_REPLY.fullmatch(live.text(OUTPUT))
            assert reply.group(1) == heard.group(1), (live.text(INPUT), live.text(OUTPUT))
            assert outputs[0]["start_ms"] >= inputs[-1]["end_ms"] + 300
            for event in outputs:  # just before the audio delta in which its word starts
                assert event["start_ms"] // DELTA_MS <= live.audio_before(event) <= event["start_ms"] // DELTA_MS + 1, event

            assert all(len(base64.b64decode(d)) == 4800 for d in audio), "100 ms of PCM16 at 24 kHz per delta"
            first_word = outputs[0]["start_ms"] // DELTA_MS
            assert all(peak(d) == 0 for d in audio[:first_word]), "digital silence before the reply"
            assert sum(1 for d in audio[first_word:] if peak(d) > 500) >= 15, "the reply is heard"
            assert live.sent_ms // DELTA_MS <= len(audio) <= live.sent_ms // DELTA_MS + 1
            assert not any("event_id" in e or "start_ms" in e for e in live.of(AUDIO))

    run(body(), timeout=180)


@pytest.mark.parametrize("audio_format,delta_bytes", [
    ({"type": "audio/pcm", "rate": 16000}, 3200),
    ({"type": "audio/pcmu", "rate": 8000}, 800),
    ({"type": "audio/pcma", "rate": 8000}, 800),
])
def test_output_audio_comes_in_the_session_format(simulator, audio_format, delta_bytes):
    sim = simulator("live")

    async def body():
        async with live_session(sim, audio_format) as live:
            started = await live.start({"audio": {"format": audio_format}})
            assert started["session"]["audio"]["format"] == audio_format
            odd = 1 if audio_format["type"] != "audio/pcm" else 0  # G.711 takes odd byte counts (one byte a sample)
            await live.append(live.silence_byte * (1000 * live.bytes_per_ms + odd))
            await live.settle()
            audio = [base64.b64decode(d) for d in live.audio()]
            assert len(audio) == 10
            assert all(chunk == live.silence_byte * delta_bytes for chunk in audio), "digital silence in the format"
            assert not live.errors()

    run(body())


def test_barge_in_silences_the_reply(simulator, tmp_path):
    long_reply = json.loads((SCENARIOS / "long-reply.json").read_text())["turns"][0]["reply"]
    short_reply = "Sure, I will stop."
    sim = simulator("live", "--scenario", scenario(tmp_path, "live-barge-in", [{"reply": long_reply}, {"reply": short_reply}]))

    async def body():
        async with live_session(sim) as live:
            await live.start()
            await live.append(silence(400) + speech(QUESTION))
            await live.wait(lambda: len(live.of(OUTPUT)) >= 4, "the long reply to be under way", feed_ms=20_000)
            barge = live.sent_ms
            interruption = len(live.events)
            await live.append(speech("Wait, stop please."))
            await live.wait(spoken(live, short_reply, interruption), "the answer to the interruption", feed_ms=20_000)
            await live.append(silence(1000))
            await live.settle()

            interrupting = live.of(INPUT, interruption)
            assert interrupting and interrupting[0]["start_ms"] >= barge - 200, "the interruption is heard"
            second_turn = live.events.index(interrupting[0])
            first, second = [], []
            for event in live.of(OUTPUT):
                (second if live.events.index(event) > second_turn else first).append(event)
            said = words("".join(e["delta"] for e in first))
            assert len(said.split()) >= 4 and long_reply.startswith(said) and said != long_reply, said
            assert max(e["start_ms"] for e in first) < barge + 700, "the reply's transcript stops"
            assert words("".join(e["delta"] for e in second)) == short_reply

            audio = live.audio()
            assert any(peak(d) > 500 for d in audio[barge // DELTA_MS - 5:barge // DELTA_MS]), "it was speaking"
            quiet = audio[(barge + 700) // DELTA_MS:second[0]["start_ms"] // DELTA_MS]
            assert len(quiet) >= 10 and all(peak(d) == 0 for d in quiet), "the output goes silent"
            assert any(peak(d) > 500 for d in audio[second[0]["start_ms"] // DELTA_MS:]), "the new turn is answered"

    run(body(), timeout=240)


def test_mute_and_unmute(simulator):
    sim = simulator("live")

    async def body():
        async with live_session(sim) as live:
            await live.start()
            await live.append(silence(200))
            await live.conn.session.input_audio.mute(event_id="evt_mute")
            muted = await live.answer("evt_mute")
            assert muted["type"] == "session.input_audio.muted"
            await live.append(silence(300) + speech(QUESTION) + silence(2000))
            await live.settle()
            assert not live.of(INPUT) and not live.of(OUTPUT), "muted speech is not heard"
            assert all(peak(d) == 0 for d in live.audio())

            await live.conn.session.input_audio.unmute(event_id="evt_unmute")
            unmuted = await live.answer("evt_unmute")
            assert unmuted["type"] == "session.input_audio.unmuted"
            unmuted_at = live.sent_ms
            await live.append(silence(300) + speech(QUESTION))
            await live.wait(lambda: DEFAULT_REPLY.fullmatch(live.text(OUTPUT)), "a reply after unmuting", feed_ms=20_000)
            assert live.of(INPUT)[0]["start_ms"] >= unmuted_at - 200
            assert not live.errors()

    run(body(), timeout=180)


def test_general_context_appends(simulator):
    """Appends with delegation_id null: acknowledged where the timeline places them; commentary is spoken word for
    word, instructions are not."""
    sim = simulator("live")
    commentary = "By the way, the build finished without errors."

    async def body():
        async with live_session(sim) as live:
            await live.start()
            await live.append(silence(500))
            placed = live.sent_ms
            await live.conn.session.instructions.append(content="Keep every answer short.", delegation_id=None,
                                                        event_id="evt_instructions")
            await live.conn.session.commentary.append(content=commentary, delegation_id=None, event_id="evt_commentary")
            for event_id, kind in (("evt_instructions", "session.instructions.appended"),
                                   ("evt_commentary", "session.commentary.appended")):
                ack = await live.answer(event_id)
                assert ack["type"] == kind
                assert ack["end_ms"] - ack["start_ms"] == 200
                assert placed - 200 <= ack["start_ms"] <= placed + 400, (placed, ack)
            await live.wait(spoken(live, commentary), "the commentary to be spoken", feed_ms=20_000)
            await live.append(silence(1000))
            await live.settle()
            assert live.text(OUTPUT) == commentary
            assert live.of(OUTPUT)[0]["start_ms"] >= placed
            assert not live.of(INPUT) and not live.errors()

    run(body(), timeout=120)


def test_client_delegation(simulator, tmp_path):
    user = "Is the staging server healthy?"
    sim = simulator("live", "--scenario", scenario(tmp_path, "live-client-delegation", [
        {"user_transcript": user, "tool_call": {"name": "check_staging", "arguments": {"env": "staging"}}}]))
    sim.invalid_client_events.update({"evt_item", "evt_create", "evt_empty", "evt_no_delegation"})
    commentary = "Staging is healthy and all twelve checks passed."
    thinking = "Checking the staging dashboards."

    async def body():
        async with live_session(sim) as live:
            await live.start()
            await live.append(silence(400) + speech(user))
            created = await live.next("session.delegation.created", feed_ms=10_000)
            delegation = created["delegation"]
            assert delegation["id"].startswith("item_")
            assert delegation["type"] == "delegation" and delegation["target"] == "client"
            assert delegation.get("response_id") is None
            assert live.text(INPUT) == user
            assert live.of(INPUT)[-1]["end_ms"] <= created["offset_ms"] <= live.sent_ms
            await live.wait(lambda: live.text(OUTPUT) == ACKNOWLEDGEMENT, "the acknowledgement", feed_ms=5_000)

            since = len(live.events)
            await live.conn.response.item.create(
                item={"type": "function_call_output", "call_id": "call_1", "output": "{}"}, event_id="evt_item")
            error = (await live.answer("evt_item", since))["error"]
            assert (error["type"], error["code"]) == ("invalid_request_error", "invalid_request")
            assert error["message"] == "response.item.create requires Responses delegation."
            await live.conn.response.create(event_id="evt_create")
            error = (await live.answer("evt_create", since))["error"]
            assert (error["type"], error["code"]) == ("invalid_request_error", "invalid_request")
            assert error["message"].endswith("requires Responses delegation.")
            await live.conn.session.commentary.append(content="", delegation_id=delegation["id"], event_id="evt_empty")
            assert (await live.answer("evt_empty", since))["type"] == "error"
            await live.conn.send({"type": "session.thinking.append", "content": thinking, "event_id": "evt_no_delegation"})
            error = (await live.answer("evt_no_delegation", since))["error"]
            assert error["code"] in ("missing_required_parameter", "invalid_value"), error

            placed = live.sent_ms
            await live.conn.session.thinking.append(content=thinking, delegation_id=delegation["id"], event_id="evt_thinking")
            await live.conn.session.commentary.append(content=commentary, delegation_id=delegation["id"],
                                                      event_id="evt_commentary")
            for event_id, kind in (("evt_thinking", "session.thinking.appended"), ("evt_commentary", "session.commentary.appended")):
                ack = await live.answer(event_id, since)
                assert ack["type"] == kind
                assert ack["end_ms"] - ack["start_ms"] == 200
                assert placed - 200 <= ack["start_ms"] <= placed + 400, (placed, ack)
            await live.wait(spoken(live, commentary), "the commentary to be spoken", feed_ms=20_000)
            await live.append(silence(1000))
            await live.settle()
            assert live.text(OUTPUT) == f"{ACKNOWLEDGEMENT} {commentary}", "the commentary word for word; thinking is silent"
            assert len(live.of("session.delegation.created")) == 1

    run(body(), timeout=180)


def test_responses_delegation(simulator):
    weather = json.loads((SCENARIOS / "weather-tool.json").read_text())["turns"][0]
    sim = simulator("live", "--scenario", str(SCENARIOS / "weather-tool.json"))
    backend = {"model": "gpt-5.6-luna", "tools": [WEATHER_TOOL]}

    async def body():
        async with live_session(sim) as live:
            started = await live.start({"delegation": {"type": "responses", "responses": backend}})
            assert started["session"]["delegation"]["type"] == "responses"
            assert started["session"]["delegation"]["responses"]["model"] == "gpt-5.6-luna"
            assert [t["name"] for t in started["session"]["delegation"]["responses"]["tools"]] == ["get_weather"]
            await live.append(silence(400) + speech(weather["user_transcript"]))
            created = await live.next("session.delegation.created", feed_ms=10_000)
            delegation = created["delegation"]
            assert delegation["target"] == "responses"
            assert isinstance(delegation.get("response_id"), str) and delegation["response_id"]

            def completed(count: int):
                return lambda: len([e for e in live.of("response.event") if e["event"]["type"] == "response.completed"]) >= count

            await live.wait(completed(1), "the backend's function call", feed_ms=10_000)
            call_events = live.of("response.event")
            assert all(e["delegation_id"] == delegation["id"] for e in call_events)
            nested = [e["event"] for e in call_events]
            assert [e["type"] for e in nested] == ["response.created", "response.output_item.added",
                                                   "response.output_item.done", "response.completed"]
            assert nested[0]["response"]["id"] == delegation["response_id"]
            call = nested[2]["item"]
            assert call["type"] == "function_call" and call["name"] == "get_weather"
            assert json.loads(call["arguments"]) == weather["tool_call"]["arguments"]
            assert nested[1]["item"]["call_id"] == call["call_id"]
            assert isinstance(nested[3]["response"].get("usage"), dict)

            since = len(live.events)
            await live.conn.response.create(event_id="evt_too_early")
            error = (await live.answer("evt_too_early", since))["error"]
            assert error["code"] == "invalid_value"

            since = len(live.events)
            await live.conn.response.item.create(
                item={"type": "function_call_output", "call_id": call["call_id"], "output": '{"temp_c": 21}'},
                event_id="evt_output")
            await live.conn.response.create(event_id="evt_continue")
            await live.wait(completed(2), "the backend's answer", feed_ms=10_000)
            answer = [e["event"] for e in live.of("response.event", since)]
            kinds = [e["type"] for e in answer]
            deltas = [e["delta"] for e in answer if e["type"] == "response.output_text.delta"]
            assert kinds == ["response.created", *["response.output_text.delta"] * len(deltas),
                             "response.output_text.done", "response.completed"], kinds
            assert len(deltas) == len(weather["reply"].split()), "one delta per word"
            assert words("".join(deltas)) == weather["reply"]
            assert answer[-2]["text"] == weather["reply"]
            assert not any(client_event_id(e) == "evt_output" for e in live.events), "response.item.create is not acknowledged"

            await live.wait(spoken(live, weather["reply"]), "the backend's answer to be spoken", feed_ms=20_000)
            assert live.text(OUTPUT) == f"{ACKNOWLEDGEMENT} {weather['reply']}"
            assert len(live.errors()) == 1

    run(body(), timeout=180)


def test_decisions_delegation(simulator, tmp_path):
    user = "Should I take an umbrella today?"
    sim = simulator("live", "--scenario", scenario(tmp_path, "live-decisions", [
        {"user_transcript": user, "tool_call": {"name": "decide", "arguments": {}}}]))
    questions = [
        {"type": "choice", "name": "intent", "instructions": "What does the user want?",
         "choices": [{"value": "weather"}, {"value": "news"}, {"value": "other"}]},
        {"type": "predicate", "name": "urgent", "instructions": "Is the request urgent?"},
        {"type": "score", "name": "politeness", "instructions": "How polite is the user?",
         "levels": [{"label": "rude"}, {"label": "neutral"}, {"label": "polite"}]},
    ]

    def check_answers(decision: dict) -> None:
        assert decision["model"] == "gpt-5.6-luna"
        answers = decision["answers"]
        assert [a["type"] for a in answers] == ["choice", "predicate", "score"]
        for answer, question in zip(answers, questions):
            assert answer.get("name") in (None, question["name"])
        assert answers[0]["choice"] == "weather"
        assert answers[1]["probability"] == pytest.approx(0.9)
        top = max(answers[2]["probabilities"], key=lambda p: p["probability"])
        assert top["label"] == "neutral"
        assert decision["usage"]["total_tokens"] == decision["usage"]["input_tokens"] + decision["usage"]["output_tokens"]

    async def body():
        async with live_session(sim) as live:
            started = await live.start({"delegation": {"type": "decisions",
                                                       "decisions": {"model": "gpt-5.6-luna", "questions": questions}}})
            assert [q["name"] for q in started["session"]["delegation"]["decisions"]["questions"]] == ["intent", "urgent", "politeness"]
            await live.append(silence(400) + speech(user))
            created = await live.next("session.delegation.created", feed_ms=10_000)
            assert created["delegation"]["target"] == "decisions"
            decided = await live.next("decision.event", feed_ms=10_000)
            assert decided["delegation_id"] == created["delegation"]["id"]
            assert decided["event"]["type"] == "decision.completed"
            check_answers(decided["event"]["decision"])
            await live.wait(spoken(live, "The decision is in."), "the decision to be spoken", feed_ms=20_000)
            assert live.text(OUTPUT) == f"{ACKNOWLEDGEMENT} The decision is in."

            since = len(live.events)
            await live.conn.decision.create(event_id="evt_decide")
            direct = await live.next("decision.event", since, feed_ms=2_000)
            assert direct.get("delegation_id") is None
            check_answers(direct["event"]["decision"])
            await live.conn.decision.item.create(
                item={"type": "message", "role": "user", "content": "I prefer Celsius."}, event_id="evt_item")
            item = await live.answer("evt_item", since)
            assert item["type"] == "decision.item.created"
            assert item["item"]["role"] == "user" and item["item"]["content"] == "I prefer Celsius."
            await live.conn.decision.item.delete(item_id=item["item"]["id"], event_id="evt_delete")
            deleted = await live.answer("evt_delete", since)
            assert deleted["type"] == "decision.item.deleted" and deleted["item_id"] == item["item"]["id"]
            assert not live.errors()

    run(body(), timeout=180)


def test_session_update(simulator):
    sim = simulator("live")
    sim.invalid_client_events.update({"evt_type", "evt_instructions", "evt_store", "evt_voice"})

    async def body():
        async with live_session(sim) as live:
            started = (await live.start({"delegation": {"type": "responses", "responses": {
                "model": "gpt-5.6-luna", "tools": [WEATHER_TOOL]}}}))["session"]
            await live.conn.session.update(session={"delegation": {"type": "responses", "responses": {
                "model": "gpt-5.6-luna", "instructions": "Answer in one sentence.", "tools": [WEATHER_TOOL, TIME_TOOL]}}},
                event_id="evt_update")
            updated = await live.answer("evt_update")
            assert updated["type"] == "session.updated"
            session = updated["session"]
            assert (session["id"], session["model"], session["expires_at"]) == (started["id"], started["model"], started["expires_at"])
            responses = session["delegation"]["responses"]
            assert session["delegation"]["type"] == "responses"
            assert responses["instructions"] == "Answer in one sentence."
            assert [t["name"] for t in responses["tools"]] == ["get_weather", "get_time"]

            await live.conn.session.update(session={"delegation": {"type": "responses", "acknowledgement_delay_ms": 250}},
                                           event_id="evt_delay")
            session = (await live.answer("evt_delay"))["session"]
            assert session["delegation"]["acknowledgement_delay_ms"] == 250
            assert session["delegation"]["responses"]["instructions"] == "Answer in one sentence."
            await live.conn.session.update(session={"triggers": []}, event_id="evt_triggers")
            assert (await live.answer("evt_triggers"))["type"] == "session.updated"

            refused = {
                "evt_type": ({"delegation": {"type": "client"}}, "immutable_field_update", "session.delegation.type"),
                "evt_instructions": ({"instructions": "Be loud."}, "immutable_field_update", "session.instructions"),
                "evt_store": ({"store": True}, "immutable_field_update", "session.store"),
                "evt_voice": ({"voice": "cedar"}, "unknown_parameter", "session.voice"),
            }
            for event_id, (change, code, param) in refused.items():
                await live.conn.send({"type": "session.update", "session": change, "event_id": event_id})
                error = await live.answer(event_id)
                assert error["type"] == "error", (event_id, error)
                assert (error["error"]["code"], error["error"]["param"]) == (code, param), (event_id, error)

            await live.conn.session.update(session={"delegation": {"type": "responses"}}, event_id="evt_after")
            session = (await live.answer("evt_after"))["session"]
            assert (session.get("instructions"), session.get("store")) == (started.get("instructions"), started.get("store"))
            assert session["delegation"]["type"] == "responses"
            assert len(live.of("session.updated")) == 4

    run(body(), timeout=120)


def test_usage_updates_and_close(simulator, tmp_path):
    sim = simulator("live", "--scenario", scenario(tmp_path, "live-usage", [{"reply": "Fine."}], usage_interval_ms=300))

    async def body():
        async with live_session(sim) as live:
            started = (await live.start())["session"]
            await live.append(silence(2500))
            await live.wait(lambda: any(e["usage"]["seconds"] == 2 for e in live.of("session.usage.updated")),
                            "usage of 2 seconds")
            idle = len(live.events)
            await asyncio.sleep(1.5)  # the timeline stands still, the updates go on
            while_idle = live.of("session.usage.updated", idle)
            assert while_idle and all(e["usage"]["seconds"] == 2 for e in while_idle)
            await live.append(silence(1000))
            await live.wait(lambda: any(e["usage"]["seconds"] == 3 for e in live.of("session.usage.updated")),
                            "usage of 3 seconds")
            usage = live.of("session.usage.updated")
            seconds = [e["usage"]["seconds"] for e in usage]
            assert seconds == sorted(seconds) and seconds[-1] == 3, seconds
            assert all(0 <= e["context_window"]["usage_ratio"] <= 1 for e in usage)

            closing = len(live.events)
            await live.conn.session.instructions.append(content="The user's name is Ada.", delegation_id=None,
                                                        event_id="evt_pending")
            await live.conn.session.close(event_id="evt_close")
            closed = await live.next("session.closed", closing, errors_fail=False)
            incomplete = live.errors(closing)
            assert [e["error"]["code"] for e in incomplete] == ["context_injection_incomplete"]
            assert client_event_id(incomplete[0]) == "evt_pending"
            assert live.events.index(incomplete[0]) < live.events.index(closed)
            assert not live.of("session.instructions.appended")
            assert closed["reason"] == "close_requested"
            assert closed["usage"]["seconds"] == 3
            assert closed["session"]["id"] == started["id"] and closed["session"]["status"] == "active"
            await live.wait(lambda: live.closed, "the socket to close")
            assert live.closed.rcvd.code == 1000
            assert live.events[-1] is closed

    run(body(), timeout=120)


def test_expiry(simulator):
    sim = simulator("live", "--max-session-minutes", "0.05")

    async def body():
        async with live_session(sim) as live:
            before = time.time()
            started = (await live.start())["session"]
            assert before - 1 <= started["expires_at"] <= time.time() + 5
            await live.append(silence(500))
            closed = await live.next("session.closed", timeout=30)
            assert closed["reason"] == "expired"
            assert closed["session"]["id"] == started["id"]
            assert closed["usage"]["seconds"] == 0
            await live.wait(lambda: live.closed, "the socket to close")
            assert live.closed.rcvd.code == 1000
            assert live.events[-1] is closed

    run(body())
