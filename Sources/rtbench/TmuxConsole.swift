import Foundation

/// The full-screen console in a 100×30 pane of a private tmux server, as the console benchmarks run it.
struct TmuxConsole {
    /// The tmux server's socket.
    let socket: String
    /// Where the console's standard error goes.
    let log: String

    /// Starts `rtconsole ARGUMENTS` with `PULSE_SERVER` and its state in `state`, and returns its pid once it
    /// has run for 5 s.
    func start(rtconsole: String, arguments: String, pulse: String, state: String) async throws -> Int32 {
        let command = "exec env PULSE_SERVER=\(pulse) XDG_STATE_HOME=\(state) \(rtconsole) \(arguments) 2>\(log)"
        guard try ChildProcess.status(of: "tmux", ["-S", socket, "new-session", "-d", "-s", "bench", "-x", "100", "-y", "30", command]) == 0 else {
            throw BenchError("tmux could not start a session")
        }
        let panes = try ChildProcess.output(of: "tmux", ["-S", socket, "list-panes", "-t", "bench", "-F", "#{pane_pid}"])
        let exited = {
            BenchError(
                "the console exited at start: "
                    + (((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").last.map(String.init) ?? "no message"))
        }
        guard let pid = Int32(panes.output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw exited() }
        try await Task.sleep(for: .seconds(5))
        guard ProcessSample.read(pid: pid) != nil else { throw exited() }
        return pid
    }

    /// The pane's text.
    func screen() -> String? {
        try? ChildProcess.output(of: "tmux", ["-S", socket, "capture-pane", "-p", "-t", "bench"]).output
    }

    /// Quits the console with `q` and waits up to 10 s for it to end (then kills it).
    func stop(pid: Int32) async {
        _ = try? ChildProcess.status(of: "tmux", ["-S", socket, "send-keys", "-t", "bench", "q"])
        for _ in 0..<100 {
            if ProcessSample.read(pid: pid) == nil { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if ProcessSample.read(pid: pid) != nil { kill(pid, SIGKILL) }
        _ = try? ChildProcess.status(of: "tmux", ["-S", socket, "kill-server"])
    }
}
