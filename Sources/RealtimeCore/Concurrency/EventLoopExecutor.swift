import NIOCore
import NIOPosix

/// A task executor that runs jobs on one NIO event loop, the loop that also carries the session's
/// WebSocket.
///
/// A live call hands every microphone frame from the capture thread to the session and on to the
/// socket, and every server event from the socket to the session and on to the front end. On the global
/// pool each of those hand-overs can wake another thread, and a write from outside the socket's loop
/// wakes that loop as well. Tasks that prefer one `EventLoopExecutor` (`Task(executorPreference:)`), and
/// the default actors they call such as ``RealtimeSession``, run on the loop itself: a connection opened
/// with the executor (``WebSocketConnection/connect(to:configuration:executor:logger:)``) reads, hands
/// over and writes without leaving its thread, so only the first hop from outside (the capture thread)
/// wakes it.
///
/// Jobs run one at a time in the order they arrive. They must not block: the socket waits for them.
public final class EventLoopExecutor: TaskExecutor {
    /// The loop the jobs run on; connections opened with this executor use it too.
    public let eventLoop: any EventLoop

    /// Creates an executor on `eventLoop` (by default, one loop of NIO's shared group).
    public init(eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
