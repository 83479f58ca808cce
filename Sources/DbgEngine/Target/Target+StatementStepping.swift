import DbgProcess
import DbgSymbols

/// `next` and `step` in code that is not Go, as gdb steps: stops at the start of statement
/// entries of other lines, through tail calls, and on past a return into the middle of a
/// caller's line.
extension Target {
    /// Fills the plan's stops for a step from `pc` (runtime) in `function`; `current`
    /// overrides the line stepped from (see `StatementStops`).
    func planStatementStops(_ plan: inout StepPlan, in function: Function, of loaded: LoadedImage, table: LineTable,
                            from pc: UInt64, hidden: Int? = nil, current: StatementStops.Line?? = nil) {
        let hidden = hidden ?? hiddenInlineFrames(of: plan.thread, at: pc)
        let lines = StatementStops(
            function: function, table: table, kind: plan.kind, start: loaded.staticAddress(pc), hiddenAtStart: hidden,
            current: current)
        plan.lineStops = Set(lines.stops.keys.map { loaded.runtimeAddress($0) })
        plan.hiddenInlineFrames = Dictionary(uniqueKeysWithValues: lines.stops.map { (loaded.runtimeAddress($0.key), $0.value) })
        plan.replanSites = Dictionary(uniqueKeysWithValues: lines.replans.map {
            (loaded.runtimeAddress($0.key), StepPlan.Replan(hidden: $0.value.hidden, current: $0.value.current))
        })
        let code = instructions(in: lines.steppedRanges, of: loaded)
        if plan.kind == .step {
            plan.callSites = Set(code.filter(\.isCall).map(\.address))
        }
        // A jump out of the function is a tail call: gdb follows it into the callee.
        plan.tailCallSites = Set(code.filter { instruction in
            guard instruction.mnemonic.hasPrefix("j") else { return false }
            guard let target = instruction.directTarget else { return true }  // through a pointer: seen once taken
            return !function.contains(loaded.staticAddress(target))
        }.map(\.address))
    }

    /// At a tail call of the step's frame: one instruction into the callee. Returns whether
    /// the step ends there (a statement starts where the jump lands, as gdb stops); a step
    /// that goes on in the callee gets a plan there.
    func followTailCall(thread: ThreadID) async throws(EngineError) -> Bool {
        fakeAddresses.forgetAll()
        let process = try live()
        do { _ = try await process.stepInstruction(thread) } catch { throw .from(error) }
        // A tail call into a shared library jumps to the PLT stub: on to what it jumps to.
        if let pc = try? registers(of: thread).rip, isInLinkageTable(pc) {
            guard try await followLinkageStub(thread: thread) else { return false }
        }
        guard let pc = try? registers(of: thread).rip, let (loaded, callee, _, table) = lineContext(at: pc)
        else { return false }  // no line information there: the step ends when it returns
        guard let location = table.statements.location(for: loaded.staticAddress(pc)) else { return false }
        if location.start == loaded.staticAddress(pc) && location.isStatement { return true }
        try restep(thread: thread, in: callee, of: loaded, table: table, hidden: 0, current: .some(nil))
        return false
    }

    /// At the return address of the step's frame: whether the step goes on in the caller
    /// (gdb stops there only at the start of a statement; in the middle of a line it steps
    /// on to the next one).
    func continuesAfterReturn(thread: ThreadID, at address: UInt64) throws(EngineError) -> Bool {
        guard let (loaded, caller, unit, table) = lineContext(at: address), unit.language.rules.stepping == .statements,
              let location = table.statements.location(for: loaded.staticAddress(address))
        else { return false }
        let atStart = location.start == loaded.staticAddress(address)
        if atStart && location.isStatement { return false }
        // In the middle of an entry the step goes on from its line; at the start of one that
        // is not a statement, from no line at all.
        let line = table.fileName(location.file).map { StatementStops.Line(file: $0, line: location.line) }
        try restep(thread: thread, in: caller, of: loaded, table: table, hidden: 0, current: .some(atStart ? nil : line))
        return true
    }

    /// At an entry of another frame in the step's function: the step goes on from that
    /// frame (see `StatementStops.replans`).
    func replan(thread: ThreadID, at address: UInt64, _ replan: StepPlan.Replan) throws(EngineError) {
        guard let (loaded, function, _, table) = lineContext(at: address) else { return }
        try restep(thread: thread, in: function, of: loaded, table: table, hidden: replan.hidden, current: .some(replan.current))
    }

    /// Replaces the step's plan by one that goes on from where `thread` is now, from the
    /// line `current` (nil: none).
    private func restep(thread: ThreadID, in function: Function, of loaded: LoadedImage, table: LineTable,
                        hidden: Int, current: StatementStops.Line??) throws(EngineError) {
        guard let old = stepPlan else { return }
        let registers = try self.registers(of: thread)
        var plan = try makePlan(old.kind, thread: thread, registers: registers.dwarfValues, greenThread: nil)
        planStatementStops(&plan, in: function, of: loaded, table: table, from: registers.rip, hidden: hidden, current: current)
        try replacePlan(with: plan)
    }
}
