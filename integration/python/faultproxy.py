"""A TCP proxy that puts network faults between a WebSocket client and its server, for tests.

    proxy = FaultProxy(upstream_port)              # listens on 127.0.0.1:<free port>, forwards to the upstream
    proxy.start()                                  # serves from a thread of its own (or `async with AsyncFaultProxy`)
    proxy.arm(Fault("drop", Trigger.match(b'"type":"response.output_audio.delta"', count=5)))
    ...                                            # point the client at ws://127.0.0.1:{proxy.port}/v1
    proxy.connections                              # how many connections the client opened
    proxy.close()

Modes:

| mode | effect |
|---|---|
| `pass` | nothing: bytes flow both ways as they come (what every connection gets unless a fault says otherwise) |
| `freeze` | nothing is forwarded in either direction for `seconds`, the sockets stay open, then everything held goes on in order |
| `drop` | both sides are closed cleanly (FIN), without a WebSocket close frame |
| `reset` | both sides are reset (RST: SO_LINGER 0, then close) |
| `slow` | each direction is throttled to `rate` bytes a second |
| `delay` | each direction is delayed by `delay_ms`, order kept |
| `blackhole` | a new connection is accepted, then nothing is forwarded or answered; the client's bytes are read and dropped |

A fault waits for its trigger:

- `Trigger.now()`: at once, on the newest open connection (or, when none is open, on the next one);
- `Trigger.connect(number=None)`: when the next connection (or the connection with that ordinal, from 1) is accepted;
- `Trigger.match(pattern, count=1, direction="server", before=True)`: when `pattern` has been seen `count`
  times in the messages of one direction, counted from when the fault was armed, across connections. The
  proxy cuts each direction into the HTTP upgrade and then whole WebSocket frames; client frames are
  unmasked before matching, so JSON such as `"type":"conversation.item.create"` is seen in both directions.
  The fault is applied just before the frame that holds the `count`-th occurrence is forwarded (that frame
  is then the first one a drop or reset loses), or with `before=False` just after it.

A fault applies once, to the connection it fired on: the client's next connection goes through a healthy
proxy. `slow`, `delay` and `blackhole` may be made persistent (`persistent=True`): they then also apply to
every later connection until `disarm()`. A blackhole fault with a `now` or `connect` trigger applies to new
connections: `connections` says how many (default: one; with `persistent=True` all of them); with a match
trigger, the connection it fires on goes silent for good.

Compression: triggers need to see the JSON, so the proxy removes `Sec-WebSocket-Extensions` from the
client's upgrade request (no permessage-deflate can be negotiated; `rtconsole sim` negotiates none anyway).
When a server negotiates an extension all the same, or a frame has RSV1 set, an event says so and such
frames are never matched. A connection that does not start with an HTTP upgrade (plain TCP) is passed on
as it comes, and a match then looks at each chunk as read.

Everything the proxy does is in `events` (time, connection number, what), for a test's failure message.

Run as a program it is a manual fault injector:

    python faultproxy.py --upstream 127.0.0.1:8765 --port 9000 --mode drop \\
        --match '"type":"response.output_audio.delta"' --count 5
"""
from __future__ import annotations

import argparse
import asyncio
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

MODES = ("pass", "freeze", "drop", "reset", "slow", "delay", "blackhole")
SERVER, CLIENT = "server", "client"  # a direction: the data the server sends, or the data the client sends

#: How much of a direction is written at a time when it is throttled (so `slow` is smooth, not bursty).
SLOW_PIECE = 1024


@dataclass(frozen=True)
class Trigger:
    """When an armed fault fires."""

    kind: str  # "now", "connect" or "match"
    pattern: bytes = b""
    count: int = 1
    direction: str = SERVER
    before: bool = True
    number: int | None = None

    @classmethod
    def now(cls) -> "Trigger":
        return cls("now")

    @classmethod
    def connect(cls, number: int | None = None) -> "Trigger":
        return cls("connect", number=number)

    @classmethod
    def match(cls, pattern: bytes | str, count: int = 1, direction: str = SERVER, before: bool = True) -> "Trigger":
        if isinstance(pattern, str):
            pattern = pattern.encode()
        if not pattern or count < 1 or direction not in (SERVER, CLIENT):
            raise ValueError(f"bad match trigger: {pattern!r} × {count} in {direction}")
        return cls("match", pattern=pattern, count=count, direction=direction, before=before)

    def describe(self) -> str:
        if self.kind == "match":
            where = "before" if self.before else "after"
            return f"{where} {self.direction} data holding {self.pattern.decode(errors='replace')} (#{self.count})"
        if self.kind == "connect":
            return f"at connection {self.number}" if self.number else "at the next connection"
        return "now"


