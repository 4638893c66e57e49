import Foundation
import RealtimeCore

/// The event inspector's list: events that crossed the wire, newest last, with streams of deltas folded
/// into one row each so that audio and transcript deltas do not push everything else away.
public struct EventLog: Sendable, Equatable {
    /// One row: an event, or a run of events of the same type and direction.
    public struct Row: Sendable, Equatable, Identifiable {
        /// The id of the first event of the row.
        public var id: Int
        /// The latest event of the row (what is shown when the row is expanded).
        public var latest: EventRecord
        /// How many events the row holds.
        public var count: Int
        /// Bytes of audio the row's events carried (elided from their JSON).
        public var audioBytes: Int
        /// When the first event of the row crossed the wire.
        public var firstTime: Date
    }

    /// Rows kept; older ones are dropped.
    public static let capacity = 1000
    /// How many recent rows a streaming event may be folded into.
    static let foldWindow = 6

    public private(set) var rows: [Row] = []
    /// Case-insensitive text that a row's type must contain to be shown; empty shows all.
    public var filter = ""
    /// Only events in this direction, or nil for both.
    public var direction: EventRecord.Direction?
    /// The selected row, or nil to follow the newest.
    public var selectedID: Int?
    /// Events seen in total.
    public private(set) var total = 0

    /// Creates an empty log.
    public init() {}

    /// Adds an event, folding it into a recent row of the same stream.
    public mutating func append(_ record: EventRecord) {
        total += record.count
        if Self.isStreaming(record.type) {
            let window = rows.indices.suffix(Self.foldWindow)
            if let index = window.last(where: { rows[$0].latest.type == record.type && rows[$0].latest.direction == record.direction }) {
                rows[index].latest = record
                rows[index].count += record.count
                rows[index].audioBytes += record.audioBytes
                return
            }
        }
        rows.append(Row(id: record.id, latest: record, count: record.count, audioBytes: record.audioBytes, firstTime: record.time))
        if rows.count > Self.capacity {
            rows.removeFirst(rows.count - Self.capacity)
            if let selectedID, !rows.contains(where: { $0.id == selectedID }) { self.selectedID = nil }
        }
    }

    /// The rows that pass the filter (all of them, without a copy, when there is none).
    public var visibleRows: [Row] {
        guard !filter.isEmpty || direction != nil else { return rows }
        let needle = filter.lowercased()
        return rows.filter { row in
            (direction == nil || row.latest.direction == direction) && (needle.isEmpty || row.latest.type.lowercased().contains(needle))
        }
    }

    /// The index of the selected row among the visible rows (the newest when following).
    public func selectedIndex(in visible: [Row]) -> Int? {
        guard !visible.isEmpty else { return nil }
        if let selectedID, let index = visible.firstIndex(where: { $0.id == selectedID }) { return index }
        return visible.count - 1
    }

    /// Moves the selection by `offset` rows; moving past the newest follows new events again.
    public mutating func moveSelection(by offset: Int) {
        let visible = visibleRows
        guard let current = selectedIndex(in: visible) else { return }
        let target = current + offset
        selectedID = target >= visible.count - 1 ? nil : visible[max(0, target)].id
    }

    /// Selects the oldest visible row.
    public mutating func selectFirst() {
        selectedID = visibleRows.first?.id
    }

    /// The row with an id.
    public func row(id: Int) -> Row? { rows.first { $0.id == id } }

    /// Events that arrive many times per response and are folded.
    static func isStreaming(_ type: String) -> Bool {
        type.hasSuffix(".delta") || type == "input_audio_buffer.append"
    }
}
