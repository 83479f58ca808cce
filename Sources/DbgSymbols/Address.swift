/// A virtual address in a binary's own address space (before any load bias).
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public static func < (lhs: Address, rhs: Address) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Address, rhs: UInt64) -> Address { Address(lhs.value &+ rhs) }

    public var description: String { "0x" + String(value, radix: 16) }
}

/// A half-open address range [low, high).
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    public var low: Address
    public var high: Address

    public init(low: Address, high: Address) {
        self.low = low
        self.high = high
    }

    public init(_ low: UInt64, _ high: UInt64) {
        self.init(low: Address(low), high: Address(high))
    }

    public func contains(_ address: Address) -> Bool { low <= address && address < high }
    public var isEmpty: Bool { high <= low }
    public var size: UInt64 { high.value &- low.value }
    public var description: String { "[\(low), \(high))" }
}

extension [AddressRange] {
    public func contains(_ address: Address) -> Bool { contains { $0.contains(address) } }
    /// The lowest start address, or nil when there are no ranges.
    public var lowestAddress: Address? { map(\.low).min() }
}

/// The global offset of a debugging information entry in `.debug_info`.
public struct DIEOffset: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    public static func < (lhs: DIEOffset, rhs: DIEOffset) -> Bool { lhs.value < rhs.value }
    public var description: String { "<0x" + String(value, radix: 16) + ">" }
}