@dataclass
class Fault:
    """A fault and its trigger. `seconds` is for freeze, `rate` (bytes a second) for slow, `delay_ms` for delay."""

    mode: str
    trigger: Trigger = field(default_factory=Trigger.now)
    seconds: float = 0.0
    rate: int = 0
    delay_ms: int = 0
    persistent: bool = False
    connections: int | None = None  # blackhole: how many new connections (None: one, or all when persistent)
    #: Set by the proxy: occurrences seen so far (match triggers), and whether it fired.
    seen: int = 0
    fired: bool = False

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; one of {', '.join(MODES)}")
        if self.mode == "freeze" and self.seconds <= 0:
            raise ValueError("freeze needs seconds > 0")
        if self.mode == "slow" and self.rate <= 0:
            raise ValueError("slow needs a rate in bytes a second")
        if self.mode == "delay" and self.delay_ms <= 0:
            raise ValueError("delay needs delay_ms > 0")
        if self.persistent and self.mode not in ("slow", "delay", "blackhole"):
            raise ValueError(f"{self.mode} applies once; only slow, delay and blackhole may be persistent")
        if self.mode == "blackhole" and self.connections is None and not self.persistent:
            self.connections = 1

    def describe(self) -> str:
        detail = {"freeze": f" {self.seconds:g} s", "slow": f" {self.rate} B/s", "delay": f" {self.delay_ms} ms"}.get(self.mode, "")
        return f"{self.mode}{detail} {self.trigger.describe()}{' (persistent)' if self.persistent else ''}"


def split_frames(buffer: bytearray) -> list[bytes]:
    """Removes the complete WebSocket frames at the start of `buffer` and returns them (header and payload)."""
    frames = []
    while len(buffer) >= 2:
        length = buffer[1] & 0x7F
        offset = 2
        if length == 126:
            if len(buffer) < 4:
                break
            length = struct.unpack_from("!H", buffer, 2)[0]
            offset = 4
        elif length == 127:
            if len(buffer) < 10:
                break
            length = struct.unpack_from("!Q", buffer, 2)[0]
            offset = 10
        if buffer[1] & 0x80:
            offset += 4
        if len(buffer) < offset + length:
            break
        frames.append(bytes(buffer[:offset + length]))
        del buffer[:offset + length]
    return frames


