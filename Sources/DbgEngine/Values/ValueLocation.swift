/// Where a value's bytes are.
public enum ValueLocation: Sendable, Hashable {
    /// In the debuggee's memory (a runtime address).
    case memory(UInt64)
    /// In a register of the selected frame, by DWARF number (`X86_64Register`).
    case register(Int)
    /// Split in parts (DW_OP_piece), lowest part first.
    case pieces([Piece])
    /// Nowhere but here: constants, literals, results of arithmetic, DW_OP_stack_value.
    case bytes([UInt8])
    /// Nowhere at all: optimised out, or a location that could not be computed; says why.
    case unavailable(String)

    public struct Piece: Sendable, Hashable {
        /// A memory, register or bytes location (pieces do not nest).
        public var location: ValueLocation
        public var size: Int

        public init(location: ValueLocation, size: Int) {
            self.location = location
            self.size = size
        }
    }

    /// The address, for a value in memory.
    public var address: UInt64? {
        if case .memory(let address) = self { return address }
        return nil
    }
}

/// A bit-field's place in its location: `size` bits starting at bit `offset`, counted
/// from the least significant bit of the first byte (x86-64 is little-endian).
public struct BitRange: Sendable, Hashable {
    public var offset: Int
    public var size: Int

    public init(offset: Int, size: Int) {
        self.offset = offset
        self.size = size
    }

    /// Bytes that hold the bits.
    public var byteCount: Int { (offset + size + 7) / 8 }
}
