import DbgProcess
import DbgSymbols

extension Target {
    /// The thread's stack, innermost frame first (inlined calls are frames of their own).
    /// With `greenThread`, that green thread's stack (a parked one's from its saved registers).
    public func backtrace(thread: ThreadID, greenThread: Int64? = nil, depth: Int = 64) throws(EngineError) -> [StackFrame] {
        guard !hasEnded else { throw .exited }
        let start = try stackStart(thread: thread, greenThread: greenThread)
        return stackFrames(start: start, thread: thread, greenThread: greenThread, depth: depth)
    }

    /// The frames of a stack from its start: a suspended async task's from its runtime's
    /// async frames; a thread's physical frames, then the async callers of its outermost
    /// async frame where the runtime keeps those off the stack.
    private func stackFrames(
        start: (registers: RegisterValues, thread: ThreadID, isLive: Bool), thread: ThreadID, greenThread: Int64?, depth: Int
    ) -> [StackFrame] {
        let program = runtimeProgram
        if !start.isLive, let id = greenThread ?? chosenGreenThread, let parked = try? self.greenThread(id: id),
           let async = runtime.asyncFrames(of: parked, in: program), !async.isEmpty {
            return Array(asyncStackFrames(async, firstIndex: 0).prefix(max(depth, 1)))
        }
        let physical = frames(from: start.registers, hidden: start.isLive ? hiddenFrameCount(thread: thread) : 0, depth: depth)
        guard let (outermost, callers) = runtime.asyncCallers(of: physical, in: program), !callers.isEmpty else { return physical }
        let firstIndex = physical[outermost].physicalIndex + 1
        return Array((physical[...outermost] + asyncStackFrames(callers, firstIndex: firstIndex)).prefix(max(depth, 1)))
    }

    /// Frames for async frames: each where its resume function's body starts (past the
    /// prologue: where its variables are in scope), with the context it will be given.
    func asyncStackFrames(_ async: [AsyncFrame], firstIndex: Int) -> [StackFrame] {
        async.enumerated().map { index, frame in
            var pc = frame.pc
            if let loaded = images.image(containing: pc), let function = loaded.image.function(containing: loaded.staticAddress(pc)),
               loaded.runtimeAddress(function.entry) == pc {
                pc = loaded.runtimeAddress(loaded.image.breakpointAddress(for: function))
            }
            var stackFrame = symbolize(pc, isReturnAddress: false)
            stackFrame.physicalIndex = firstIndex + index
            stackFrame.pcIsExact = true
            stackFrame.asyncEntryContext = frame.entryContext
            var registers = RegisterValues([:])
            registers[.rip] = pc
            stackFrame.registers = registers
            stackFrame.cfa = nil
            return stackFrame
        }
    }

    private func frames(from registers: RegisterValues, hidden: Int, depth: Int) -> [StackFrame] {
        let frames = stackUnwinder(maxDepth: max(depth, 1) + hidden).backtrace(from: registers)
        return Array(frames.dropFirst(hidden).prefix(max(depth, 1)))
    }

    /// How many innermost (inlined) frames of `thread` a step's stop hides.
    private func hiddenFrameCount(thread: ThreadID) -> Int {
        guard let pc = try? registers(of: thread).rip else { return 0 }
        return hiddenInlineFrames(of: thread, at: pc)
    }

    /// Where a thread is: its innermost frame.
    /// Where `thread` itself is, whichever goroutine `goroutine N` chose to look at.
    public func location(of thread: ThreadID) throws(EngineError) -> StackFrame {
        guard !hasEnded else { throw .exited }
        let registers = try registers(of: thread).dwarfValues
        guard let frame = frames(from: registers, hidden: hiddenFrameCount(thread: thread), depth: 1).first else {
            throw EngineError("cannot find where thread \(thread) is")
        }
        return frame
    }

    /// The scope for expressions in `frame` of `thread`: its variables, then globals.
    /// `deferredCall` N > 0: the scope of the frame's Nth pending deferred call instead.
    public func scope(thread: ThreadID, greenThread: Int64? = nil, frame index: Int, deferredCall: Int = 0) throws(EngineError) -> FrameScope {
        try scopeAndFrame(thread: thread, greenThread: greenThread, frame: index, deferredCall: deferredCall).scope
    }

