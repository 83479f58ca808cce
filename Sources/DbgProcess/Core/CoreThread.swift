/// One thread of a core file: its id and its registers as they were when the core was taken.
public struct CoreThread: Sendable, Hashable {
    public var id: ThreadID
    public var registers: Registers
    /// The x87 and SSE registers (NT_FPREGSET), when the core has them.
    public var floatingPointRegisters: FloatingPointRegisters?
    /// The whole XSAVE area (NT_X86_XSTATE), when the core has it.
    public var extendedState: [UInt8]?
    /// The signal the thread was taking (pr_cursig), 0 for none.
    public var currentSignal: Int32
}
