/// What a hardware watchpoint stops on. x86-64 has no read-only watchpoint: a watch on
/// reads is a watch on reads and writes (as in gdb and Delve).
public enum WatchAccess: Sendable, Hashable {
    case write
    case readWrite

    /// DR7's R/W field for it: 01 break on writes, 11 on reads and writes.
    var dr7Condition: UInt64 {
        switch self {
        case .write: return 0b01
        case .readWrite: return 0b11
        }
    }
}

/// The four x86-64 debug address registers (DR0-DR3) as data watchpoints, and the DR7
/// value that enables them. The same on every thread of the program.
struct DebugRegisterSlots {
    struct Slot: Hashable {
        var address: UInt64
        var size: Int
        var access: WatchAccess
    }

    static let count = 4
    /// The sizes one register can watch (DR7's LEN field), each aligned to itself.
    static let sizes: Set<Int> = [1, 2, 4, 8]

    private(set) var slots: [Slot?] = Array(repeating: nil, count: count)

    var isEmpty: Bool { slots.allSatisfy { $0 == nil } }

    /// Takes a free register for `slot`; nil when all four are in use.
    mutating func take(_ slot: Slot) -> Int? {
        guard let index = slots.firstIndex(where: { $0 == nil }) else { return nil }
        slots[index] = slot
        return index
    }

    mutating func free(_ index: Int) {
        guard slots.indices.contains(index) else { return }
        slots[index] = nil
    }

    mutating func freeAll() { slots = Array(repeating: nil, count: Self.count) }

    /// DR7: for each slot in use its local enable bit (2i), R/W (16+4i) and LEN (18+4i).
    var dr7: UInt64 {
        var value: UInt64 = 0
        for (index, slot) in slots.enumerated() {
            guard let slot else { continue }
            value |= 1 << (2 * index)
            value |= slot.access.dr7Condition << (16 + 4 * index)
            value |= Self.lengthField(slot.size) << (18 + 4 * index)
        }
        return value
    }

    /// DR7's LEN encoding: 00 one byte, 01 two, 11 four, 10 eight.
    private static func lengthField(_ size: Int) -> UInt64 {
        switch size {
        case 2: return 0b01
        case 4: return 0b11
        case 8: return 0b10
        default: return 0b00
        }
    }

    /// The slots whose bits (B0-B3) are set in a DR6 value.
    static func triggered(byDR6 dr6: UInt64) -> [Int] {
        (0..<count).filter { dr6 & (1 << UInt64($0)) != 0 }
    }
}
