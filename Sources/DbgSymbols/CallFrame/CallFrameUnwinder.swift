/// One unwinding step, pure: from a frame's registers, its memory and the CFI row at its
/// pc, computes the CFA and the registers of the caller at the moment of the call.
public struct CallFrameUnwinder: Sendable {
    /// The caller's frame as unwinding recovered it. Registers whose value cannot be known
    /// (undefined, caller-saved, or saved where memory could not be read) are absent.
    public struct CallerFrame: Sendable, Hashable, DwarfRegisterReader {
        /// The canonical frame address of the frame that was unwound: the caller's rsp.
        public var cfa: Address
        public var registers: [Int: UInt64]
        /// Where the caller resumes, or nil when the return address is undefined: the
        /// outermost frame (`_start`, `clone`, Go's `runtime.goexit` and friends).
        public var returnAddress: Address?

        public func registerValue(_ dwarfRegister: Int) -> UInt64? { registers[dwarfRegister] }
    }

    /// Registers that keep their value across calls when the CFI says nothing about them.
    /// The System V set by default. Go frames may want a smaller set (Go's ABIInternal
    /// preserves rbp, and keeps g in the fixed R14), but never without rbp: Go's CFI does not
    /// mention rbp at all, so "same value" is the only way to carry it up the stack.
    public var calleeSaved: Set<Int>

    public init(calleeSaved: Set<Int> = X86_64Register.calleeSaved) {
        self.calleeSaved = calleeSaved
    }

    /// Unwinds one frame. Fails only when the CFA or the return address cannot be found:
    /// without them there is no caller. Other registers that cannot be recovered are left out.
    public func unwind(
        row: CallFrameRow, registers: any DwarfRegisterReader, memory: any DwarfMemoryReader
    ) throws(DwarfExpressionError) -> CallerFrame {
        // Expression evaluators are made only for rules that are expressions: most rows have
        // none, and this runs for every frame of every stack.
        let cfa: UInt64
        switch row.cfa {
        case .registerOffset(let register, let offset):
            guard let base = registers.registerValue(register) else { throw .registerUnavailable(register) }
            cfa = base &+ UInt64(bitPattern: offset)
        case .expression(let operations):
            let evaluator = DwarfExpressionEvaluator(context: DwarfEvaluationContext(registers: registers, memory: memory))
            cfa = try evaluator.evaluateValue(operations)
        }

        var caller: [Int: UInt64] = [:]
        caller.reserveCapacity(row.registers.count + calleeSaved.count + 2)
        // The row's columns, the callee-saved ones it does not mention, and rsp: each once
        // (walked rather than gathered into a set: this runs for every frame of every stack).
        let rsp = X86_64Register.rsp.rawValue
        var columns = Array(row.registers.keys)
        for column in calleeSaved where row.registers[column] == nil { columns.append(column) }
        if row.registers[rsp] == nil && !calleeSaved.contains(rsp) { columns.append(rsp) }
        for column in columns {
            let value: UInt64?
            if let rule = row.registers[column] {
                do {
                    value = try recover(rule, column: column, cfa: cfa, registers: registers, memory: memory)
                } catch {
                    if column == row.returnAddressRegister { throw error }
                    value = nil
                }
            } else if column == X86_64Register.rsp.rawValue {
                value = cfa  // the CFA is, by definition, rsp just before the call
            } else {
                value = registers.registerValue(column)  // callee-saved without a rule: same value
            }
            if let value { caller[column] = value }
        }

        // The caller's pc is the return address; an undefined one ends the stack.
        let returnAddress: Address?
        switch row.registers[row.returnAddressRegister] {
        case nil:
            throw .malformed("the call frame row has no rule for the return address")
        case .undefined?:
            returnAddress = nil
        case .some:
            guard let value = caller[row.returnAddressRegister] else {
                throw .registerUnavailable(row.returnAddressRegister)
            }
            returnAddress = Address(value)
        }
        caller[X86_64Register.rip.rawValue] = returnAddress?.value
        return CallerFrame(cfa: Address(cfa), registers: caller, returnAddress: returnAddress)
    }

    /// The caller's value of a register under `rule`; nil when the rule says it is unknown.
    private func recover(
        _ rule: CallFrameRow.RegisterRule, column: Int, cfa: UInt64, registers: any DwarfRegisterReader,
        memory: any DwarfMemoryReader
    ) throws(DwarfExpressionError) -> UInt64? {
        func evaluator() -> DwarfExpressionEvaluator {
            var context = DwarfEvaluationContext(registers: registers, memory: memory)
            context.canonicalFrameAddress = Address(cfa)
            return DwarfExpressionEvaluator(context: context)
        }
        switch rule {
        case .undefined:
            return nil
        case .sameValue:
            return registers.registerValue(column)
        case .offset(let offset):
            return try load(cfa &+ UInt64(bitPattern: offset), memory: memory)
        case .valueOffset(let offset):
            return cfa &+ UInt64(bitPattern: offset)
        case .register(let number):
            guard let value = registers.registerValue(number) else { throw .registerUnavailable(number) }
            return value
        case .expression(let operations):
            let address = try evaluator().evaluateValue(operations, initialStack: [cfa])
            return try load(address, memory: memory)
        case .valueExpression(let operations):
            return try evaluator().evaluateValue(operations, initialStack: [cfa])
        }
    }

    private func load(_ address: UInt64, memory: any DwarfMemoryReader) throws(DwarfExpressionError) -> UInt64 {
        guard let bytes = memory.readMemory(at: Address(address), count: 8), bytes.count == 8 else {
            throw .memoryUnreadable(Address(address), count: 8)
        }
        var value: UInt64 = 0
        for index in (0..<8).reversed() { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}
