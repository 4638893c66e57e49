#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Names the calling thread the way the kernel shows it: `top -H`, `ps -L`, `/proc/PID/task/TID/comm`,
/// gdb and perf.
///
/// Foundation's `Thread.name` does not reach the kernel on Linux: a thread it starts keeps the name of the
/// thread that started it (a cooperative-pool thread's `com.apple.root.default-qos`, cut to its last 15
/// bytes), so every thread rtconsole starts names itself first thing with this.
public enum ThreadName {
    /// The most bytes of a name the kernel keeps.
    public static let maximumBytes = 15

    /// Names the calling thread `name`, cut to its first ``maximumBytes`` bytes (whole characters only).
    ///
    /// It writes the name to `/proc/thread-self/comm` (proc(5)): `pthread_setname_np` is a GNU extension
    /// Swift's Glibc module does not import. Call it on a thread of your own; a failure leaves the old name.
    public static func setCurrent(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(kernelName(name).utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    /// `name` as the kernel keeps it: its longest prefix of whole characters that fits in ``maximumBytes``.
    public static func kernelName(_ name: String) -> String {
        var kept = ""
        for character in name {
            guard kept.utf8.count + character.utf8.count <= maximumBytes else { break }
            kept.append(character)
        }
        return kept
    }
}
