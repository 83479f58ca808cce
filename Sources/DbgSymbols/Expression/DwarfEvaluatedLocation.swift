/// Where a value lives, as a DWARF location expression evaluated in one frame says.
public indirect enum DwarfEvaluatedLocation: Sendable, Hashable {
    /// In the debuggee's memory at this address.
    case memory(Address)
    /// In this DWARF register (see `X86_64Register`); the caller reads the frame's register.
    case register(Int)
    /// Nowhere: this is the value itself (DW_OP_stack_value).
    case value(UInt64)
    /// Nowhere: these are the value's bytes (DW_OP_implicit_value).
    case implicitBytes([UInt8])
    /// The value is split into parts, each with its own location, lowest part first.
    case pieces([Piece])
    /// Optimised out: an empty expression, an empty piece, or an entry value nobody can give.
    case unavailable

    /// One part of a value split by DW_OP_piece or DW_OP_bit_piece.
    public struct Piece: Sendable, Hashable {
        public var location: DwarfEvaluatedLocation
        public var sizeInBits: UInt64
        /// DW_OP_bit_piece's offset into the location (always 0 for DW_OP_piece).
        public var bitOffset: UInt64

        public init(location: DwarfEvaluatedLocation, sizeInBits: UInt64, bitOffset: UInt64 = 0) {
            self.location = location
            self.sizeInBits = sizeInBits
            self.bitOffset = bitOffset
        }

        /// The size in whole bytes, or nil for a piece that is not a whole number of bytes.
        public var sizeInBytes: UInt64? { sizeInBits % 8 == 0 ? sizeInBits / 8 : nil }
    }
}
