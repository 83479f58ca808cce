/// Numbers the client uses to name things it saw (frames, expandable values), valid until the
/// program runs again: then they are all forgotten, as DAP allows.
struct DAPHandles<Item: Sendable>: Sendable {
    private var items: [Item] = []
    /// Handles start above zero (zero means "none" in DAP) and keep growing across resets, so
    /// a stale handle from an earlier stop is refused rather than taken for a new one.
    private var first = 1

    mutating func create(_ item: Item) -> Int {
        items.append(item)
        return first + items.count - 1
    }

    func get(_ handle: Int) -> Item? {
        let index = handle - first
        return items.indices.contains(index) ? items[index] : nil
    }

    mutating func reset() {
        first += items.count
        items.removeAll(keepingCapacity: true)
    }
}