    func scopeAndFrame(thread: ThreadID, greenThread: Int64?, frame index: Int, deferredCall: Int = 0)
        throws(EngineError) -> (scope: FrameScope, frame: StackFrame)
    {
        guard !hasEnded else { throw .exited }
        guard index >= 0 else { throw EngineError("frame \(index) does not exist", kind: .notFound) }
        let start = try stackStart(thread: thread, greenThread: greenThread)
        let frames = stackFrames(start: start, thread: thread, greenThread: greenThread, depth: index + 1)
        guard index < frames.count else { throw EngineError("frame \(index) does not exist (the stack has \(frames.count))", kind: .notFound) }
        let isDeferred = deferredCall > 0
        let frame = isDeferred
            ? try deferredFrame(deferredCall, of: index, frames: frames, thread: start.thread, greenThread: greenThread)
            : frames[index]
        let isLiveFrame = start.isLive && frame.physicalIndex == 0 && !isDeferred
        guard let loaded = frame.image ?? images.executable else { throw EngineError("no binary is mapped at the frame's pc") }
        let symbols = symbols(of: loaded.image)
        let frameRegisters: any DwarfRegisterReader & Sendable = isLiveFrame
            ? LiveFrameRegisters(general: frame.registers, program: program, thread: start.thread) : frame.registers
        let context = ValueContext(
            types: symbols.typeSystem, memory: memory, registers: frameRegisters,
            symbols: ImageSymbolLookup(images: images.images.map { ($0.image, $0.bias) }),
            writer: ProcessValueWriter(
                traced: traced, thread: start.thread, isInnermostFrame: isLiveFrame),
            constants: symbols)
        var scope = FrameScope(
            symbols: symbols, context: context, bias: loaded.bias, pc: frame.lookupPC, frame: frame.scope, cfa: frame.cfa,
            line: frame.source?.line)
        if start.isLive { scope.threadPointer = start.registers.values[X86_64Register.fsBase.rawValue] }
        scope.fakeAddresses = fakeAddresses
        let callerEntryValues = DeferredEntryValues(images: images, memory: memory, start: start.registers, frame: frame)
        if let context = frame.asyncEntryContext ?? runtime.asyncEntryContext(of: frame, in: runtimeProgram) {
            scope.entryValues = AsyncEntryValues(context: context, otherwise: callerEntryValues)
        } else {
            scope.entryValues = callerEntryValues
        }
        if let name = runtime.currentRecordName, name.typeName == nil {
            // The name's value is the green thread's id.
            let id = start.isLive ? currentGreenThread(of: start.thread)?.id : (greenThread ?? chosenGreenThread)
            scope.currentGreenThread = id.map { (name, UInt64(bitPattern: $0)) }
        } else if let name = runtime.currentRecordName {
            var address: UInt64?
            if start.isLive, let threadPointer = scope.threadPointer {
                address = runtime.currentRecordAddress(threadPointer: threadPointer, in: runtimeProgram)
            } else if let id = greenThread ?? chosenGreenThread {
                address = try? self.greenThread(id: id).address
            }
            scope.currentGreenThread = address.map { (name, $0) }
        }
        return (scope, frame)
    }

    /// Evaluates an expression (or `x = y` assignment) in a frame.
    func evaluate(_ expression: String, thread: ThreadID, greenThread: Int64? = nil, frame: Int, deferredCall: Int = 0)
        throws(EngineError) -> Value
    {
        let scope = try scope(thread: thread, greenThread: greenThread, frame: frame, deferredCall: deferredCall)
        do {
            return try ExpressionEvaluator(scope: scope).evaluate(expression)
        } catch {
            throw EngineError(evaluation: error)
        }
    }

    /// Evaluates an expression and loads its value here, on the ptrace thread, where the
    /// process's memory can be read. An expression whose value is in memory that cannot be
    /// read (`*p` with `p` NULL) fails with one line, as gdb's "Cannot access memory at
    /// address 0x0": a value made of unreadable parts would look like a value.
    public func evaluateAndLoad(_ expression: String, thread: ThreadID, greenThread: Int64? = nil, frame: Int, deferredCall: Int = 0,
                                config: LoadConfig) throws(EngineError) -> LoadedValue
    {
        let value = try evaluate(expression, thread: thread, greenThread: greenThread, frame: frame, deferredCall: deferredCall)
        let loaded = ValueLoader(config: config).load(value)
        if case .memory = value.location, let reason = loaded.unreadable { throw EngineError(reason) }
        return loaded
    }

    /// Evaluates a breakpoint condition in the innermost frame of `thread`.
    func conditionHolds(_ condition: BreakpointCondition, thread: ThreadID) throws(EngineError) -> Bool {
        let scope = try scope(thread: thread, frame: 0)
        do {
            return try ExpressionEvaluator(scope: scope).isTrue(condition.expression)
        } catch {
            throw EngineError("error evaluating '\(condition.text)': \(error.description)")
        }
    }

    /// Arguments (`arguments: true`) or locals of a frame, loaded as `config` says.
    /// `includingResults: false` leaves out Go's result parameters (`~r0`, named results).
    public func variables(arguments: Bool, thread: ThreadID, greenThread: Int64? = nil, frame: Int, deferredCall: Int = 0,
                          config: LoadConfig, includingResults: Bool = true)
        throws(EngineError) -> [LoadedValue]
    {
        let (scope, _) = try scopeAndFrame(thread: thread, greenThread: greenThread, frame: frame, deferredCall: deferredCall)
        let loader = ValueLoader(config: config)
        var entries = scope.frameVariables.filter { $0.variable.isParameter == arguments && !$0.variable.isArtificial }
        if !includingResults { entries.removeAll { $0.variable.isVariableParameter } }
        if scope.language.rules.listsLocalsOuterBlocksFirst, !arguments { entries = Self.localsOuterBlocksFirst(entries) }
        return entries
            .map { entry in
                var loaded = loader.load(entry.value)
                if entry.variable.isShadowed { loaded.isShadowed = true }
                return loaded
            }
    }
}

extension Target {
    /// Locals in the order Delve lists Go's: outer blocks first, each block's in declaration
    /// order. (The scope already hides those not declared yet.)
    static func localsOuterBlocksFirst(_ entries: [(variable: Variable, value: Value)]) -> [(variable: Variable, value: Value)] {
        entries
            .enumerated()
            .sorted { a, b in
                let (left, right) = (a.element.variable, b.element.variable)
                if left.scope.depth != right.scope.depth { return left.scope.depth < right.scope.depth }
                let (leftLine, rightLine) = (left.declLine ?? 0, right.declLine ?? 0)
                return leftLine != rightLine ? leftLine < rightLine : a.offset < b.offset
            }
            .map(\.element)
    }
}
