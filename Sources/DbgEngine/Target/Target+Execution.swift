import DbgProcess
import DbgSymbols

extension Target {
    /// Runs until a breakpoint, a signal, a halt or the end (tracepoints print and go on).
    /// With `returningAtTracepoints`, it comes back at each tracepoint pass (reason
    /// `.tracepoint`, the program stopped) so that a front end prints passes as they happen.
    /// While a function dbg called is stopped inside, it finishes that call instead (see
    /// Target+Calls).
    public func continueExecution(returningAtTracepoints: Bool = false) async throws(EngineError) -> StopReport {
        _ = try live()
        if hasSuspendedCalls { return try await finishSuspendedCall(config: .default) }
        return try await run(returningAtTracepoints: returningAtTracepoints)
    }

    /// Stops the running program from any thread (Ctrl-C, the API's halt).
    public nonisolated func halt() { _ = traced?.halt() }

    /// Brackets a user's continue or step, from any thread, before the hop to the ptrace
    /// thread: a halt anywhere inside it stops the program (see HaltControl).
    public nonisolated func beginUserRun() { traced?.beginUserRun() }
    public nonisolated func endUserRun() { traced?.endUserRun() }

    public nonisolated var isRunning: Bool { traced?.isRunning ?? false }

    public func next() async throws(EngineError) -> StopReport { try await step(.next) }
    public func stepIn() async throws(EngineError) -> StopReport { try await step(.step) }
    public func stepOut() async throws(EngineError) -> StopReport { try await step(.stepOut) }

