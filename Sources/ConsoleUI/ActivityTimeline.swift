import Foundation

/// A strip of the last minutes of the call in half-second slots: who spoke, and where the user cut the assistant off.
public struct ActivityTimeline: Sendable, Equatable {
    /// What happened during one slot.
    public struct Slot: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8

        /// Creates a slot from its bits.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The user was speaking.
        public static let user = Slot(rawValue: 1 << 0)
        /// The assistant was speaking or answering.
        public static let assistant = Slot(rawValue: 1 << 1)
        /// The user cut the assistant off.
        public static let bargeIn = Slot(rawValue: 1 << 2)
    }

    /// The length of one slot.
    public static let slotSeconds: TimeInterval = 0.5
    /// Slots kept (two minutes).
    public static let capacity = 240

    /// The slots, oldest first; the last one is now.
    public private(set) var slots: [Slot] = [[]]
    private var currentStart: Date

    /// Creates an empty timeline starting at `start`.
    public init(start: Date) {
        currentStart = start
    }

    /// Moves the current slot forward to `now`.
    ///
    /// - Returns: true when a new slot began and the strip moved: a strip with no activity in it looks the
    ///   same after a step, so an idle console does not redraw for it.
    public mutating func advance(to now: Date) -> Bool {
        let elapsed = Int(now.timeIntervalSince(currentStart) / Self.slotSeconds)
        guard elapsed > 0 else { return false }
        let moved = hasActivity
        slots.append(contentsOf: repeatElement([], count: min(elapsed, Self.capacity)))
        if slots.count > Self.capacity { slots.removeFirst(slots.count - Self.capacity) }
        currentStart = currentStart.addingTimeInterval(Double(elapsed) * Self.slotSeconds)
        return moved
    }

    /// True when some slot in the strip is marked.
    public var hasActivity: Bool { slots.contains { !$0.isEmpty } }

    /// When the next slot begins.
    public var nextSlotStart: Date { currentStart.addingTimeInterval(Self.slotSeconds) }

    /// Marks the current slot.
    ///
    /// - Returns: true when the slot changed.
    public mutating func mark(_ activity: Slot) -> Bool {
        guard !slots[slots.count - 1].isSuperset(of: activity) else { return false }
        slots[slots.count - 1].formUnion(activity)
        return true
    }
}
