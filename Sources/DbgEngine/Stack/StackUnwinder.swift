import DbgSymbols

/// Walks a thread's stack: by call frame information (.eh_frame / .debug_frame of the
/// image that holds each pc), falling back to the frame-pointer chain, then expands every
/// physical frame into its inlined calls.
public struct StackUnwinder: Sendable {
    public let images: ImageMap
    public let memory: any TargetMemory
    public var maxDepth: Int

    /// Calls the debugger made that have not returned (Target+Calls), by the CFA of the
    /// called function's frame: the walk goes on through them to the frames they were made
    /// from.
    public var debuggerCalls: [UInt64: DebuggerCallFrame] = [:]

    /// A call in progress, as the walk sees it: the called function returns to
    /// `returnAddress` (dbg's trap), and the stack goes on from `callerRegisters`, the
    /// thread's before the call (its pc where it was stopped, exact).
    public struct DebuggerCallFrame: Sendable {
        public var returnAddress: UInt64
        public var callerRegisters: RegisterValues

        public init(returnAddress: UInt64, callerRegisters: RegisterValues) {
            self.returnAddress = returnAddress
            self.callerRegisters = callerRegisters
        }
    }

    /// How the frame of a debugger's call is named, as gdb names its dummy frame.
    public static let debuggerCallName = "<function called from dbg>"

    public init(images: ImageMap, memory: any TargetMemory, maxDepth: Int = 64) {
        self.images = images
        self.memory = memory
        self.maxDepth = maxDepth
    }

    /// Frames from the innermost out, starting from a thread's registers.
    /// What gdb calls the kernel's return path from a signal handler.
    public static let signalTrampolineName = "<signal handler called>"

    public func backtrace(from registers: RegisterValues) -> [StackFrame] {
        var frames: [StackFrame] = []
        let physical = physicalFrames(from: registers)
        for (index, frame) in physical.enumerated() {
            frames += expand(frame, index: index)
            if index + 1 < physical.count { frames += tailCallFrames(between: frame, index: index, and: physical[index + 1]) }
        }
        return frames
    }

    /// The frames of the tail calls that led from `caller`'s call to `callee`'s function
    /// (see `TailCallChain`). Each is named for the innermost function at its address (gdb
    /// does not show the calls inlined there as frames of their own), and has the caller's
    /// registers and the callee's CFA: the tail calls reused that frame.
    private func tailCallFrames(between callee: PhysicalFrame, index: Int, and caller: PhysicalFrame) -> [StackFrame] {
        guard !callee.isSignalTrampoline, !caller.wasInterrupted, !caller.isDebuggerCall else { return [] }
        let lookup = index == 0 || callee.wasInterrupted ? callee.pc : callee.pc &- 1
        guard let loaded = images.image(containing: lookup),
              let function = loaded.image.function(containing: loaded.staticAddress(lookup))
        else { return [] }
        let pcs = TailCallChain(images: images).framePCs(
            returningTo: caller.pc, calleeEntry: loaded.runtimeAddress(function.entry), calleeName: function.symbol?.name ?? function.name)
        return pcs.map { pc in
            var registers = caller.registers
            registers[.rip] = pc
            let frameLoaded = images.image(containing: pc &- 1)
            let address = frameLoaded.map { $0.staticAddress(pc &- 1) }
            let scope = address.flatMap { address in frameLoaded?.image.debugInfo.flatMap { ScopeReader(debugInfo: $0).innermostFrame(at: address) } }
            let function = address.flatMap { frameLoaded?.image.function(containing: $0) }
            var frame = StackFrame(
                pc: pc, cfa: callee.cfa, registers: registers, image: frameLoaded, function: function,
                name: scope?.name ?? function?.name, source: address.flatMap { frameLoaded?.image.sourceLocation(for: $0) },
                scope: scope, isInlined: false, physicalIndex: index + 1)
            frame.isTailCall = true
            return frame
        }
    }

    struct PhysicalFrame {
        var pc: UInt64
        var cfa: UInt64?
        var registers: RegisterValues
        /// Where a signal interrupted the program (its pc is exact, not a return address).
        var wasInterrupted = false
        /// The kernel's return path from a signal handler (`__restore_rt`).
        var isSignalTrampoline = false
        /// Where a function the debugger called returns (gdb's dummy frame).
        var isDebuggerCall = false
    }

