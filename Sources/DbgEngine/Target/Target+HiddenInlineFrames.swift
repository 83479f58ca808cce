import DbgProcess
import DbgSymbols

/// The inlined frames a stop hides, as gdb hides them (inline-frame.c): where inlined calls
/// start at the stop's pc, gdb shows the frame that makes them, at the line of the call, as
/// if the calls had not been made yet; `step` then enters one without running, and `bt`,
/// `finish`, `next`, `args` and `locals` see the frames that are shown.
///
/// State of the stopped thread: set at each stop, reset when the program resumes.
struct HiddenInlineFrames: Sendable {
    var thread: ThreadID
    var pc: UInt64
    var count: Int
}

extension Target {
    /// How many innermost (inlined) frames `thread`, stopped at `pc`, hides.
    func hiddenInlineFrames(of thread: ThreadID, at pc: UInt64) -> Int {
        guard let hidden = hiddenInlineFrames, hidden.thread == thread, hidden.pc == pc else { return 0 }
        return hidden.count
    }

    /// `step` where inlined frames are hidden enters the next one without running (gdb's
    /// `step_into_inline_frame`); nil when none is hidden.
    func stepIntoHiddenInlineFrame() -> StopReport? {
        guard let hidden = hiddenInlineFrames, hidden.thread == selectedThread, hidden.count > 0,
              (try? registers(of: hidden.thread).rip) == hidden.pc
        else { return nil }
        let report = finish(StopReport(reason: .step, thread: hidden.thread))
        hiddenInlineFrames = HiddenInlineFrames(thread: hidden.thread, pc: hidden.pc, count: hidden.count - 1)
        return report
    }

    /// After a stop: the frames it hides. gdb decides at every stop but a stepi's
    /// (`skip_inline_frames`): the inlined calls that start at the pc, innermost first, up
    /// to one that a user breakpoint here names (`break scale` stops in scale; `break work`
    /// in work, at the line whose call is inlined there). A breakpoint on a line or an
    /// address names the innermost function. A step's line stops keep what the step
    /// planned (a `step` on the line of the call enters it).
    func noteHiddenInlineFrames(for report: StopReport) {
        hiddenInlineFrames = nil
        guard let thread = report.thread, let pc = try? registers(of: thread).rip else { return }
        let count: Int
        switch report.reason {
        case .breakpoint:
            return noteHiddenInlineFramesAtBreakpoint(thread: thread, pc: pc)
        case .step:
            guard let plan = stepPlan, !plan.byInstruction else { return }  // stepi and nexti show every frame
            count = plan.hiddenInlineFrames[pc] ?? inlinedFramesStarting(at: pc)
        case .signal, .halted:
            count = inlinedFramesStarting(at: pc)
        default:
            return
        }
        if count > 0 { hiddenInlineFrames = HiddenInlineFrames(thread: thread, pc: pc, count: count) }
    }

    /// At a user breakpoint, before its condition is evaluated: gdb hides the frames first,
    /// so that the condition sees the frame the stop shows.
    func noteHiddenInlineFramesAtBreakpoint(thread: ThreadID, pc: UInt64) {
        let count = inlinedFramesStarting(at: pc, isShown: namedByBreakpoints(at: pc))
        hiddenInlineFrames = count > 0 ? HiddenInlineFrames(thread: thread, pc: pc, count: count) : nil
    }

    /// The program resumes: no thread hides frames any more.
    func forgetHiddenInlineFrames() {
        hiddenInlineFrames = nil
    }

    /// How many of the inlined calls at `pc` (runtime) start there, innermost first, up to
    /// the first one `isShown` keeps. None where stepping is by line (Go: Delve hides none).
    private func inlinedFramesStarting(at pc: UInt64, isShown: (InlinedCall) -> Bool = { _ in false }) -> Int {
        guard let (loaded, function, unit, _) = lineContext(at: pc), unit.language.rules.stepping == .statements else { return 0 }
        let address = loaded.staticAddress(pc)
        return StatementStops.hiddenFrames(StatementStops.chain(function, at: address), at: address, isShown: isShown)
    }

    /// The inlined calls the user breakpoints at `pc` stop in (gdb's
    /// `stopped_by_user_bp_inline_frame`): a breakpoint on a function by name names that
    /// function; one on a line or an address, whatever function is innermost there.
    private func namedByBreakpoints(at pc: UInt64) -> (InlinedCall) -> Bool {
        var names = Set<String>()
        for id in breakpointsAt(pc) {
            guard let breakpoint = breakpoints[id] else { continue }
            switch try? LocationSpec.parse(breakpoint.spec) {
            case .function?, .regex?:
                names.formUnion(breakpoint.locations.filter { $0.address == pc }.compactMap(\.functionName))
            default:
                return { _ in true }
            }
        }
        return { names.contains($0.name) }
    }

    /// `finish` in an inlined frame: a step in the frame that made the call, run until the
    /// pc leaves the call (gdb's finish of an INLINE_FRAME: a step over everything with an
    /// empty range in the caller's frame, stopping where a statement or another inlined
    /// call of the caller starts). Nil when the frame shown is not an inlined call.
    func inlinedCallExitPlan(thread: ThreadID, registers: RegisterValues) throws(EngineError) -> StepPlan? {
        guard let pc = registers[.rip], let (loaded, function, unit, table) = lineContext(at: pc),
              unit.language.rules.stepping == .statements
        else { return nil }
        let hidden = hiddenInlineFrames(of: thread, at: pc)
        guard StatementStops.chain(function, at: loaded.staticAddress(pc)).count > hidden else { return nil }
        var plan = try makePlan(.next, thread: thread, registers: registers, greenThread: nil)
        // The caller's frame is the one stepped in, from no line: the call shown counts as
        // hidden too.
        planStatementStops(&plan, in: function, of: loaded, table: table, from: pc, hidden: hidden + 1, current: .some(nil))
        plan.returning = nil
        return plan
    }
}