def frame_payload(frame: bytes) -> bytes:
    """A frame's payload, unmasked."""
    length = frame[1] & 0x7F
    offset = 2 + (2 if length == 126 else 8 if length == 127 else 0)
    if not frame[1] & 0x80:
        return frame[offset:]
    mask = frame[offset:offset + 4]
    payload = frame[offset + 4:]
    if not payload:
        return b""
    key = (mask * (len(payload) // 4 + 1))[:len(payload)]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(len(payload), "big")


def without_extension_offers(request: bytes) -> bytes:
    """An HTTP upgrade request without its Sec-WebSocket-Extensions lines."""
    head, _, rest = request.partition(b"\r\n\r\n")
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"sec-websocket-extensions:")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


class _Link:
    """One client connection and, unless it is a blackhole, its upstream connection."""

    def __init__(self, proxy: "AsyncFaultProxy", number: int, client_reader, client_writer) -> None:
        self.proxy = proxy
        self.number = number
        self.client_reader, self.client_writer = client_reader, client_writer
        self.server_reader = self.server_writer = None
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.rate = 0
        self.delay = 0.0
        self.closed = False
        self.tasks: list[asyncio.Task] = []

    def writer_for(self, direction: str):
        return self.client_writer if direction == SERVER else self.server_writer

    async def run(self, host: str, port: int) -> None:
        try:
            self.server_reader, self.server_writer = await asyncio.open_connection(host, port)
        except OSError as error:
            self.proxy.note(self.number, f"upstream {host}:{port} refused: {error}")
            self.close(reset=False)
            return
        queues = {SERVER: asyncio.Queue(), CLIENT: asyncio.Queue()}
        self.tasks = [
            asyncio.create_task(self.read(self.client_reader, CLIENT, queues[CLIENT])),
            asyncio.create_task(self.read(self.server_reader, SERVER, queues[SERVER])),
            asyncio.create_task(self.write(SERVER, queues[SERVER])),
            asyncio.create_task(self.write(CLIENT, queues[CLIENT])),
        ]
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.close(reset=False)

    async def read(self, reader: asyncio.StreamReader, direction: str, queue: asyncio.Queue) -> None:
        """Cuts one direction into the HTTP head and whole frames, checks the triggers, queues them in order."""
        buffer = bytearray()
        in_head = True
        raw = False  # not a WebSocket stream (a refused upgrade): bytes are passed on as they come
        try:
            while not self.closed:
                data = await reader.read(65536)
                if not data:
                    break
                buffer += data
                units: list[tuple[bytes, bytes | None]] = []  # (bytes to forward, payload to match or None)
                if in_head:
                    marker = b"GET " if direction == CLIENT else b"HTTP/"
                    if len(buffer) < len(marker) and marker.startswith(bytes(buffer)):
                        continue
                    if not buffer.startswith(marker):
                        in_head, raw = False, True  # not a WebSocket upgrade: plain TCP, bytes as they come
                if in_head:
                    end = buffer.find(b"\r\n\r\n")
                    if end < 0:
                        continue
                    head = bytes(buffer[:end + 4])
                    del buffer[:end + 4]
                    in_head = False
                    if direction == CLIENT and self.proxy.strip_extensions:
                        head = without_extension_offers(head)
                    if direction == SERVER:
                        status = head.split(b"\r\n", 1)[0]
                        if b" 101 " not in status + b" ":
                            raw = True
                        if b"sec-websocket-extensions:" in head.lower():
                            self.proxy.note(self.number, "the server negotiated a WebSocket extension: compressed frames are never matched")
                    units.append((head, head))
                if raw:
                    if buffer:
                        units.append((bytes(buffer), bytes(buffer)))
                        buffer.clear()
                else:
                    for frame in split_frames(buffer):
                        if frame[0] & 0x40:
                            self.proxy.note(self.number, f"a compressed {direction} frame (RSV1): not matched")
                            units.append((frame, None))
                        else:
                            units.append((frame, frame_payload(frame) if self.proxy.wants(direction) else None))
                for unit, payload in units:
                    before, after = self.proxy.check(self, direction, payload) if payload is not None else ([], [])
                    for fault in before:
                        queue.put_nowait(("fault", fault))
                    queue.put_nowait(("data", (time.monotonic(), unit)))
                    for fault in after:
                        queue.put_nowait(("fault", fault))
        except (ConnectionError, OSError):
            pass
        queue.put_nowait(("end", None))

    async def write(self, direction: str, queue: asyncio.Queue) -> None:
        """Forwards one direction's units in order, through the link's freeze, delay and throttle."""
        writer = self.writer_for(direction)
        try:
            while True:
                kind, item = await queue.get()
                if kind == "end":
                    # The sender closed its side: pass the close on (the other direction goes on by itself).
                    await self.flowing.wait()
                    if not self.closed and writer.can_write_eof():
                        writer.write_eof()
                    return
                if kind == "fault":
                    await self.apply(item)
                    if self.closed:
                        return
                    continue
                arrived, data = item
                await self.flowing.wait()
                if self.delay:
                    wait = arrived + self.delay - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    await self.flowing.wait()
                if self.closed:
                    return
                if self.rate:
                    for start in range(0, len(data), SLOW_PIECE):
                        piece = data[start:start + SLOW_PIECE]
                        writer.write(piece)
                        await writer.drain()
                        await asyncio.sleep(len(piece) / self.rate)
                        await self.flowing.wait()
                        if self.closed:
                            return
                else:
                    writer.write(data)
                    await writer.drain()
        except (ConnectionError, OSError):
            self.close(reset=False)

    async def apply(self, fault: Fault) -> None:
        """Applies a fault to this connection now."""
        self.proxy.note(self.number, f"{fault.describe()}: fired", fault=fault)
        if fault.mode == "freeze":
            if self.flowing.is_set():
                self.flowing.clear()
                asyncio.get_running_loop().call_later(fault.seconds, self.thaw, fault)
        elif fault.mode in ("drop", "reset"):
            self.close(reset=fault.mode == "reset")
        elif fault.mode == "slow":
            self.rate = fault.rate
        elif fault.mode == "delay":
            self.delay = fault.delay_ms / 1000
        elif fault.mode == "blackhole":
            # Mid-connection: nothing more is forwarded on this connection, ever.
            self.flowing.clear()

    def thaw(self, fault: Fault) -> None:
        if not self.closed:
            self.proxy.note(self.number, f"freeze over after {fault.seconds:g} s")
        self.flowing.set()

    def close(self, reset: bool) -> None:
        if self.closed:
            return
        self.closed = True
        self.flowing.set()
        for writer in (self.client_writer, self.server_writer):
            if writer is None:
                continue
            try:
                if reset:
                    sock = writer.get_extra_info("socket")
                    if sock is not None:
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                else:
                    writer.close()
            except (OSError, RuntimeError):
                pass
        self.proxy.note(self.number, "reset" if reset else "closed")
        for task in self.tasks:
            if task is not asyncio.current_task():
                task.cancel()


class AsyncFaultProxy:
    """The proxy on the running event loop: `await start()`, `arm()`, `await stop()` (or `async with`)."""

    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", host: str = "127.0.0.1", port: int = 0,
                 strip_extensions: bool = True) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.listen = (host, port)
        self.strip_extensions = strip_extensions
        self.port = 0
        self.connections = 0
        self.events: list[tuple[float, int, str]] = []
        self.armed: list[Fault] = []
        self.fired: list[Fault] = []
        self.links: list[_Link] = []
        self.handlers: set[asyncio.Task] = set()  # one per accepted connection, awaited by stop()
        self.lock = threading.Lock()  # guards armed, fired and events against a FaultProxy's caller thread
        self.started = time.monotonic()
        self.server: asyncio.AbstractServer | None = None

    async def start(self) -> "AsyncFaultProxy":
        self.server = await asyncio.start_server(self.accept, *self.listen)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for link in list(self.links):
            link.close(reset=False)
        if self.handlers:
            _, pending = await asyncio.wait(self.handlers, timeout=2)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self.server is not None:
            await self.server.wait_closed()

    async def __aenter__(self) -> "AsyncFaultProxy":
        return await self.start()

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v1"

    def note(self, number: int, what: str, fault: Fault | None = None) -> None:
        with self.lock:
            self.events.append((round(time.monotonic() - self.started, 3), number, what))
            if fault is not None:
                fault.fired = True
                self.fired.append(fault)

    def arm(self, fault: Fault) -> Fault:
        """Arms a fault (call on the loop's thread; FaultProxy.arm does that for other threads)."""
        with self.lock:
            self.events.append((round(time.monotonic() - self.started, 3), 0, f"armed: {fault.describe()}"))
        if fault.trigger.kind == "now" and fault.mode != "blackhole":
            live = [link for link in self.links if not link.closed]
            if live:
                asyncio.ensure_future(live[-1].apply(fault))
                return fault
        with self.lock:
            self.armed.append(fault)
        return fault

    def disarm(self) -> None:
        """Removes every armed fault, persistent ones included; open connections keep what already fired."""
        with self.lock:
            self.armed.clear()

    def wants(self, direction: str) -> bool:
        """Whether any armed fault matches in this direction (else payloads need not be unmasked)."""
        with self.lock:
            return any(f.trigger.kind == "match" and f.trigger.direction == direction for f in self.armed)

    def check(self, link: _Link, direction: str, payload: bytes) -> tuple[list[Fault], list[Fault]]:
        """The match faults this unit fires: those to apply before it, and those after it."""
        before, after = [], []
        with self.lock:
            for fault in list(self.armed):
                trigger = fault.trigger
                if trigger.kind != "match" or trigger.direction != direction:
                    continue
                fault.seen += payload.count(trigger.pattern)
                if fault.seen >= trigger.count:
                    if not fault.persistent:
                        self.armed.remove(fault)
                    (before if trigger.before else after).append(fault)
        return before, after

    async def accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handler = asyncio.current_task()
        self.handlers.add(handler)
        try:
            await self.serve(reader, writer)
        finally:
            self.handlers.discard(handler)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self.lock:
            self.connections += 1
            number = self.connections
        link = _Link(self, number, reader, writer)
        self.links.append(link)
        self.note(number, "accepted")
        at_connect: list[Fault] = []
        blackhole = None
        with self.lock:
            for fault in list(self.armed):
                trigger = fault.trigger
                applies = trigger.kind == "now" or (trigger.kind == "connect" and trigger.number in (None, number))
                if not applies:
                    continue
                if fault.mode == "blackhole":
                    blackhole = fault
                    if fault.connections is not None:  # None: persistent, every connection until disarmed
                        fault.connections -= 1
                        if fault.connections <= 0:
                            self.armed.remove(fault)
                    break
                if not fault.persistent:
                    self.armed.remove(fault)
                at_connect.append(fault)
        if blackhole is not None:
            self.note(number, f"{blackhole.describe()}: fired", fault=blackhole)
            await self.swallow(link)
            return
        for fault in at_connect:
            if fault.mode in ("drop", "reset"):
                await link.apply(fault)
                return
            await link.apply(fault)
        await link.run(*self.upstream)

    async def swallow(self, link: _Link) -> None:
        """A blackholed connection: read and drop whatever the client sends until it goes away."""
        try:
            while not link.closed and await link.client_reader.read(65536):
                pass
        except (ConnectionError, OSError):
            pass
        link.close(reset=False)


