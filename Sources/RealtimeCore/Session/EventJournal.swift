import Foundation

/// The record of what crossed the wire, as the inspector and the events file see it.
///
/// A value that numbers events, elides audio and gathers microphone appends into runs (see ``AppendRun``);
/// it returns the ``EventRecord``s to publish and never performs I/O. Records come out in wire order: a
/// pending run of appends is always reported before the next other event.
public struct EventJournal: Sendable {
    private var recordCount = 0
    private var clientEventCount = 0
    private var unreportedAppends = AppendRun()
    /// GPT-Live's continuous output track (ten deltas a second, silence included), gathered like the appends.
    private var unreportedTrack = AppendRun()
    /// The wire type of a GPT-Live output track delta.
    static let trackEventType = "session.output_audio.delta"
    /// The wire type of a microphone append (`input_audio_buffer.append`, GPT-Live's `session.input_audio.append`).
    public let appendEventType: String

    /// Creates an empty journal for the appends of a protocol.
    public init(appendEventType: String = "input_audio_buffer.append") {
        self.appendEventType = appendEventType
    }

    /// The `event_id` for the next client event (`rtc_1`, `rtc_2`, …).
    public mutating func nextClientEventID() -> String {
        clientEventCount += 1
        return "rtc_\(clientEventCount)"
    }

    /// Journals one event that is not a microphone append.
    ///
    /// - Returns: the records to publish, in order: a run of appends still held back, then this event.
    public mutating func record(_ direction: EventRecord.Direction, type: String, json: JSONValue, at time: Date = Date()) -> [EventRecord] {
        let (summary, bytes) = EventRecord.elideAudio(json)
        var records = [takeAppendRun(at: time), takeTrackRun(at: time)].compactMap { $0 }
        recordCount += 1
        records.append(EventRecord(id: recordCount, time: time, direction: direction, type: type, summary: summary, audioBytes: bytes))
        return records
    }

    /// Journals one microphone append.
    ///
    /// - Returns: the run of appends once it has been held for ``AppendRun/reportInterval``, else nil.
    public mutating func appended(eventID: String, audioBytes: Int, at time: Date = Date()) -> EventRecord? {
        unreportedAppends.add(eventID: eventID, audioBytes: audioBytes)
        return unreportedAppends.isDue ? takeAppendRun(at: time) : nil
    }

    /// Journals one delta of GPT-Live's continuous output track.
    ///
    /// - Returns: the run of deltas once it has been held for ``AppendRun/reportInterval``, else nil.
    public mutating func trackDelta(audioBytes: Int, at time: Date = Date()) -> EventRecord? {
        unreportedTrack.add(eventID: "", audioBytes: audioBytes)
        return unreportedTrack.isDue ? takeTrackRun(at: time) : nil
    }

    /// Ends the run of output track deltas held back, if any.
    public mutating func takeTrackRun(at time: Date = Date()) -> EventRecord? {
        guard let run = unreportedTrack.take() else { return nil }
        recordCount += 1
        let summary: JSONValue = ["type": .string(Self.trackEventType), "delta": .string("<\(run.audioBytes) bytes of audio>")]
        return EventRecord(
            id: recordCount, time: time, direction: .server, type: Self.trackEventType, summary: summary, audioBytes: run.audioBytes,
            count: run.count)
    }

    /// Ends the run of appends held back, if any.
    public mutating func takeAppendRun(at time: Date = Date()) -> EventRecord? {
        guard let run = unreportedAppends.take() else { return nil }
        recordCount += 1
        let summary: JSONValue = [
            "type": .string(appendEventType), "event_id": .string(run.lastEventID), "audio": .string("<\(run.audioBytes) bytes of audio>"),
        ]
        return EventRecord(
            id: recordCount, time: time, direction: .client, type: appendEventType, summary: summary,
            audioBytes: run.audioBytes, count: run.count)
    }
}