    /// Executes one instruction of the selected thread.
    public func stepInstruction() async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        let process = try live()
        try refuseStepInsideCall()
        let thread = selectedThread
        forgetHiddenInlineFrames()
        let event: StopEvent
        fakeAddresses.forgetAll()
        do { event = try await process.stepInstruction(thread) } catch { throw .from(error) }
        return await parked(finish(try await report(for: event, traces: []) ?? StopReport(reason: .step, thread: thread)))
    }

    /// Executes one instruction, running a called function to its return.
    public func nextInstruction() async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        _ = try live()
        try refuseStepInsideCall()
        let thread = selectedThread
        let pc = try registers(of: thread).rip
        guard let code = try? memory.read(at: pc, count: 16),
              let instruction = Disassembler().decode(code, at: pc).first, instruction.isCall,
              let cfa = frameCFA(of: thread)
        else { return try await stepInstruction() }
        var plan = StepPlan(
            kind: .stepOut, thread: thread, frameCFA: cfa, lineStops: [], returnAddress: instruction.nextAddress,
            callerCFA: cfa, callSites: [], entryStop: nil)
        plan.byInstruction = true
        if let greenThread = currentGreenThread(of: thread) { follow(greenThread, in: &plan, framePC: pc, callerPC: pc, registers: nil) }
        stepPlan = plan
        return try await runPlan()
    }

    // MARK: Stepping by source line

    private func step(_ kind: StepPlan.Kind) async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        _ = try live()
        try refuseStepInsideCall()
        // A step interrupted by another thread's (goroutine's) breakpoint goes on where it was.
        if let plan = stepPlan, plan.thread == selectedThread || lastStop.interruptedStep {
            selectedThread = plan.thread
            chosenGreenThread = nil
            return try await runPlan()
        }
        if kind == .step, let report = stepIntoHiddenInlineFrame() { return report }
        // A goroutine chosen with `goroutine N` that no thread runs steps from where it is
        // parked: the plan follows it to whichever thread picks it up.
        let start = try stackStart(thread: selectedThread, greenThread: chosenGreenThread)
        // In a PLT stub (after a `stepi` into it), gdb's step goes on to the function the
        // stub jumps to, as a step into the call would have.
        if kind == .step, start.isLive, let pc = try? registers(of: selectedThread).rip, isInLinkageTable(pc) {
            stepPlan = try makePlan(kind, thread: selectedThread, registers: start.registers, greenThread: nil)
            if try await enterCallee(thread: selectedThread) { return await parked(finish(StopReport(reason: .step, thread: selectedThread))) }
            return try await runPlan()
        }
        if kind == .stepOut, start.isLive, let plan = try inlinedCallExitPlan(thread: selectedThread, registers: start.registers) {
            stepPlan = plan
            return try await runPlan()
        }
        let greenThread = start.isLive ? currentGreenThread(of: selectedThread) : chosenGreenThread.flatMap { try? self.greenThread(id: $0) }
        stepPlan = try makePlan(kind, thread: selectedThread, registers: start.registers, greenThread: greenThread)
        return try await runPlan()
    }

    private func runPlan() async throws(EngineError) -> StopReport {
        guard let plan = stepPlan else { return try await run() }
        // A line that starts with its call (or its tail call): the thread is already at the
        // call site, which a breakpoint there would not report.
        if plan.entryStop == nil, let pc = try? registers(of: plan.thread).rip {
            if plan.callSites.contains(pc), try await stepIntoCall(thread: plan.thread) {
                return await parked(finish(StopReport(reason: .step, thread: plan.thread)))
            }
            if plan.tailCallSites.contains(pc), try await followTailCall(thread: plan.thread) {
                return await parked(finish(StopReport(reason: .step, thread: plan.thread)))
            }
        }
        // Following the tail call may have replanned the step from the callee.
        try syncStepBreaklets()
        return try await run()
    }

    /// Makes `plan` the step's plan in place of the current one, mid-step.
    func replacePlan(with plan: StepPlan) throws(EngineError) {
        stepPlan = plan
        try syncStepBreaklets()
    }

    func makePlan(_ kind: StepPlan.Kind, thread: ThreadID, registers: RegisterValues, greenThread: GreenThread?)
        throws(EngineError) -> StepPlan
    {
        let physical = StackUnwinder(images: images, memory: memory, maxDepth: 4).physicalFrames(from: registers)
        guard let top = physical.first, let cfa = top.cfa else {
            throw EngineError("cannot step: the current frame cannot be unwound")
        }
        // Returning into a Go wrapper (a method value's `-fm`, a deferred call's closure) or
        // into a runtime passage (Go's deferreturn) goes on to their caller, as Delve's step
        // does: they have no source of the user's to stop in.
        var callers = physical.dropFirst()
        while callers.count > 1, let caller = callers.first, isGeneratedWrapper(caller.pc) || isRuntimePassage(caller.pc) {
            callers = callers.dropFirst()
        }
        var plan = StepPlan(
            kind: kind, thread: thread, frameCFA: cfa, lineStops: [], returnAddress: callers.first?.pc,
            callerCFA: callers.first?.cfa, callSites: [], entryStop: nil)
        if let loaded = images.image(containing: top.pc),
           let function = loaded.image.function(containing: loaded.staticAddress(top.pc))?.function {
            plan.returning = (loaded.path, function.offset)
        }
        if let greenThread {
            plan.deferStop = newestDeferredCallEntry(of: greenThread, frameCFA: cfa)
            follow(greenThread, in: &plan, framePC: top.pc, callerPC: callers.first?.pc ?? 0, registers: registers)
            // An async function returns to its async caller, resumed from its context.
            if let (address, identity) = runtime.asyncReturn(ofFrameAt: top.pc, cfa: cfa, in: runtimeProgram) {
                plan.returnAddress = address
                plan.callerCFA = identity
            }
        }
        guard kind != .stepOut, let (loaded, function, unit, table) = lineContext(at: top.pc),
              let current = table.row(for: loaded.staticAddress(top.pc))
        else {
            plan.kind = .stepOut  // no line information here: run to the caller, as gdb does
            return plan
        }
        if unit.language.rules.stepping == .statements {
            planStatementStops(&plan, in: function, of: loaded, table: table, from: top.pc)
            addAsyncSiblingStops(to: &plan, from: top.pc, table: table)
            return plan
        }
        var currentLineRanges: [AddressRange] = []
        for (index, row) in table.rows.enumerated() where !row.isEndSequence && function.contains(row.address) {
            if row.line == current.line && row.file == current.file {
                if index + 1 < table.rows.count {
                    currentLineRanges.append(AddressRange(low: row.address, high: table.rows[index + 1].address))
                }
            } else if row.isStatement && row.line != 0 {
                plan.lineStops.insert(loaded.runtimeAddress(row.address))
            }
        }
        if kind == .step {
            plan.callSites = callInstructions(in: currentLineRanges, of: loaded)
        }
        return plan
    }

    /// Where the newest call deferred by the frame whose CFA is `frameCFA` starts (after its
    /// prologue, through Go's wrapper to the deferred function); nil when it deferred none.
    private func newestDeferredCallEntry(of greenThread: GreenThread, frameCFA: UInt64) -> UInt64? {
        let program = runtimeProgram
        guard let newest = runtime.deferredCalls(of: greenThread, in: program).first,
              newest.unreadable == nil, newest.sp < frameCFA
        else { return nil }
        let start = runtime.unwrappedStart(newest.functionPC, in: program)
        guard let loaded = images.image(containing: start),
              let function = loaded.image.function(containing: loaded.staticAddress(start))
        else { return nil }
        return loaded.runtimeAddress(loaded.image.breakpointAddress(for: function))
    }

    /// Whether `pc` is in a runtime function a return passes through (Go's deferreturn,
    /// which runs a frame's deferred calls).
    private func isRuntimePassage(_ pc: UInt64) -> Bool {
        guard hasGreenThreads, let name = images.describe(pc)?.function?.name else { return false }
        return runtime.isReturnPassage(name)
    }

    /// Whether `pc` is in code the Go compiler generated (no source of its own).
    private func isGeneratedWrapper(_ pc: UInt64) -> Bool {
        guard let loaded = images.image(containing: pc) else { return false }
        return loaded.image.sourceLocation(for: loaded.staticAddress(pc &- 1))?.file == GoGeneratedCode.file
    }

    /// The CALL instructions in `ranges` (runtime addresses), decoded from the process.
    private func callInstructions(in ranges: [AddressRange], of loaded: LoadedImage) -> Set<UInt64> {
        Set(instructions(in: ranges, of: loaded).filter(\.isCall).map(\.address))
    }

    /// The instructions in `ranges` (static), decoded from the process.
    func instructions(in ranges: [AddressRange], of loaded: LoadedImage) -> [Instruction] {
        var found: [Instruction] = []
        for range in ranges where !range.isEmpty && range.size < 1 << 16 {
            let start = loaded.runtimeAddress(range.low)
            guard let code = try? memory.read(at: start, count: Int(range.size)) else { continue }
            found += Disassembler().decode(code, at: start)
        }
        return found
    }

    /// The binary, function, unit and line table of the code at `pc` (runtime); nil where
    /// there is no line information.
    func lineContext(at pc: UInt64) -> (loaded: LoadedImage, function: Function, unit: CompileUnit, table: LineTable)? {
        guard let loaded = images.image(containing: pc),
              let function = loaded.image.function(containing: loaded.staticAddress(pc))?.function,
              let debugInfo = loaded.image.debugInfo, let unit = debugInfo.unit(containing: function.entry),
              let table = try? debugInfo.lineTable(of: unit)
        else { return nil }
        return (loaded, function, unit, table)
    }

    /// The CFA of a thread's innermost physical frame.
    func frameCFA(of thread: ThreadID) -> UInt64? {
        guard let registers = try? registers(of: thread).dwarfValues else { return nil }
        return StackUnwinder(images: images, memory: memory, maxDepth: 1).physicalFrames(from: registers).first?.cfa
    }

    // MARK: The run loop

    /// Resumes all threads and handles stops until one is for the user.
    func run(returningAtTracepoints: Bool = false) async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        forgetGreenThreads()
        var traces: [TraceHit] = []
        while true {
            forgetHiddenInlineFrames()
            let event: StopEvent
            fakeAddresses.forgetAll()
            let process = try live()
            do { event = try await process.cont() } catch { throw .from(error) }
            if let report = try await report(for: event, collecting: &traces) {
                return await parked(finish(report))
            }
            if returningAtTracepoints, let last = traces.last {
                // Not parked: the caller prints the trace and goes on at once.
                return finish(StopReport(reason: .tracepoint(id: last.breakpointID), thread: last.thread, traces: traces))
            }
        }
    }

    private func report(for event: StopEvent, traces: [TraceHit]) async throws(EngineError) -> StopReport? {
        var collected = traces
        switch event {
        case .stepped(let thread):
            return StopReport(reason: .step, thread: thread, traces: collected)
        default:
            return try await handle(event, collecting: &collected)
        }
    }

    private func report(for event: StopEvent, collecting collected: inout [TraceHit]) async throws(EngineError) -> StopReport? {
        if case .signal(let thread, let info) = event, info.isTrapInstruction {
            return try await hardcodedBreakpoint(thread: thread, traces: collected)
        }
        return try await handle(event, collecting: &collected, entersCalls: true)
    }

    /// What a thread's hit of the int3 at `address` means, from the breaklets there: a report
    /// for the user, or nil to go on. `entersCalls`: a step's call sites and tail calls are
    /// followed (not while executing a single instruction).
    private func decide(at address: UInt64, thread: ThreadID, traces: inout [TraceHit], entersCalls: Bool)
        async throws(EngineError) -> StopReport?
    {
        if breaklets.at(address).contains(where: { $0.reason == .libraryEvent }) {
            refreshImages()
            resolvePendingBreakpoints()
        }
        let here = breaklets.at(address)
        if let plan = stepPlan {
            for breaklet in here where breaklet.isStep {
                switch breaklet.reason {
                case .stepIntoCall where entersCalls && isInStepFrame(plan, thread: thread):
                    return try await stepIntoCall(thread: thread) ? StopReport(reason: .step, thread: thread, traces: traces) : nil
                case .stepTailCall where entersCalls && isInStepFrame(plan, thread: thread):
                    return try await followTailCall(thread: thread) ? StopReport(reason: .step, thread: thread, traces: traces) : nil
                case .stepReplan:
                    guard let replan = plan.replanSites[address], isInStepFrame(plan, thread: thread) else { continue }
                    try self.replan(thread: thread, at: address, replan)
                    return nil
                default:
                    continue
                }
            }
        }
        if here.contains(where: { $0.reason == .stackMoved }) { followStackMoves() }
        let ended = endWatchScopes(at: address, thread: thread)
        var report = try await decideBreakpoints(at: address, here: here, thread: thread, traces: &traces)
        if !ended.isEmpty {
            // Stopped where the frame returned, as Delve: the position, and what went away.
            report = report ?? StopReport(reason: .step, thread: thread, traces: traces)
            report?.watchOutOfScope = ended
        }
        return report
    }

    /// The step's and the user's breakpoints at `address` (see `decide`).
    private func decideBreakpoints(at address: UInt64, here: [Breaklet], thread: ThreadID, traces: inout [TraceHit])
        async throws(EngineError) -> StopReport?
    {
        let ids = breakpointsAt(address)
        if !ids.isEmpty { noteHiddenInlineFramesAtBreakpoint(thread: thread, pc: address) }
        if here.contains(where: { $0.reason == .stepStop }), let plan = stepPlan, planStops(plan, at: address, thread: thread) {
            if address == plan.returnAddress && plan.kind != .stepOut && plan.greenThread == nil,
               try continuesAfterReturn(thread: thread, at: address) {
                return nil
            }
            // A step that ends on a user breakpoint stops at that breakpoint, as in Delve: a
            // hit when its conditions hold, shown with its counts either way.
            for id in ids where try userBreakpointStops(id: id, thread: thread, address: address, traces: &traces) == true {
                return StopReport(reason: .breakpoint(id: id), thread: thread, traces: traces)
            }
            return StopReport(reason: ids.first.map { .breakpoint(id: $0) } ?? .step, thread: thread, traces: traces)
        }
        // Breakpoints sharing the address all count the hit (gdb); the first one reports it.
        var stoppedBy: Int?
        for id in ids {
            guard let stop = try userBreakpointStops(id: id, thread: thread, address: address, traces: &traces) else { continue }
            if stop && stoppedBy == nil { stoppedBy = id }
        }
        if stoppedBy != nil, stepsPassOtherGreenThreadsBreakpoints, let plan = stepPlan, plan.greenThread != nil,
           !follows(plan, thread: thread) {
            return nil
        }
        return stoppedBy.map { StopReport(reason: .breakpoint(id: $0), thread: thread, traces: traces) }
    }

    /// See `stepsPassOtherGreenThreadsBreakpoints`.
    public func setStepsPassOtherGreenThreadsBreakpoints(_ passes: Bool) { stepsPassOtherGreenThreadsBreakpoints = passes }

    /// Whether `thread` is in the frame the step started in (by CFA, on its green thread).
    private func isInStepFrame(_ plan: StepPlan, thread: ThreadID) -> Bool {
        guard let cfa = frameCFA(of: thread), let pc = try? registers(of: thread).rip else { return false }
        return measure(cfa, pc: pc, for: plan, on: thread) == plan.frameCFA
    }

    /// Turns one stop of the process into a report for the user, or nil to go on.
    /// `entersCalls`: see `decide`.
    private func handle(_ event: StopEvent, collecting traces: inout [TraceHit], entersCalls: Bool = false)
        async throws(EngineError) -> StopReport?
    {
        switch event {
        case .breakpoint(let thread, let address):
            return try await decide(at: address, thread: thread, traces: &traces, entersCalls: entersCalls)
        case .stepped(let thread):
            return StopReport(reason: .step, thread: thread, traces: traces)
        case .signal(let thread, let info) where info.isHardwareBreakpoint:
            return await watchpointHit(thread: thread, traces: traces)
        case .signal(let thread, let info):
            // A runtime that handles its signals itself (Go: a nil dereference becomes a panic,
            // which may be recovered) gets them without a stop, as under Delve. What ends the
            // program stops at the runtime's event breakpoints instead.
            if runtime.handlesSignals && info.signal != .sigstop { return nil }
            return StopReport(reason: .signal(info), thread: thread, traces: traces)
        case .halted(let thread):
            return StopReport(reason: .halted, thread: thread, traces: traces)
        case .exec:
            // The address space is new and holds no int3: breakpoints resolve again in the new
            // program (as gdb re-sets them), the runtime's own come from the new runtime.
            breaklets.removeAll()
            watchedValues = [:]
            stepPlan = nil
            refreshImages()
            runtime = GreenThreadRuntimes.detect(executable: images.executable)
            watchLibraryLoads()
            for id in Array(breakpoints.keys) {
                // Watchpoints go: the kernel cleared the debug registers, and the data is gone.
                if id < 0 || breakpoints[id]?.watch != nil { breakpoints[id] = nil } else { breakpoints[id]?.locations = [] }
            }
            resolvePendingBreakpoints()
            installRuntimeBreakpoints()
            return nil
        case .threadExited:
            return nil
        case .exited(let code):
            return StopReport(reason: .exited(code: code), thread: nil, traces: traces)
        case .killed(let signal, _):
            return StopReport(reason: .killed(signal: signal), thread: nil, traces: traces)
        }
    }

    private func planStops(_ plan: StepPlan, at address: UInt64, thread: ThreadID) -> Bool {
        guard plan.addresses.contains(address) else { return false }
        if address == plan.entryStop || address == plan.deferStop { return follows(plan, thread: thread) }
        let needsCFA = plan.lineStops.contains(address) || address == plan.returnAddress
        guard needsCFA, let cfa = frameCFA(of: thread), let frame = measure(cfa, pc: address, for: plan, on: thread) else { return false }
        if plan.lineStops.contains(address) && frame == plan.frameCFA { return true }
        if address == plan.returnAddress && frame == plan.callerCFA { return true }
        return false
    }

    /// With green threads, ties the step to the current one rather than to the thread,
    /// measuring its frames as its runtime does.
    func follow(_ greenThread: GreenThread, in plan: inout StepPlan, framePC: UInt64, callerPC: UInt64, registers: RegisterValues?) {
        let program = runtimeProgram
        plan.greenThread = greenThread.id
        plan.frameCFA = runtime.frameIdentity(cfa: plan.frameCFA, pc: framePC, registers: registers, in: greenThread, program: program)
        plan.callerCFA = plan.callerCFA.map {
            runtime.frameIdentity(cfa: $0, pc: callerPC, registers: nil, in: greenThread, program: program)
        }
    }

    /// An async function's other pieces (the code after each `await`) hold the step's next
    /// lines too: their statements other than the current line are stops, in the same frame
    /// (the runtime's frame identity follows the frame from piece to piece).
    private func addAsyncSiblingStops(to plan: inout StepPlan, from pc: UInt64, table: LineTable) {
        guard plan.greenThread != nil, plan.kind != .stepOut, let loaded = images.image(containing: pc),
              let location = table.statements.location(for: loaded.staticAddress(pc)), let file = table.fileName(location.file)
        else { return }
        let current = StatementStops.Line(file: file, line: location.line)
        for entry in runtime.asyncSiblings(ofFunctionAt: pc, in: runtimeProgram) {
            guard let (siblingImage, sibling, _, siblingTable) = lineContext(at: entry), siblingImage.path == loaded.path,
                  !sibling.contains(loaded.staticAddress(pc))
            else { continue }
            let stops = StatementStops(
                function: sibling, table: siblingTable, kind: .next, start: sibling.entry, hiddenAtStart: 0, current: .some(current))
            for (address, hidden) in stops.stops {
                plan.lineStops.insert(siblingImage.runtimeAddress(address))
                plan.hiddenInlineFrames[siblingImage.runtimeAddress(address)] = hidden
            }
        }
    }

    /// Whether `thread` runs what the step follows: its green thread, or the thread itself.
    private func follows(_ plan: StepPlan, thread: ThreadID) -> Bool {
        guard let id = plan.greenThread else { return thread == plan.thread }
        return currentGreenThread(of: thread)?.id == id
    }

    /// A CFA on `thread` in the plan's terms; nil when the thread does not run the step's
    /// green thread (or thread).
    private func measure(_ cfa: UInt64, pc: UInt64, for plan: StepPlan, on thread: ThreadID) -> UInt64? {
        guard let id = plan.greenThread else { return thread == plan.thread ? cfa : nil }
        guard let greenThread = currentGreenThread(of: thread), greenThread.id == id else { return nil }
        return runtime.frameIdentity(
            cfa: cfa, pc: pc, registers: try? registers(of: thread).dwarfValues, in: greenThread, program: runtimeProgram)
    }

    /// At a call on the line being stepped: into the callee when it has line information
    /// (stopping after its prologue), through a PLT stub to the library function it
    /// jumps to; over it otherwise. True when the callee's first statement is where the
    /// call landed: the step ends there.
    private func stepIntoCall(thread: ThreadID) async throws(EngineError) -> Bool {
        fakeAddresses.forgetAll()
        let process = try live()
        do { _ = try await process.stepInstruction(thread) } catch { throw .from(error) }
        return try await enterCallee(thread: thread)
    }

    /// `thread` is at the first instruction of a callee (or of a PLT stub): see
    /// `stepIntoCall`.
    private func enterCallee(thread: ThreadID) async throws(EngineError) -> Bool {
        if let pc = try? registers(of: thread).rip, isInLinkageTable(pc) {
            guard try await followLinkageStub(thread: thread) else { return false }
        }
        guard let pc = try? registers(of: thread).rip, let loaded = images.image(containing: pc),
              let callee = loaded.image.function(containing: loaded.staticAddress(pc)), callee.function != nil,
              let source = loaded.image.sourceLocation(for: loaded.staticAddress(pc)),
              // The runtime's own functions (Go's scheduler, morestack) are stepped over.
              runtime.isUserFunction(callee.name)
        else { return false }
        if source.file == GoGeneratedCode.file {
            try stepThroughWrapper(thread: thread)
            return false
        }
        let entry = loaded.runtimeAddress(loaded.image.breakpointAddress(for: callee))
        if entry == pc { return true }
        stepPlan?.entryStop = entry
        try syncStepBreaklets()
        return false
    }

    /// Go's generated wrappers (a method value's `T.M-fm`, an interface's pointer-receiver
    /// thunk) have no source of their own: the step goes on into what the wrapper calls,
    /// as Delve's does, with a plan made inside the wrapper.
    private func stepThroughWrapper(thread: ThreadID) throws(EngineError) {
        guard stepPlan != nil else { return }
        let start = try stackStart(thread: thread, greenThread: nil)
        try replacePlan(with: makePlan(.step, thread: thread, registers: start.registers, greenThread: currentGreenThread(of: thread)))
    }

    /// An int3 compiled into the program is a stop for the user, never a signal for the
    /// program: gdb does not pass SIGTRAP on, and Delve neither. Go's `runtime.Breakpoint()`
    /// traps inside the runtime; the stop is shown where it was called, as Delve shows it.
    private func hardcodedBreakpoint(thread: ThreadID, traces: [TraceHit]) async throws(EngineError) -> StopReport {
        let process = try live()
        await process.discardSignal(of: thread)
        // Both functions are a few instructions long: the bound only guards against a
        // program whose symbols lie.
        for _ in 0..<64 {
            guard let pc = try? registers(of: thread).rip, let name = images.describe(pc)?.function?.name,
                  runtime.isDeliberateTrap(inFunction: name)
            else { break }
            let event: StopEvent
            fakeAddresses.forgetAll()
            do { event = try await process.stepInstruction(thread) } catch { throw .from(error) }
            guard case .stepped = event else {
                var collected = traces
                return try await handle(event, collecting: &collected) ?? StopReport(reason: .hardcodedBreakpoint, thread: thread)
            }
        }
        return StopReport(reason: .hardcodedBreakpoint, thread: thread, traces: traces)
    }

    /// nil: the condition was false; true: stop; false: counted but not stopping (hit
    /// condition unmet, or a tracepoint, which is recorded in `traces`).
    func userBreakpointStops(id: Int, thread: ThreadID, address: UInt64, traces: inout [TraceHit]) throws(EngineError) -> Bool? {
        guard var breakpoint = breakpoints[id] else { return nil }
        if let condition = breaklets.condition(ofBreakpoint: id, at: address) {
            // A condition that cannot be evaluated stops the program, so the user sees why.
            guard (try? conditionHolds(condition, thread: thread)) ?? true else { return nil }
        }
        let stops = breakpoint.recordHit(by: currentGreenThread(of: thread)?.id ?? Int64(thread.value))
        breakpoints[id] = breakpoint
        guard stops else { return false }
        if breakpoint.isTracepoint {
            traces.append(traceHit(breakpoint, thread: thread, pc: address))
            return false
        }
        return true
    }

    private func traceHit(_ breakpoint: LogicalBreakpoint, thread: ThreadID, pc: UInt64) -> TraceHit {
        let info = hitInfo(for: breakpoint, thread: thread)
        // Delve's client shows the arguments on a tracepoint's line when it loads them the
        // short way (as `trace` asks), and not at all when it loads none.
        let arguments = breakpoint.onHit.arguments == .short ? (info?.arguments ?? []).filter { !$0.isResult } : []
        var hit = TraceHit(
            breakpointID: breakpoint.id, thread: thread, goroutine: currentGreenThread(of: thread)?.id, pc: pc,
            functionName: images.describe(pc)?.function?.name,
            arguments: arguments.map(\.value), info: info)
        if breakpoint.isTraceReturn {
            hit.isReturn = true
            hit.returnValues = returnValues(atReturnOf: pc, thread: thread, config: .short) ?? []
        }
        return hit
    }

    /// A stop for the user, who may look at it for a long time: readied to survive a
    /// SIGKILL of dbg (TracedProcess.park).
    func parked(_ report: StopReport) async -> StopReport {
        if !report.hasEnded { await traced?.park() }
        return report
    }

    /// Records the stop, clears a finished step, and selects the stopped thread.
    ///
    /// A step survives only a breakpoint hit by another thread: the user sees that stop,
    /// and the next next/step/stepout completes the step (Delve refuses with "next while
    /// nexting" here). Anything else ends it.
    func finish(_ report: StopReport) -> StopReport {
        var report = report
        if report.hasEnded { hasEnded = true }
        lastReturnValues = nil
        // A stepout, and a next or step that ended by returning: what the function left.
        if let plan = stepPlan, report.reason == .step, let thread = report.thread,
           plan.kind == .stepOut || (plan.returnAddress != nil && (try? registers(of: thread).rip) == plan.returnAddress) {
            lastReturnValues = returnValues(of: plan, thread: thread)
        }
        noteHiddenInlineFrames(for: report)
        if let plan = stepPlan {
            var keeps = false
            if case .breakpoint = report.reason, let thread = report.thread, !report.hasEnded, !follows(plan, thread: thread) {
                keeps = true
            }
            if !keeps {
                stepPlan = nil
                try? syncStepBreaklets()
            }
        }
        report.interruptedStep = stepPlan != nil
        forgetGreenThreads()
        if let thread = report.thread { selectedThread = thread }
        selectedFrame = 0
        lastStop = report
        return report
    }

}
