import ArgumentParser
import AudioIO
import Foundation

/// `rtconsole devices`: lists PulseAudio sources and sinks.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List audio inputs (sources) and outputs (sinks) for --input-device and --output-device."
    )

    @Flag(help: "Also list monitor sources (what a sink plays, as an input).")
    var monitors = false

    func run() throws {
        let devices: [AudioDevice]
        do {
            devices = try PulseDevices.list()
        } catch {
            Console.standardError("rtconsole devices: \(error.description)")
            throw ExitCode.failure
        }
        for (title, inputs) in [("Inputs (sources)", true), ("Outputs (sinks)", false)] {
            Console.standardOutput(title + ":")
            let shown = devices.filter { $0.isInput == inputs && (monitors || !$0.isMonitor) }
            if shown.isEmpty { Console.standardOutput("  (none)") }
            let width = shown.map(\.name.count).max() ?? 0
            for device in shown {
                let mark = device.isDefault ? "*" : " "
                Console.standardOutput("\(mark) \(device.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(device.description)")
            }
        }
        Console.standardOutput("(* = default)")
    }
}
