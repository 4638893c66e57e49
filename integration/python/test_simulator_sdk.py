"""The simulator against the official openai SDK (GA and beta clients), every frame checked by the conformance checker (rtconformance.py)."""
from __future__ import annotations

import json

import pytest

from conftest import (
    SCENARIOS, append_audio, next_event, read_until, run, silence, speech, without_deltas,
)

DIALECTS = ["ga", "beta"]
QUESTION = "Hello, could you tell me what the weather is like today?"


def names(dialect: str) -> dict[str, str]:
    """Event names that differ between the dialects."""
    ga = dialect == "ga"
    return {
        "audio_delta": "response.output_audio.delta" if ga else "response.audio.delta",
        "audio_done": "response.output_audio.done" if ga else "response.audio.done",
        "transcript_done": "response.output_audio_transcript.done" if ga else "response.audio_transcript.done",
        "text_delta": "response.output_text.delta" if ga else "response.text.delta",
        "text_done": "response.output_text.done" if ga else "response.text.done",
    }


def user_item_events(dialect: str) -> list[str]:
    return ["conversation.item.added", "conversation.item.done"] if dialect == "ga" else ["conversation.item.created"]


def assistant_item_added(dialect: str) -> str:
    return "conversation.item.added" if dialect == "ga" else "conversation.item.created"


def manual_turns(dialect: str) -> dict:
    if dialect == "ga":
        return {"type": "realtime", "audio": {"input": {"turn_detection": None}}}
    return {"turn_detection": None}


