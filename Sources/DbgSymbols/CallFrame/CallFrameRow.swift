/// One row of a function's call frame table: how to find the CFA and the caller's
/// registers while the pc is in `range`. Copied out of libdwarf; no libdwarf memory inside.
public struct CallFrameRow: Sendable, Hashable {
    /// How the canonical frame address (the caller's rsp just before the call) is computed.
    public enum CFARule: Sendable, Hashable {
        /// CFA = register + offset.
        case registerOffset(register: Int, offset: Int64)
        /// CFA = the value the expression computes (DW_CFA_def_cfa_expression). It is not
        /// dereferenced, although libdwarf labels it DW_EXPR_EXPRESSION.
        case expression([DwarfOperation])
    }

    /// Where the caller's value of one register is (DWARF 5 section 6.4.1).
    public enum RegisterRule: Sendable, Hashable {
        /// Not recoverable (DW_CFA_undefined): the return address column of an outermost frame.
        case undefined
        /// Unchanged from this frame.
        case sameValue
        /// Saved in memory at CFA + offset.
        case offset(Int64)
        /// The value is CFA + offset itself.
        case valueOffset(Int64)
        /// Held in another register of this frame.
        case register(Int)
        /// Saved in memory at the address the expression computes (the CFA is pushed first).
        case expression([DwarfOperation])
        /// The value the expression computes (the CFA is pushed first).
        case valueExpression([DwarfOperation])
    }

    /// The addresses this row applies to: from its location to the next row (or the FDE's end).
    public var range: AddressRange
    public var cfa: CFARule
    /// Rules for the registers the CIE and FDE mention. A register without a rule is
    /// "unspecified": the ABI decides (see `CallFrameUnwinder`).
    public var registers: [Int: RegisterRule]
    /// The column that holds the return address (the CIE's; 16 on x86-64).
    public var returnAddressRegister: Int
    /// A signal trampoline's row: the caller it unwinds to was interrupted, not calling, so
    /// the caller's pc is exact (not a return address).
    public var isSignalFrame = false

    public init(
        range: AddressRange, cfa: CFARule, registers: [Int: RegisterRule],
        returnAddressRegister: Int = X86_64Register.returnAddressColumn
    ) {
        self.range = range
        self.cfa = cfa
        self.registers = registers
        self.returnAddressRegister = returnAddressRegister
    }
}
