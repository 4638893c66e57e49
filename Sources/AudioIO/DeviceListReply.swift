import Synchronization

/// Collects the entries a PulseAudio `…_info_list` callback delivers one by one, and signals the end of the list.
final class DeviceListReply: Sendable {
    /// The devices received so far.
    let devices = Mutex<[AudioDevice]>([])
    /// Completed with true at the end of the list, false if the server reported an error.
    let finished = OneShot<Bool>()
}