def audio_reply_tail(dialect: str) -> list[str]:
    n = names(dialect)
    tail = [n["audio_done"], n["transcript_done"], "response.content_part.done", "response.output_item.done"]
    if dialect == "ga":
        tail.append("conversation.item.done")
    return tail + ["response.done"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_vad_voice_turn(simulator, dialect):
    sim = simulator(dialect)
    n = names(dialect)

    async def body():
        async with sim.connect() as conn:
            assert (await next_event(conn))["type"] == "session.created"
            await append_audio(conn, silence(400) + speech(QUESTION) + silence(1000))
            events = await read_until(conn, "response.done")
        order = without_deltas(events)
        expected_start = ["input_audio_buffer.speech_started", "input_audio_buffer.speech_stopped", "input_audio_buffer.committed",
                          *user_item_events(dialect), "response.created", "response.output_item.added", assistant_item_added(dialect),
                          "response.content_part.added"]
        if dialect == "beta":
            order = [t for t in order if t != "conversation.created"]
        assert order[:len(expected_start)] == expected_start
        assert order[len(expected_start):] == audio_reply_tail(dialect)
        started = next(e for e in events if e["type"] == "input_audio_buffer.speech_started")
        stopped = next(e for e in events if e["type"] == "input_audio_buffer.speech_stopped")
        assert 0 <= started["audio_start_ms"] <= 400
        assert stopped["audio_end_ms"] > started["audio_start_ms"] + 1500
        assert started["item_id"] == stopped["item_id"]
        assert sum(1 for e in events if e["type"] == n["audio_delta"]) > 5
        done = events[-1]["response"]
        assert done["status"] == "completed"
        assert done["usage"]["output_token_details"]["audio_tokens"] > 0
        transcript = next(e for e in events if e["type"] == n["transcript_done"])["transcript"]
        assert transcript.startswith("I heard ") and transcript.endswith("This is the rtconsole simulator.")

    run(body())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_text_turn(simulator, dialect):
    sim = simulator(dialect)
    n = names(dialect)

    async def body():
        async with sim.connect() as conn:
            await next_event(conn)
            if dialect == "ga":
                await conn.session.update(session={"type": "realtime", "output_modalities": ["text"]})
            else:
                await conn.session.update(session={"modalities": ["text"]})
            await read_until(conn, "session.updated")
            await conn.conversation.item.create(item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello there"}]})
            await conn.response.create(response={"metadata": {"turn": "1"}})
            events = await read_until(conn, "response.done")
        order = without_deltas(events)
        assert order == [*user_item_events(dialect), "response.created", "response.output_item.added", assistant_item_added(dialect),
                         "response.content_part.added", n["text_done"], "response.content_part.done", "response.output_item.done",
                         *(["conversation.item.done"] if dialect == "ga" else []), "response.done"]
        deltas = "".join(e["delta"] for e in events if e["type"] == n["text_delta"])
        assert deltas == "You said: Hello there. This is the rtconsole simulator."
        assert next(e for e in events if e["type"] == n["text_done"])["text"] == deltas
        assert events[-1]["response"]["metadata"] == {"turn": "1"}
        assert events[-1]["response"]["usage"]["output_tokens"] > 0

    run(body())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_barge_in_and_truncate(simulator, dialect):
    sim = simulator(dialect, "--scenario", str(SCENARIOS / "long-reply.json"), "--pace", "1")
    n = names(dialect)

    async def body():
        async with sim.connect() as conn:
            await next_event(conn)
            await conn.response.create()
            before = await read_until(conn, n["audio_delta"])
            for _ in range(4):  # let half a second of the reply go out (pace 1) before interrupting
                before += await read_until(conn, n["audio_delta"])
            item_id = next(e for e in before if e["type"] == "response.output_item.added")["item"]["id"]
            await append_audio(conn, silence(200) + speech("Wait, stop please."))
            events = await read_until(conn, "response.done")
            order = without_deltas(events)
            assert order[order.index("input_audio_buffer.speech_started"):] == ["input_audio_buffer.speech_started", *audio_reply_tail(dialect)]
            done = events[-1]["response"]
            assert done["status"] == "cancelled"
            assert done["status_details"]["reason"] == "turn_detected"
            assert done["output"][0]["status"] == "incomplete"
            partial = next(e for e in events if e["type"] == n["transcript_done"])["transcript"]
            reply = json.loads((SCENARIOS / "long-reply.json").read_text())["turns"][0]["reply"]
            assert partial and reply.startswith(partial) and partial != reply
            await conn.conversation.item.truncate(item_id=item_id, content_index=0, audio_end_ms=300)
            truncated = (await read_until(conn, "conversation.item.truncated"))[-1]
            assert truncated["item_id"] == item_id and truncated["audio_end_ms"] == 300
            await conn.conversation.item.retrieve(item_id=item_id)
            item = (await read_until(conn, "conversation.item.retrieved"))[-1]["item"]
            content = item["content"][0]
            assert reply.startswith(content["transcript"]) and len(content["transcript"]) < len(partial)
            assert len(content["audio"]) == (300 * 48 + 2) // 3 * 4

    run(body())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_push_to_talk_turn(simulator, dialect):
    sim = simulator(dialect)
    n = names(dialect)

    async def body():
        async with sim.connect() as conn:
            await next_event(conn)
            await conn.session.update(session=manual_turns(dialect))
            updated = (await read_until(conn, "session.updated"))[-1]
            detection = updated["session"]["audio"]["input"]["turn_detection"] if dialect == "ga" else updated["session"]["turn_detection"]
            assert detection is None
            await conn.input_audio_buffer.clear()
            await read_until(conn, "input_audio_buffer.cleared")
            await append_audio(conn, speech(QUESTION))
            await conn.input_audio_buffer.commit()
            committed = await read_until(conn, user_item_events(dialect)[-1])
            assert without_deltas(committed) == ["input_audio_buffer.committed", *user_item_events(dialect)]
            await conn.response.create()
            events = await read_until(conn, "response.done")
        assert not any(e["type"].startswith("input_audio_buffer.speech") for e in committed + events)
        assert without_deltas(events)[0] == "response.created"
        assert without_deltas(events)[-len(audio_reply_tail(dialect)):] == audio_reply_tail(dialect)
        assert any(e["type"] == n["audio_delta"] for e in events)
        assert events[-1]["response"]["status"] == "completed"

    run(body())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_validation_errors(simulator, dialect):
    sim = simulator(dialect)

    async def body():
        async with sim.connect() as conn:
            created = (await next_event(conn))["session"]
            if dialect == "ga":
                sim.invalid_client_events.update({"evt_temperature", "evt_no_type"})
                await conn.session.update(session={"type": "realtime", "temperature": 0.9, "instructions": "changed"}, event_id="evt_temperature")
                error = (await read_until(conn, "error"))[-1]["error"]
                assert error["code"] == "unknown_parameter"
                assert error["param"] == "session.temperature"
                assert error["message"] == "Unknown parameter: 'session.temperature'."
                assert error["event_id"] == "evt_temperature"
                await conn.session.update(session={"instructions": "changed"}, event_id="evt_no_type")
                error = (await read_until(conn, "error"))[-1]["error"]
                assert error["code"] == "missing_required_parameter"
                assert error["param"] == "session.type"
                assert error["event_id"] == "evt_no_type"
                await conn.session.update(session={"type": "realtime"})
            else:
                sim.invalid_client_events.add("evt_temperature")
                await conn.session.update(session={"temperature": 0.3, "instructions": "changed"}, event_id="evt_temperature")
                error = (await read_until(conn, "error"))[-1]["error"]
                assert error["code"] == "invalid_value"
                assert error["param"] == "session.temperature"
                assert error["event_id"] == "evt_temperature"
                await conn.session.update(session={})
            updated = (await read_until(conn, "session.updated"))[-1]["session"]
            assert updated["instructions"] == created["instructions"], "a refused update must change nothing"
            await conn.input_audio_buffer.commit(event_id="evt_commit")
            error = (await read_until(conn, "error"))[-1]["error"]
            assert error["code"] == "input_audio_buffer_commit_empty"
            assert error["event_id"] == "evt_commit"
            await conn.response.cancel(event_id="evt_cancel")
            error = (await read_until(conn, "error"))[-1]["error"]
            assert error["code"] == "response_cancel_not_active"
            assert error["event_id"] == "evt_cancel"

    run(body())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_function_call_scenario(simulator, dialect):
    sim = simulator(dialect, "--scenario", str(SCENARIOS / "weather-tool.json"), "--pace", "50")
    n = names(dialect)

    async def body():
        async with sim.connect() as conn:
            await next_event(conn)
            await conn.conversation.item.create(item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather in Paris?"}]})
            await conn.response.create()
            call = await read_until(conn, "response.done")
            done = next(e for e in call if e["type"] == "response.function_call_arguments.done")
            assert done["arguments"] == '{"city":"Paris","unit":"celsius"}'
            assert events_of(call, "response.output_item.added")[0]["item"]["type"] == "function_call"
            await conn.conversation.item.create(item={"type": "function_call_output", "call_id": done["call_id"], "output": '{"temp_c": 21}'})
            await conn.response.create()
            reply = await read_until(conn, "response.done")
            transcript = next(e for e in reply if e["type"] == n["transcript_done"])["transcript"]
            assert transcript.startswith("It is sunny in Paris")

    run(body())


def events_of(events: list[dict], event_type: str) -> list[dict]:
    return [e for e in events if e["type"] == event_type]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_session_expiry_closes_with_1001(simulator, dialect):
    sim = simulator(dialect, "--max-session-minutes", "0.02")

    async def body():
        async with sim.connect() as conn:
            await next_event(conn)
            error = (await read_until(conn, "error", timeout=10))[-1]["error"]
            assert error["code"] == "session_expired"
            assert error["message"] == "Your session hit the maximum duration of 1.2 seconds."
            from websockets.exceptions import ConnectionClosed

            with pytest.raises(ConnectionClosed) as closed:
                await next_event(conn, timeout=10)
            assert closed.value.rcvd.code == 1001
            assert closed.value.rcvd.reason == error["message"]

    run(body())


def test_url_forms_and_api_keys(simulator):
    """OpenAI and Azure GA paths, the Azure preview path (always beta), `api-key` header and query, and the
    HTTP errors for a wrong key and a wrong path."""
    import websockets
    from openai import AsyncOpenAI

    key = "sk-simulator-key"
    ga = simulator("ga", "--require-key", key)
    beta = simulator("ga", "--require-key", key)
    beta.dialect = "beta"  # the Azure preview path speaks beta whatever --dialect says
    root = ga.url.removesuffix("/v1")

    async def body():
        azure_ga = AsyncOpenAI(api_key=key, websocket_base_url=root + "/openai/v1")
        async with azure_ga.realtime.connect(model="my-deployment") as conn:
            created = await next_event(conn)
            assert created["session"]["type"] == "realtime" and created["session"]["model"] == "my-deployment"
        preview = beta.url.removesuffix("/v1") + "/openai/realtime?api-version=2025-04-01-preview&deployment=my-deployment"
        async with websockets.connect(preview, additional_headers={"api-key": key}, max_size=None) as ws:
            created = json.loads(await ws.recv())
            assert created["type"] == "session.created" and created["session"]["modalities"] == ["audio", "text"]
            assert json.loads(await ws.recv())["type"] == "conversation.created"
        async with websockets.connect(ga.url + f"/realtime?model=gpt-realtime&api-key={key}", max_size=None) as ws:
            assert json.loads(await ws.recv())["type"] == "session.created"
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(ga.url + "/realtime?model=gpt-realtime", additional_headers={"Authorization": "Bearer sk-wrong-key"}):
                pass
        assert refused.value.response.status_code == 401
        assert json.loads(bytes(refused.value.response.body))["error"]["code"] == "invalid_api_key"
        with pytest.raises(websockets.exceptions.InvalidStatus) as missing:
            async with websockets.connect(root + "/v2/realtime", additional_headers={"Authorization": f"Bearer {key}"}):
                pass
        assert missing.value.response.status_code == 404
        assert json.loads(bytes(missing.value.response.body))["error"]["message"] == "Invalid URL (GET /v2/realtime)"

    run(body())


def test_a_reasoning_model_speaks_a_preamble_item_then_the_answer(simulator):
    """gpt-realtime-2.x: two audio items in one response, the first closed after the second's first delta."""
    from openai.types.realtime import ResponseDoneEvent

    sim = simulator("ga")

    async def body():
        async with sim.connect(model="gpt-realtime-2.1") as conn:
            created = await next_event(conn)
            assert created["type"] == "session.created"
            assert created["session"]["reasoning"] == {"effort": "low"}
            await conn.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": QUESTION}]})
            await conn.response.create()
            events = await read_until(conn, "response.done")
        added = [e for e in events if e["type"] == "response.output_item.added"]
        assert [e["output_index"] for e in added] == [0, 1]
        preamble, answer = (e["item"]["id"] for e in added)
        seen = [(e["type"], e.get("item_id")) for e in events]
        assert seen.index(("response.output_audio.delta", answer)) < seen.index(("response.output_audio.done", preamble))
        transcripts = {e["item_id"]: e["transcript"] for e in events if e["type"] == "response.output_audio_transcript.done"}
        assert transcripts[preamble] == "Let me think."
        assert transcripts[answer].endswith("This is the rtconsole simulator.")
        done = ResponseDoneEvent.model_validate(events[-1])
        assert [item.id for item in done.response.output] == [preamble, answer]

    run(body())


def test_a_reasoning_model_at_minimal_effort_answers_in_one_item(simulator):
    sim = simulator("ga")

    async def body():
        async with sim.connect(model="gpt-realtime-2.1-mini") as conn:
            await next_event(conn)
            await conn.session.update(session={"type": "realtime", "reasoning": {"effort": "minimal"}})
            updated = await read_until(conn, "session.updated")
            assert updated[-1]["session"]["reasoning"] == {"effort": "minimal"}
            await conn.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": QUESTION}]})
            await conn.response.create()
            events = await read_until(conn, "response.done")
        assert [e["output_index"] for e in events if e["type"] == "response.output_item.added"] == [0]

    run(body())


def test_a_reasoning_model_says_a_preamble_before_a_tool_call(simulator):
    sim = simulator("ga", "--scenario", str(SCENARIOS / "weather-tool.json"))

    async def body():
        async with sim.connect(model="gpt-realtime-2") as conn:
            await next_event(conn)
            await conn.conversation.item.create(
                item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "What is the weather in Paris?"}]})
            await conn.response.create()
            events = await read_until(conn, "response.done")
        items = [e["item"] for e in events if e["type"] == "response.output_item.added"]
        assert [item["type"] for item in items] == ["message", "function_call"]
        call = next(e for e in events if e["type"] == "response.function_call_arguments.done")
        assert call["output_index"] == 1
        done = events[-1]["response"]
        assert [item["type"] for item in done["output"]] == ["message", "function_call"]

    run(body())


def test_a_model_that_does_not_reason_refuses_reasoning(simulator):
    sim = simulator("ga")

    async def body():
        async with sim.connect(model="gpt-realtime-1.5") as conn:
            created = await next_event(conn)
            assert "reasoning" not in created["session"]
            await conn.session.update(session={"type": "realtime", "reasoning": {"effort": "high"}}, event_id="evt_reasoning")
            error = await next_event(conn)
        assert error["type"] == "error"
        assert error["error"]["code"] == "unsupported_parameter"
        assert error["error"]["param"] == "session.reasoning"
        assert error["error"]["event_id"] == "evt_reasoning"

    run(body())


def test_a_gpt_live_model_is_refused_on_the_realtime_route(simulator):
    sim = simulator("ga")

    async def body():
        async with sim.connect(model="gpt-live-1") as conn:
            error = await next_event(conn)
            assert error["type"] == "error"
            assert error["error"]["code"] == "invalid_model"
            assert "/v1/live/sessions" in error["error"]["message"]
            with pytest.raises(Exception):
                await next_event(conn, timeout=5)

    run(body())
