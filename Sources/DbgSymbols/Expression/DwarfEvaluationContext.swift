/// Reads one frame's registers by DWARF register number (see `X86_64Register`).
/// Returns nil when the register's value is not known in that frame.
public protocol DwarfRegisterReader {
    func registerValue(_ dwarfRegister: Int) -> UInt64?
}

/// Reads the debuggee's memory. Returns nil unless all `count` bytes could be read.
public protocol DwarfMemoryReader {
    func readMemory(at address: Address, count: Int) -> [UInt8]?
}

/// Gives the value a DW_OP_entry_value sub-expression had when the current function was
/// entered (the registers of the call site, as recovered from the caller's frame or from
/// DW_TAG_call_site_parameter). Nil means "not known": the value is then unavailable.
public protocol DwarfEntryValueResolver {
    func entryValue(of subexpression: [DwarfOperation]) -> UInt64?
}

/// Turns a thread-local variable's offset (DW_OP_form_tls_address) into its address in
/// the current thread. Nil when the TLS block cannot be found.
public protocol DwarfTLSResolver {
    func threadLocalAddress(offset: UInt64) -> Address?
}

/// Everything a DWARF expression may ask about the frame it is evaluated in.
public struct DwarfEvaluationContext {
    /// DW_AT_frame_base: already known, or an expression to evaluate when DW_OP_fbreg needs it.
    public enum FrameBase {
        case address(Address)
        case expression([DwarfOperation])
    }

    public var registers: any DwarfRegisterReader
    public var memory: any DwarfMemoryReader
    public var frameBase: FrameBase?
    /// The canonical frame address of the frame (DW_OP_call_frame_cfa).
    public var canonicalFrameAddress: Address?
    /// The size of an address and of the generic stack type; 8 on x86-64.
    public var addressSize: Int
    /// DW_OP_push_object_address: the object whose member or bound is being located.
    public var objectAddress: Address?
    public var tls: (any DwarfTLSResolver)?
    public var entryValues: (any DwarfEntryValueResolver)?
    /// Operations executed before giving up: a bad DW_OP_bra/DW_OP_skip can loop forever.
    public var stepLimit: Int

    public init(
        registers: any DwarfRegisterReader,
        memory: any DwarfMemoryReader,
        frameBase: FrameBase? = nil,
        canonicalFrameAddress: Address? = nil,
        addressSize: Int = 8,
        objectAddress: Address? = nil,
        tls: (any DwarfTLSResolver)? = nil,
        entryValues: (any DwarfEntryValueResolver)? = nil,
        stepLimit: Int = 10_000
    ) {
        self.registers = registers
        self.memory = memory
        self.frameBase = frameBase
        self.canonicalFrameAddress = canonicalFrameAddress
        self.addressSize = addressSize
        self.objectAddress = objectAddress
        self.tls = tls
        self.entryValues = entryValues
        self.stepLimit = stepLimit
    }
}
