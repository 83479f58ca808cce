/// One decoded DWARF expression operation (DW_OP_*).
///
/// Operands follow libdwarf's conventions: `operand1`/`operand2` hold the operation's
/// arguments (signed ones as their two's-complement bit pattern), `offset` is the operation's
/// byte offset in its expression (branch targets of DW_OP_skip/DW_OP_bra are offsets), and
/// `block` carries inline bytes (DW_OP_implicit_value, DW_OP_entry_value's sub-expression).
public struct DwarfOperation: Sendable, Hashable {
    public var opcode: UInt8
    public var operand1: UInt64
    public var operand2: UInt64
    public var operand3: UInt64
    public var offset: UInt64
    public var block: [UInt8]

    public init(
        opcode: UInt8, operand1: UInt64 = 0, operand2: UInt64 = 0, operand3: UInt64 = 0,
        offset: UInt64 = 0, block: [UInt8] = []
    ) {
        self.opcode = opcode
        self.operand1 = operand1
        self.operand2 = operand2
        self.operand3 = operand3
        self.offset = offset
        self.block = block
    }
}

/// Where a variable (or a frame base) lives: one expression, or a list of expressions
/// each valid over an address range.
public enum DwarfLocation: Sendable, Hashable {
    case expression([DwarfOperation])
    case list([Entry])

    public struct Entry: Sendable, Hashable {
        public var range: AddressRange
        /// Empty means "optimised out" over this range (Go emits such entries).
        public var operations: [DwarfOperation]

        public init(range: AddressRange, operations: [DwarfOperation]) {
            self.range = range
            self.operations = operations
        }
    }

    /// The operations in force at `pc`, or nil when the value is unavailable there.
    public func operations(at pc: Address) -> [DwarfOperation]? {
        switch self {
        case .expression(let operations):
            return operations
        case .list(let entries):
            guard let entry = entries.first(where: { $0.range.contains(pc) }), !entry.operations.isEmpty else {
                return nil
            }
            return entry.operations
        }
    }
}
