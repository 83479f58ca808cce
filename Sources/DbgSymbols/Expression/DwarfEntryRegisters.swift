/// Answers DW_OP_entry_value from the registers a function had when it was entered, when
/// the engine knows them (say, stopped at the function's first instruction, or recovered
/// callee-saved registers from the caller's frame).
public struct DwarfEntryRegisters: DwarfEntryValueResolver {
    public var registers: any DwarfRegisterReader
    public var memory: any DwarfMemoryReader

    public init(registers: any DwarfRegisterReader, memory: any DwarfMemoryReader) {
        self.registers = registers
        self.memory = memory
    }

    /// DW_OP_regN stands for the register's value at entry; any other sub-expression is
    /// evaluated at entry and its result is the value. Failures mean "not known".
    public func entryValue(of subexpression: [DwarfOperation]) -> UInt64? {
        let evaluator = DwarfExpressionEvaluator(context: DwarfEvaluationContext(registers: registers, memory: memory))
        return try? evaluator.evaluateValue(subexpression)
    }
}