    /// The physical frames from `start` outwards, up to `maxDepth`, or up to and including the
    /// first for which `isLast` holds (a walk that needs only the top of the stack).
    func physicalFrames(from start: RegisterValues, until isLast: (PhysicalFrame, Int) -> Bool = { _, _ in false })
        -> [PhysicalFrame]
    {
        var frames: [PhysicalFrame] = []
        var registers = start
        var previousCFA: UInt64?
        var interrupted = false
        while frames.count < maxDepth, let pc = registers[.rip], pc != 0 {
            let lookup = frames.isEmpty || interrupted ? pc : pc &- 1
            guard let caller = unwindOne(registers: registers, lookupPC: lookup) else {
                frames.append(PhysicalFrame(pc: pc, cfa: nil, registers: registers, wasInterrupted: interrupted))
                break
            }
            frames.append(PhysicalFrame(
                pc: pc, cfa: caller.cfa, registers: registers, wasInterrupted: interrupted,
                isSignalTrampoline: caller.isSignalFrame))
            if isLast(frames[frames.count - 1], frames.count - 1) { break }
            interrupted = caller.isSignalFrame
            // Stacks grow down: a caller's frame must lie above. Anything else is a loop
            // or garbage, and the walk ends there.
            if let previousCFA, caller.cfa <= previousCFA { break }
            previousCFA = caller.cfa
            guard let next = caller.registers else { break }  // the outermost frame
            if let call = debuggerCalls[caller.cfa], next[.rip] == call.returnAddress {
                // The function returns into a call the debugger made: that call's frame, then
                // the frame it was made from, as the thread was before it.
                let dummy = PhysicalFrame(
                    pc: call.returnAddress, cfa: call.callerRegisters[.rsp], registers: next, isDebuggerCall: true)
                frames.append(dummy)
                if frames.count >= maxDepth || isLast(dummy, frames.count - 1) { break }
                previousCFA = call.callerRegisters[.rsp]
                registers = call.callerRegisters
                interrupted = true
                continue
            }
            // A return address in no mapped binary is not code: what the CFI found there is
            // data (argc on an entry stack, a corrupt frame), and the walk ends.
            guard let returnAddress = next[.rip], images.image(containing: returnAddress) != nil else { break }
            registers = next
        }
        return frames
    }

    /// The CFA of the frame at `lookupPC` and its caller's registers (nil registers: no caller).
    private func unwindOne(registers: RegisterValues, lookupPC: UInt64)
        -> (cfa: UInt64, registers: RegisterValues?, isSignalFrame: Bool)?
    {
        if let loaded = images.image(containing: lookupPC),
           let table = try? loaded.image.callFrameTable(),
           let row = try? table.row(at: loaded.staticAddress(lookupPC)),
           let caller = try? CallFrameUnwinder().unwind(row: row, registers: registers, memory: DwarfMemoryAdapter(memory))
        {
            guard let returnAddress = caller.returnAddress, returnAddress.value != 0 else {
                return (caller.cfa.value, nil, row.isSignalFrame)
            }
            // The caller's registers hold its rip (the return address) already.
            return (caller.cfa.value, RegisterValues(caller.registers), row.isSignalFrame)
        }
        return unwindByFramePointer(registers).map { ($0.cfa, $0.registers, false) }
    }

    /// Code without CFI that keeps a frame pointer: [rbp] is the caller's rbp, [rbp+8] the
    /// return address.
    private func unwindByFramePointer(_ registers: RegisterValues) -> (cfa: UInt64, registers: RegisterValues?)? {
        guard let rbp = registers[.rbp], rbp != 0, rbp % 8 == 0,
              let savedRBP = try? memory.readUInt64(at: rbp),
              let returnAddress = try? memory.readUInt64(at: rbp &+ 8)
        else { return nil }
        let cfa = rbp &+ 16
        guard returnAddress != 0, images.image(containing: returnAddress) != nil else { return (cfa, nil) }
        var next = RegisterValues([:])
        next[.rip] = returnAddress
        next[.rsp] = cfa
        next[.rbp] = savedRBP
        return (cfa, next)
    }

    /// One physical frame as the frames a user sees: its inlined calls (innermost first),
    /// then the function that holds them.
    func expand(_ physical: PhysicalFrame, index: Int) -> [StackFrame] {
        let lookup = index == 0 || physical.wasInterrupted ? physical.pc : physical.pc &- 1
        let loaded = images.image(containing: lookup)
        let address = loaded.map { $0.staticAddress(lookup) }
        let function = address.flatMap { loaded?.image.function(containing: $0) }
        let source = address.flatMap { loaded?.image.sourceLocation(for: $0) }
        var base = StackFrame(
            pc: physical.pc, cfa: physical.cfa, registers: physical.registers, image: loaded, function: function,
            name: function?.name, source: source, scope: nil, isInlined: false, physicalIndex: index)
        base.pcIsExact = physical.wasInterrupted
        if physical.isDebuggerCall {
            base.name = Self.debuggerCallName
            return [base]
        }
        if physical.isSignalTrampoline {
            // Named as gdb names it wherever the pc is in it (at its first instruction, where
            // a handler returns to, the symbol table calls it __restore_rt).
            base.name = Self.signalTrampolineName
            return [base]
        }
        guard let loaded, let address, let debugInfo = loaded.image.debugInfo else { return [base] }
        let scopes = ScopeReader(debugInfo: debugInfo).frames(at: address)
        guard !scopes.isEmpty else { return [base] }
        // scopes: the function first, innermost inlined call last. Each inlined call's
        // call site is where its caller (the next scope out) is stopped.
        var frames: [StackFrame] = []
        var location = source
        for scope in scopes.reversed() {
            var frame = base
            frame.scope = scope
            frame.name = scope.name
            frame.isInlined = scope.isInlined
            frame.source = location
            frames.append(frame)
            if let call = scope.inlinedCall, let file = call.callFile {
                location = SourceLocation(file: file, line: Int(call.callLine), column: Int(call.callColumn))
            }
        }
        return frames
    }
}
