import Synchronization

/// What one load may read in all, whatever the configuration: each limit of `LoadConfig`
/// bounds one level, but their product does not bound the whole (a high
/// max-variable-recurse on a linked heap followed pointers through gigabytes of a C
/// program's memory, and dbg ran out of memory). A load that reaches the bound stops
/// where it is: the part that reached it says so, the rest shows as not loaded.
final class LoadBudget: Sendable {
    /// Parts (each value, field, element, key or pointee) one load may read.
    static let maxParts = 1_000_000
    /// Bytes of string text one load may read.
    static let maxStringBytes = 64 << 20

    private let parts = Atomic<Int>(0)
    private let stringBytes = Atomic<Int>(0)

    /// Counts one more part; false once the load has read as much as it may.
    func takePart() -> Bool {
        parts.add(1, ordering: .relaxed).newValue <= Self.maxParts && !isOutOfText
    }

    func chargeText(_ count: Int) {
        stringBytes.add(count, ordering: .relaxed)
    }

    /// True once a part was refused (so that the refused part, which says why, is shown).
    var isSpent: Bool {
        parts.load(ordering: .relaxed) > Self.maxParts || isOutOfText
    }

    private var isOutOfText: Bool {
        stringBytes.load(ordering: .relaxed) > Self.maxStringBytes
    }

    static let spentReason =
        "not loaded: one print reads at most a million parts and 64 MiB of text (print a part of the value)"
}