class FaultProxy:
    """The proxy on an event loop in a thread of its own, for synchronous tests."""

    def __init__(self, upstream_port: int, **options) -> None:
        self.proxy = AsyncFaultProxy(upstream_port, **options)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="faultproxy", daemon=True)

    def start(self) -> "FaultProxy":
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.proxy.start(), self.loop).result(10)
        return self

    def close(self) -> None:
        if not self.thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.proxy.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def arm(self, fault: Fault) -> Fault:
        async def arm() -> Fault:
            return self.proxy.arm(fault)
        return asyncio.run_coroutine_threadsafe(arm(), self.loop).result(10)

    def disarm(self) -> None:
        self.loop.call_soon_threadsafe(self.proxy.disarm)

    @property
    def port(self) -> int:
        return self.proxy.port

    @property
    def url(self) -> str:
        return self.proxy.url

    @property
    def connections(self) -> int:
        return self.proxy.connections

    @property
    def events(self) -> list[tuple[float, int, str]]:
        with self.proxy.lock:
            return list(self.proxy.events)

    @property
    def fired(self) -> list[Fault]:
        with self.proxy.lock:
            return list(self.proxy.fired)

    def wait_until(self, predicate, timeout: float) -> bool:
        """Polls `predicate(self)` every 50 ms until it holds or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self):
                return True
            time.sleep(0.05)
        return predicate(self)

    def log(self) -> str:
        return "\n".join(f"{t:8.3f}  #{n}  {what}" for t, n, what in self.events)


def main() -> None:
    parser = argparse.ArgumentParser(description="A TCP proxy that injects one network fault.")
    parser.add_argument("--upstream", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    parser.add_argument("--mode", choices=MODES, default="pass")
    parser.add_argument("--match", help="fire when this string is seen (default: at once)")
    parser.add_argument("--count", type=int, default=1, help="fire at the N-th occurrence of --match")
    parser.add_argument("--direction", choices=(SERVER, CLIENT), default=SERVER)
    parser.add_argument("--after", action="store_true", help="fire after the matching frame instead of before it")
    parser.add_argument("--connection", type=int, help="fire when connection number N is accepted")
    parser.add_argument("--seconds", type=float, default=5.0, help="freeze length")
    parser.add_argument("--rate", type=int, default=16384, help="slow: bytes a second")
    parser.add_argument("--delay-ms", type=int, default=200, help="delay: milliseconds each way")
    parser.add_argument("--persistent", action="store_true", help="slow, delay, blackhole: every later connection too")
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")

    async def serve() -> None:
        proxy = await AsyncFaultProxy(int(port), upstream_host=host or "127.0.0.1", port=args.port).start()
        print(f"faultproxy: listening on 127.0.0.1:{proxy.port} -> {args.upstream}", flush=True)
        if args.mode != "pass":
            if args.match:
                trigger = Trigger.match(args.match, args.count, args.direction, before=not args.after)
            elif args.connection:
                trigger = Trigger.connect(args.connection)
            else:
                trigger = Trigger.now()
            proxy.arm(Fault(args.mode, trigger, seconds=args.seconds, rate=args.rate, delay_ms=args.delay_ms,
                            persistent=args.persistent))
        shown = 0
        while True:
            await asyncio.sleep(0.2)
            for t, n, what in proxy.events[shown:]:
                print(f"{t:8.3f}  #{n}  {what}", flush=True)
            shown = len(proxy.events)

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
