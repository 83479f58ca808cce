import DbgSymbols

/// Entry values in an async function's frame (Swift): the async context register's, which
/// the runtime knows (`GreenThreadRuntime.asyncEntryContext`), and any other from the caller
/// as usual.
struct AsyncEntryValues: DwarfEntryValueResolver, Sendable {
    /// What r14, the async context register on x86-64, held at the frame's entry.
    let context: UInt64
    let otherwise: any DwarfEntryValueResolver & Sendable

    static let contextRegister = 14

    func entryValue(of subexpression: [DwarfOperation]) -> UInt64? {
        if subexpression.count == 1 {
            let operation = subexpression[0]
            // DW_OP_reg14, or DW_OP_breg14 0.
            if operation.opcode == 0x50 + UInt8(Self.contextRegister)
                || (operation.opcode == 0x70 + UInt8(Self.contextRegister) && operation.operand1 == 0) {
                return context
            }
        }
        return otherwise.entryValue(of: subexpression)
    }
}
