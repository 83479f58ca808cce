import DbgSymbols

/// Reads the debuggee's memory (the live process, or a static image for tests).
public protocol TargetMemory: Sendable {
    /// All `count` bytes at `address`, or an error naming the address.
    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8]
}

public struct TargetMemoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var address: UInt64
    public var count: Int
    /// Why, when it is not that the memory is unmapped.
    public var reason: String?
    public init(address: UInt64, count: Int, reason: String? = nil) {
        self.address = address
        self.count = count
        self.reason = reason
    }
    public var description: String { reason ?? "cannot read memory at 0x" + String(address, radix: 16) }
}

extension TargetMemory {
    public func readUInt64(at address: UInt64) throws(TargetMemoryError) -> UInt64 {
        let bytes = try read(at: address, count: 8)
        return bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    }
}

/// Adapts target memory to what the DWARF evaluators read through.
public struct DwarfMemoryAdapter: DwarfMemoryReader {
    public let memory: any TargetMemory
    public init(_ memory: any TargetMemory) { self.memory = memory }
    public func readMemory(at address: Address, count: Int) -> [UInt8]? {
        try? memory.read(at: address.value, count: count)
    }
}

/// A frame's registers by DWARF number.
public struct RegisterValues: DwarfRegisterReader, Sendable, Hashable {
    public var values: [Int: UInt64]
    public init(_ values: [Int: UInt64]) { self.values = values }
    public func registerValue(_ dwarfRegister: Int) -> UInt64? { values[dwarfRegister] }
    public subscript(_ register: X86_64Register) -> UInt64? {
        get { values[register.rawValue] }
        set { values[register.rawValue] = newValue }
    }
}
