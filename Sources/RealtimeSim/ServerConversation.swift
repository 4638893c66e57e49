import RealtimeCore

/// The ordered items of a session's default conversation.
struct ServerConversation: Sendable {
    /// The items in order.
    private(set) var items: [StoredItem] = []

    /// The stored item with an id.
    func item(_ id: String) -> StoredItem? {
        items.first { $0.id == id }
    }

    /// True when an item has this id.
    func contains(_ id: String) -> Bool {
        items.contains { $0.id == id }
    }

    /// The id of the last item.
    var lastID: String? { items.last?.id }

    /// The id of the item before the one with `id` (nil when it is first).
    func previousID(of id: String) -> String? {
        guard let index = items.firstIndex(where: { $0.id == id }), index > 0 else { return nil }
        return items[index - 1].id
    }

    /// Adds an item at the end.
    mutating func append(_ item: StoredItem) {
        items.append(item)
    }

    /// Adds an item after `previousID` (`"root"` puts it first); the caller has checked that `previousID` exists.
    mutating func insert(_ item: StoredItem, after previousID: String) {
        if previousID == "root" {
            items.insert(item, at: 0)
        } else if let index = items.firstIndex(where: { $0.id == previousID }) {
            items.insert(item, at: index + 1)
        } else {
            items.append(item)
        }
    }

    /// Removes an item and returns it.
    mutating func remove(_ id: String) -> StoredItem? {
        guard let index = items.firstIndex(where: { $0.id == id }) else { return nil }
        return items.remove(at: index)
    }

    /// Changes an item in place; does nothing when the id is unknown (for example after a delete).
    mutating func update(_ id: String, _ change: (inout StoredItem) -> Void) {
        guard let index = items.firstIndex(where: { $0.id == id }) else { return }
        change(&items[index])
    }

    /// The function call with a call id, if any.
    func functionCall(withCallID callID: String) -> StoredItem? {
        items.first { $0.item.type == .functionCall && $0.item.callID == callID }
    }
}
