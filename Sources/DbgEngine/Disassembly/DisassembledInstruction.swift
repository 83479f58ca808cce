import DbgSymbols

/// An instruction of the live program with what a listing shows beside it: where it is
/// (function, source line), where a direct call goes, whether a breakpoint or the pc is on it.
public struct DisassembledInstruction: Sendable, Hashable {
    /// A runtime address and what it belongs to.
    public struct Place: Sendable, Hashable {
        public var address: UInt64
        public var functionName: String?
        /// The function's entry (runtime address).
        public var functionEntry: UInt64?
        public var source: SourceLocation?

        public init(address: UInt64, functionName: String? = nil, functionEntry: UInt64? = nil, source: SourceLocation? = nil) {
            self.address = address
            self.functionName = functionName
            self.functionEntry = functionEntry
            self.source = source
        }
    }

    public var instruction: Instruction
    /// The instruction's text with gdb's annotations: `<symbol+offset>` after a direct
    /// branch target, `# 0xADDRESS <symbol>` after a rip-relative operand.
    public var text: String
    public var place: Place
    /// Where a direct call goes; nil for anything else.
    public var destination: Place?
    /// An enabled user breakpoint is on this instruction.
    public var hasBreakpoint: Bool
    /// The thread is stopped on this instruction.
    public var isAtPC: Bool

    public init(instruction: Instruction, text: String, place: Place, destination: Place?, hasBreakpoint: Bool, isAtPC: Bool) {
        self.instruction = instruction
        self.text = text
        self.place = place
        self.destination = destination
        self.hasBreakpoint = hasBreakpoint
        self.isAtPC = isAtPC
    }
}
