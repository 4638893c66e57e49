import Foundation

/// The machine a run was measured on, read from /proc, /etc/os-release and the toolchain.
struct MachineInfo {
    var cpu: String
    var cores: Int
    var memory: String
    var system: String
    var swift: String

    /// Reads this machine's description.
    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":", maxSplits: 1).last
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let pretty = release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }.map {
            $0.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let swift = (try? ChildProcess.output(of: "swift", ["--version"]).output)?.split(separator: "\n").first.map(String.init) ?? "unknown"
        return MachineInfo(
            cpu: model.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown", cores: ProcessInfo.processInfo.activeProcessorCount,
            memory: String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824),
            system: "\(pretty ?? "Linux"), kernel \(kernel)", swift: swift)
    }
}
