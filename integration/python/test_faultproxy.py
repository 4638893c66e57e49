"""The fault proxy (faultproxy.py) on its own, against a small TCP echo server and a websockets server:
each mode does what it says, triggers fire where they say, and nothing is compressed. The fault matrix
(test_fault_matrix.py) relies on all of it."""
from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from conftest import run
from faultproxy import AsyncFaultProxy, Fault, FaultProxy, Trigger


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def echo_server():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def round_trip(reader, writer, data: bytes, timeout: float = 5) -> float:
    started = time.monotonic()
    writer.write(data)
    await writer.drain()
    await asyncio.wait_for(reader.readexactly(len(data)), timeout)
    return time.monotonic() - started


def test_freeze_holds_both_directions_then_resumes():
    async def body():
        server, port = await echo_server()
        async with server, AsyncFaultProxy(port) as proxy:
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            assert await round_trip(reader, writer, b"before") < 0.3
            proxy.arm(Fault("freeze", Trigger.now(), seconds=0.6))
            elapsed = await round_trip(reader, writer, b"during")
            assert 0.5 < elapsed < 2
            assert await round_trip(reader, writer, b"after") < 0.3  # same connection, healthy again
            assert proxy.connections == 1
            writer.close()

    run(body(), 15)


@pytest.mark.parametrize("mode", ["drop", "reset"])
def test_drop_and_reset_end_the_connection_and_the_next_one_is_healthy(mode):
    async def body():
        server, port = await echo_server()
        async with server, AsyncFaultProxy(port) as proxy:
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            await round_trip(reader, writer, b"hello")
            proxy.arm(Fault(mode, Trigger.now()))
            if mode == "drop":
                assert await asyncio.wait_for(reader.read(10), 2) == b""  # FIN: a clean end of stream
            else:
                with pytest.raises(ConnectionResetError):
                    await asyncio.wait_for(reader.read(10), 2)
                    writer.write(b"x")  # an RST may show only on the next read or write
                    await writer.drain()
                    await asyncio.wait_for(reader.read(10), 2)
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            assert await round_trip(reader, writer, b"again") < 0.3
            assert proxy.connections == 2
            writer.close()

    run(body(), 15)


def test_slow_and_delay():
    async def body():
        server, port = await echo_server()
        async with server, AsyncFaultProxy(port) as proxy:
            proxy.arm(Fault("slow", Trigger.connect(), rate=100_000))
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            elapsed = await round_trip(reader, writer, bytes(40_000))
            assert 0.35 < elapsed < 2  # 40 kB at 100 kB/s (the way back overlaps the way there)
            writer.close()
            proxy.arm(Fault("delay", Trigger.connect(), delay_ms=150, persistent=True))
            for _ in range(2):  # persistent: every new connection
                reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
                assert 0.28 < await round_trip(reader, writer, b"ping") < 1.5
                writer.write(b"1")
                writer.write(b"2")  # order kept under delay
                await writer.drain()
                await asyncio.sleep(0.05)
                writer.write(b"3")
                assert await asyncio.wait_for(reader.readexactly(3), 3) == b"123"
                writer.close()

    run(body(), 20)


def test_blackhole_accepts_and_never_answers():
    async def body():
        server, port = await echo_server()
        async with server, AsyncFaultProxy(port) as proxy:
            proxy.arm(Fault("blackhole", Trigger.connect()))
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
            writer.write(b"anyone there?")
            await writer.drain()
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(reader.read(10), 0.5)
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)  # one connection only
            assert await round_trip(reader, writer, b"hello") < 0.3
            assert proxy.connections == 2
            writer.close()

    run(body(), 15)


async def numbers(websocket) -> None:
    """Sends {"n": 0} … {"n": 9}, then echoes what the client sends."""
    for n in range(10):
        await websocket.send(json.dumps({"n": n}))
    async for message in websocket:
        await websocket.send(message)


def test_a_match_in_server_frames_fires_before_the_frame_that_holds_it():
    async def body():
        async with serve(numbers, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with AsyncFaultProxy(port) as proxy:
                proxy.arm(Fault("drop", Trigger.match('"n": 3', count=1)))
                proxy.arm(Fault("drop", Trigger.match("echo me", count=2, direction="client")))
                got = []
                with pytest.raises(ConnectionClosed):
                    async with connect(f"ws://127.0.0.1:{proxy.port}") as websocket:
                        assert websocket.protocol.extensions == []  # the deflate offer was taken out
                        async for message in websocket:
                            got.append(json.loads(message)["n"])
                assert got == [0, 1, 2]
                # The second connection: the client's second "echo me" (masked on the wire) ends it.
                got = []
                with pytest.raises(ConnectionClosed):
                    async with connect(f"ws://127.0.0.1:{proxy.port}") as websocket:
                        for _ in range(10):
                            await websocket.recv()
                        for k in range(3):
                            await websocket.send(f"echo me {k}")
                            got.append(await asyncio.wait_for(websocket.recv(), 2))
                assert got == ["echo me 0"]
                assert proxy.connections == 2
                assert [f.trigger.direction for f in proxy.fired] == ["server", "client"]

    run(body(), 15)


def test_the_threaded_proxy_for_synchronous_tests():
    async def serve_briefly(done: asyncio.Event) -> None:
        async with serve(numbers, "127.0.0.1", 0) as server:
            port_box.append(server.sockets[0].getsockname()[1])
            await done.wait()

    import threading

    port_box: list[int] = []
    loop = asyncio.new_event_loop()
    done = asyncio.Event()
    thread = threading.Thread(target=loop.run_until_complete, args=(serve_briefly(done),))
    thread.start()
    deadline = time.monotonic() + 5
    while not port_box and time.monotonic() < deadline:
        time.sleep(0.01)
    with FaultProxy(port_box[0]) as proxy:
        fault = proxy.arm(Fault("drop", Trigger.match('"n": 7')))

        async def client() -> list[int]:
            got = []
            try:
                async with connect(proxy.url.removesuffix("/v1")) as websocket:
                    async for message in websocket:
                        got.append(json.loads(message)["n"])
            except ConnectionClosed:
                pass
            return got

        assert asyncio.run(client()) == list(range(7))
        assert proxy.wait_until(lambda p: fault.fired, 2)
        assert "fired" in proxy.log()
    loop.call_soon_threadsafe(done.set)
    thread.join(5)
