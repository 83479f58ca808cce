import DbgSymbols

/// DW_OP_entry_value for a frame: what a register held when the function was entered,
/// computed in its caller from the call site's DW_AT_call_value (gdb's `x@entry`). Only
/// the register forms that compilers emit (`DW_OP_entry_value(DW_OP_regN)`) are resolved.
struct CallerEntryValues: DwarfEntryValueResolver {
    let parameters: [CallSiteParameter]
    /// The caller's frame: its registers (callee-saved ones recovered), CFA and memory.
    let registers: RegisterValues
    let cfa: UInt64?
    let memory: any TargetMemory
    /// The caller's image load bias, for DW_OP_addr in a call value.
    let bias: UInt64

    func entryValue(of subexpression: [DwarfOperation]) -> UInt64? {
        guard let parameter = parameters.first(where: { Self.sameLocation($0.location, subexpression) }) else { return nil }
        let context = DwarfEvaluationContext(
            registers: registers, memory: DwarfMemoryAdapter(memory), canonicalFrameAddress: cfa.map(Address.init))
        let operations = parameter.value.map { operation in
            var moved = operation
            if operation.opcode == 0x03 { moved.operand1 = operation.operand1 &+ bias }  // DW_OP_addr
            return moved
        }
        return try? DwarfExpressionEvaluator(context: context).evaluateValue(operations)
    }

    private static func sameLocation(_ a: [DwarfOperation], _ b: [DwarfOperation]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.opcode == y.opcode && x.operand1 == y.operand1 && x.operand2 == y.operand2 && x.block == y.block
        }
    }
}

/// Entry values found only when an expression asks for one (optimised code): finding the
/// caller's call site takes unwinding one more frame and reading the caller's unit, too
/// much for every scope a breakpoint condition builds.
struct DeferredEntryValues: DwarfEntryValueResolver, Sendable {
    let images: ImageMap
    let memory: any TargetMemory
    /// Where the stack walk starts, and the frame whose entry values are asked for.
    let start: RegisterValues
    let frame: StackFrame

    func entryValue(of subexpression: [DwarfOperation]) -> UInt64? {
        let frames = StackUnwinder(images: images, memory: memory, maxDepth: frame.physicalIndex + 2).backtrace(from: start)
        // The frame that called this one: the next physical frame's first (a tail call's frame,
        // when tail calls led here); for a tail call's frame, the frame after it.
        let caller = frame.isTailCall
            ? frames.firstIndex { $0.isTailCall && $0.pc == frame.pc && $0.physicalIndex == frame.physicalIndex }
                .flatMap { frames.indices.contains($0 + 1) ? frames[$0 + 1] : nil }
            : frames.first { $0.physicalIndex == frame.physicalIndex + 1 }
        guard let caller, !caller.pcIsExact, let loaded = caller.image else { return nil }
        let parameters = loaded.image.callSiteParameters(returningTo: loaded.staticAddress(caller.pc))
        guard !parameters.isEmpty else { return nil }
        return CallerEntryValues(
            parameters: parameters, registers: caller.registers, cfa: caller.cfa, memory: memory, bias: loaded.bias
        ).entryValue(of: subexpression)
    }
}
