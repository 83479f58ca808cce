/// What capstone's detail mode says of an instruction's operands and encoding: enough to
/// spell the instruction as another disassembler would (GoIntelSyntax), whose rules depend
/// on how each number was encoded (an 8-bit displacement is signed, a 32-bit one is not).
public struct OperandDetail: Sendable, Hashable {
    public enum Operand: Sendable, Hashable {
        /// A register by capstone's name; `size` in bytes.
        case register(String, size: Int)
        /// `value` as capstone reads it (sign-extended); `size` is the operand's, in bytes.
        case immediate(value: Int64, size: Int)
        case memory(MemoryReference, size: Int)
    }

    /// `segment:[base + index*scale + displacement]`; absent parts are nil.
    public struct MemoryReference: Sendable, Hashable {
        public var segment: String?
        public var base: String?
        public var index: String?
        public var scale: Int
        public var displacement: Int64

        public init(segment: String? = nil, base: String? = nil, index: String? = nil, scale: Int = 1, displacement: Int64 = 0) {
            self.segment = segment
            self.base = base
            self.index = index
            self.scale = scale
            self.displacement = displacement
        }
    }

    /// The operands in Intel order.
    public var operands: [Operand]
    /// Legacy prefix bytes before the opcode (lock, rep, segment, operand and address size).
    public var prefixes: [UInt8]
    /// The displacement's width in bytes (0: none).
    public var displacementSize: Int
    /// Where the immediate's bytes start in the instruction, and their width (0: none).
    public var immediateOffset: Int
    public var immediateSize: Int

    public init(operands: [Operand], prefixes: [UInt8], displacementSize: Int, immediateOffset: Int, immediateSize: Int) {
        self.operands = operands
        self.prefixes = prefixes
        self.displacementSize = displacementSize
        self.immediateOffset = immediateOffset
        self.immediateSize = immediateSize
    }
}
