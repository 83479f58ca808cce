import DbgProcess
import DbgSymbols

extension Target {
    /// Runs until a breakpoint, a signal, a halt or the end (tracepoints print and go on).
    /// With `returningAtTracepoints`, it comes back at each tracepoint pass (reason
    /// `.tracepoint`, the program stopped) so that a front end prints passes as they happen.
    public func continueExecution(returningAtTracepoints: Bool = false) async throws(EngineError) -> StopReport {
        try await run(returningAtTracepoints: returningAtTracepoints)
    }

    /// Stops the running program from any thread (Ctrl-C, the API's halt).
    public nonisolated func halt() { _ = process.halt() }

    public nonisolated var isRunning: Bool { process.isRunning }

    public func next() async throws(EngineError) -> StopReport { try await step(.next) }
    public func stepIn() async throws(EngineError) -> StopReport { try await step(.step) }
    public func stepOut() async throws(EngineError) -> StopReport { try await step(.stepOut) }

    /// Executes one instruction of the selected thread.
    public func stepInstruction() async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        let thread = selectedThread
        forgetHiddenInlineFrames()
        let event: StopEvent
        fakeAddresses.forgetAll()
        do { event = try await process.stepInstruction(thread) } catch { throw .from(error) }
        return await parked(finish(try report(for: event, traces: []) ?? StopReport(reason: .step, thread: thread)))
    }

    /// Executes one instruction, running a called function to its return.
    public func nextInstruction() async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
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
        if let goroutine = currentGoroutine(of: thread) { follow(goroutine, in: &plan) }
        stepPlan = plan
        return try await runPlan()
    }

    // MARK: Stepping by source line

    private func step(_ kind: StepPlan.Kind) async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        // A step interrupted by another thread's (goroutine's) breakpoint goes on where it was.
        if let plan = stepPlan, plan.thread == selectedThread || lastStop.interruptedStep {
            selectedThread = plan.thread
            chosenGoroutine = nil
            return try await runPlan()
        }
        if kind == .step, let report = stepIntoHiddenInlineFrame() { return report }
        // A goroutine chosen with `goroutine N` that no thread runs steps from where it is
        // parked: the plan follows it to whichever thread picks it up.
        let start = try stackStart(thread: selectedThread, goroutine: chosenGoroutine)
        // In a PLT stub (after a `stepi` into it), gdb's step goes on to the function the
        // stub jumps to, as a step into the call would have.
        if kind == .step, start.isLive, let pc = try? registers(of: selectedThread).rip, isInLinkageTable(pc) {
            stepPlan = try makePlan(kind, thread: selectedThread, registers: start.registers, goroutine: nil)
            if try await enterCallee(thread: selectedThread) { return await parked(finish(StopReport(reason: .step, thread: selectedThread))) }
            return try await runPlan()
        }
        if kind == .stepOut, start.isLive, let plan = try inlinedCallExitPlan(thread: selectedThread, registers: start.registers) {
            stepPlan = plan
            return try await runPlan()
        }
        let goroutine = start.isLive ? currentGoroutine(of: selectedThread) : chosenGoroutine.flatMap { try? self.goroutine(id: $0) }
        stepPlan = try makePlan(kind, thread: selectedThread, registers: start.registers, goroutine: goroutine)
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
        try insertStepSites(stepPlan?.addresses ?? plan.addresses)
        return try await run()
    }

    /// The int3s of a step's internal stops (addresses with no user breakpoint meaning).
    private func insertStepSites(_ addresses: some Sequence<UInt64>) throws(EngineError) {
        try insertSites(for: addresses.map { LogicalBreakpoint.Location(address: $0, functionName: nil, file: nil, line: 0) })
    }

    /// Makes `plan` the step's plan in place of the current one, mid-step: the old plan's
    /// int3s the new one does not need go, its own go in.
    func replacePlan(with plan: StepPlan) throws(EngineError) {
        let old = stepPlan?.addresses ?? []
        stepPlan = plan
        removeSitesNoLongerNeeded(Array(old.subtracting(plan.addresses)))
        try insertStepSites(plan.addresses)
    }

    func makePlan(_ kind: StepPlan.Kind, thread: ThreadID, registers: RegisterValues, goroutine: Goroutine?)
        throws(EngineError) -> StepPlan
    {
        let physical = StackUnwinder(images: images, memory: memory, maxDepth: 4).physicalFrames(from: registers)
        guard let top = physical.first, let cfa = top.cfa else {
            throw EngineError("cannot step: the current frame cannot be unwound")
        }
        // Returning into a Go wrapper (a method value's `-fm`, a deferred call's closure) or
        // into the runtime's deferreturn goes on to their caller, as Delve's step does: they
        // have no source of the user's to stop in.
        var callers = physical.dropFirst()
        while callers.count > 1, let caller = callers.first, isGeneratedWrapper(caller.pc) || isDeferReturn(caller.pc) {
            callers = callers.dropFirst()
        }
        var plan = StepPlan(
            kind: kind, thread: thread, frameCFA: cfa, lineStops: [], returnAddress: callers.first?.pc,
            callerCFA: callers.first?.cfa, callSites: [], entryStop: nil)
        if let loaded = images.image(containing: top.pc),
           let function = loaded.image.function(containing: loaded.staticAddress(top.pc))?.function {
            plan.returning = (loaded.path, function.offset)
        }
        if let goroutine {
            plan.deferStop = newestDeferredCallEntry(of: goroutine, frameCFA: cfa)
            follow(goroutine, in: &plan)
        }
        guard kind != .stepOut, let (loaded, function, unit, table) = lineContext(at: top.pc),
              let current = table.row(for: loaded.staticAddress(top.pc))
        else {
            plan.kind = .stepOut  // no line information here: run to the caller, as gdb does
            return plan
        }
        if unit.language != .go {
            planStatementStops(&plan, in: function, of: loaded, table: table, from: top.pc)
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
    private func newestDeferredCallEntry(of goroutine: Goroutine, frameCFA: UInt64) -> UInt64? {
        guard let newest = goroutineReader?.deferredCalls(ofGoroutineAt: goroutine.address).first,
              newest.unreadable == nil, newest.sp < frameCFA
        else { return nil }
        let start = unwrappedStart(newest.functionPC)
        guard let loaded = images.image(containing: start),
              let function = loaded.image.function(containing: loaded.staticAddress(start))
        else { return nil }
        return loaded.runtimeAddress(loaded.image.breakpointAddress(for: function))
    }

    /// Whether `pc` is in Go's runtime.deferreturn, which runs a frame's deferred calls.
    private func isDeferReturn(_ pc: UInt64) -> Bool {
        guard isGoProgram else { return false }
        return images.describe(pc)?.function?.name == GoroutineLocations.deferReturn
    }

    /// Whether `pc` is in code the Go compiler generated (no source of its own).
    private func isGeneratedWrapper(_ pc: UInt64) -> Bool {
        guard let loaded = images.image(containing: pc) else { return false }
        return loaded.image.sourceLocation(for: loaded.staticAddress(pc &- 1))?.file == GoroutineLocations.autogeneratedFile
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
        forgetGoroutines()
        var traces: [TraceHit] = []
        while true {
            forgetHiddenInlineFrames()
            let event: StopEvent
            fakeAddresses.forgetAll()
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

    private func report(for event: StopEvent, traces: [TraceHit]) throws(EngineError) -> StopReport? {
        var collected = traces
        switch event {
        case .stepped(let thread):
            return StopReport(reason: .step, thread: thread, traces: collected)
        default:
            return try handle(event, collecting: &collected)
        }
    }

    private func report(for event: StopEvent, collecting collected: inout [TraceHit]) async throws(EngineError) -> StopReport? {
        if case .signal(let thread, let info) = event, info.isTrapInstruction {
            return try await hardcodedBreakpoint(thread: thread, traces: collected)
        }
        if case .breakpoint(let thread, let address) = event, let plan = stepPlan, plan.callSites.contains(address),
           let cfa = frameCFA(of: thread), measure(cfa, for: plan, on: thread) == plan.frameCFA {
            if try await stepIntoCall(thread: thread) { return StopReport(reason: .step, thread: thread, traces: collected) }
            return nil
        }
        if case .breakpoint(let thread, let address) = event, let plan = stepPlan, plan.tailCallSites.contains(address),
           let cfa = frameCFA(of: thread), measure(cfa, for: plan, on: thread) == plan.frameCFA {
            return try await followTailCall(thread: thread) ? StopReport(reason: .step, thread: thread, traces: collected) : nil
        }
        return try handle(event, collecting: &collected)
    }

    /// Turns one stop of the process into a report for the user, or nil to go on.
    private func handle(_ event: StopEvent, collecting traces: inout [TraceHit]) throws(EngineError) -> StopReport? {
        switch event {
        case .breakpoint(let thread, let address):
            if address == libraryEventAddress {
                refreshImages()
                resolvePendingBreakpoints()
                if breakpointsAt(address).isEmpty && stepPlan?.addresses.contains(address) != true { return nil }
            }
            if let plan = stepPlan, let replan = plan.replanSites[address], let cfa = frameCFA(of: thread),
               measure(cfa, for: plan, on: thread) == plan.frameCFA {
                try self.replan(thread: thread, at: address, replan)
                return nil
            }
            if !breakpointsAt(address).isEmpty { noteHiddenInlineFramesAtBreakpoint(thread: thread, pc: address) }
            if let plan = stepPlan, planStops(plan, at: address, thread: thread) {
                if address == plan.returnAddress && plan.kind != .stepOut && plan.goroutine == nil,
                   try continuesAfterReturn(thread: thread, at: address) {
                    return nil
                }
                // A step that ends on a user breakpoint stops at that breakpoint, as in Delve: a
                // hit when its conditions hold, shown with its counts either way.
                let ids = breakpointsAt(address)
                for id in ids where try userBreakpointStops(id: id, thread: thread, address: address, traces: &traces) == true {
                    return StopReport(reason: .breakpoint(id: id), thread: thread, traces: traces)
                }
                return StopReport(reason: ids.first.map { .breakpoint(id: $0) } ?? .step, thread: thread, traces: traces)
            }
            // Breakpoints sharing the address all count the hit (gdb); the first one reports it.
            var stoppedBy: Int?
            for id in breakpointsAt(address) {
                guard let stop = try userBreakpointStops(id: id, thread: thread, address: address, traces: &traces) else { continue }
                if stop && stoppedBy == nil { stoppedBy = id }
            }
            return stoppedBy.map { StopReport(reason: .breakpoint(id: $0), thread: thread, traces: traces) }
        case .stepped(let thread):
            return StopReport(reason: .step, thread: thread, traces: traces)
        case .signal(let thread, let info):
            // Go's runtime handles its signals itself (a nil dereference becomes a panic, which
            // may be recovered): they go to the program without a stop, as under Delve. What
            // ends the program stops at the runtime's built-in breakpoints instead.
            if isGoProgram && info.signal != .sigstop { return nil }
            return StopReport(reason: .signal(info), thread: thread, traces: traces)
        case .halted(let thread):
            return StopReport(reason: .halted, thread: thread, traces: traces)
        case .exec:
            refreshImages()
            libraryEventAddress = nil
            watchLibraryLoads()
            for (id, breakpoint) in breakpoints { breakpoints[id]?.locations = breakpoint.isPending ? [] : breakpoint.locations }
            resolvePendingBreakpoints()
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
        guard needsCFA, let cfa = frameCFA(of: thread), let frame = measure(cfa, for: plan, on: thread) else { return false }
        if plan.lineStops.contains(address) && frame == plan.frameCFA { return true }
        if address == plan.returnAddress && frame == plan.callerCFA { return true }
        return false
    }

    /// In a Go program, ties the step to the current goroutine rather than to the thread,
    /// measuring its frames from the top of the goroutine's stack.
    func follow(_ goroutine: Goroutine, in plan: inout StepPlan) {
        plan.goroutine = goroutine.id
        plan.frameCFA = goroutine.stackHi &- plan.frameCFA
        plan.callerCFA = plan.callerCFA.map { goroutine.stackHi &- $0 }
    }

    /// Whether `thread` runs what the step follows: its goroutine in Go, its thread otherwise.
    private func follows(_ plan: StepPlan, thread: ThreadID) -> Bool {
        guard let id = plan.goroutine else { return thread == plan.thread }
        return currentGoroutine(of: thread)?.id == id
    }

    /// A CFA on `thread` in the plan's terms; nil when the thread does not run the step's
    /// goroutine (or thread).
    private func measure(_ cfa: UInt64, for plan: StepPlan, on thread: ThreadID) -> UInt64? {
        guard let id = plan.goroutine else { return thread == plan.thread ? cfa : nil }
        guard let goroutine = currentGoroutine(of: thread), goroutine.id == id else { return nil }
        return goroutine.stackHi &- cfa
    }

    /// At a call on the line being stepped: into the callee when it has line information
    /// (stopping after its prologue), through a PLT stub to the library function it
    /// jumps to; over it otherwise. True when the callee's first statement is where the
    /// call landed: the step ends there.
    private func stepIntoCall(thread: ThreadID) async throws(EngineError) -> Bool {
        fakeAddresses.forgetAll()
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
              // The Go runtime's own functions (the scheduler, morestack) are stepped over.
              !isGoProgram || GoroutineLocations.isUserFunction(callee.name)
        else { return false }
        if source.file == GoroutineLocations.autogeneratedFile {
            try stepThroughWrapper(thread: thread)
            return false
        }
        let entry = loaded.runtimeAddress(loaded.image.breakpointAddress(for: callee))
        if entry == pc { return true }
        stepPlan?.entryStop = entry
        try insertStepSites([entry])
        return false
    }

    /// Go's generated wrappers (a method value's `T.M-fm`, an interface's pointer-receiver
    /// thunk) have no source of their own: the step goes on into what the wrapper calls,
    /// as Delve's does, with a plan made inside the wrapper.
    private func stepThroughWrapper(thread: ThreadID) throws(EngineError) {
        guard stepPlan != nil else { return }
        let start = try stackStart(thread: thread, goroutine: nil)
        try replacePlan(with: makePlan(.step, thread: thread, registers: start.registers, goroutine: currentGoroutine(of: thread)))
    }

    /// An int3 compiled into the program is a stop for the user, never a signal for the
    /// program: gdb does not pass SIGTRAP on, and Delve neither. Go's `runtime.Breakpoint()`
    /// traps inside the runtime; the stop is shown where it was called, as Delve shows it.
    private func hardcodedBreakpoint(thread: ThreadID, traces: [TraceHit]) async throws(EngineError) -> StopReport {
        await process.discardSignal(of: thread)
        // Both functions are a few instructions long: the bound only guards against a
        // program whose symbols lie.
        for _ in 0..<64 {
            guard let pc = try? registers(of: thread).rip, let name = images.describe(pc)?.function?.name,
                  GoroutineLocations.hardcodedBreakpointFunctions.contains(name)
            else { break }
            let event: StopEvent
            fakeAddresses.forgetAll()
            do { event = try await process.stepInstruction(thread) } catch { throw .from(error) }
            guard case .stepped = event else {
                var collected = traces
                return try handle(event, collecting: &collected) ?? StopReport(reason: .hardcodedBreakpoint, thread: thread)
            }
        }
        return StopReport(reason: .hardcodedBreakpoint, thread: thread, traces: traces)
    }

    func breakpointsAt(_ address: UInt64) -> [Int] {
        breakpoints.values.filter { !$0.isDisabled && $0.locations.contains { $0.address == address } }.map(\.id).sorted()
    }

    /// nil: the condition was false; true: stop; false: counted but not stopping (hit
    /// condition unmet, or a tracepoint, which is recorded in `traces`).
    private func userBreakpointStops(id: Int, thread: ThreadID, address: UInt64, traces: inout [TraceHit]) throws(EngineError) -> Bool? {
        guard var breakpoint = breakpoints[id] else { return nil }
        if let condition = breakpoint.condition {
            // A condition that cannot be evaluated stops the program, so the user sees why.
            guard (try? conditionHolds(condition, thread: thread)) ?? true else { return nil }
        }
        let stops = breakpoint.recordHit(by: currentGoroutine(of: thread)?.id ?? Int64(thread.value))
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
            breakpointID: breakpoint.id, thread: thread, goroutine: currentGoroutine(of: thread)?.id, pc: pc,
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
        if !report.hasEnded { await process.park() }
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
                if !hasEnded { removeSitesNoLongerNeeded(Array(plan.addresses)) }
            }
        }
        report.interruptedStep = stepPlan != nil
        forgetGoroutines()
        if let thread = report.thread { selectedThread = thread }
        selectedFrame = 0
        lastStop = report
        return report
    }

}
