import CSys

/// Functions of the program run by the debugger (`call f(1)`, `print f(x) + 1`): the engine
/// sets a stopped thread's registers and stack up as a call would, with a return address
/// here; the thread runs alone, every other thread staying stopped (gdb's scheduler-locking),
/// until the function returns there or something stops it; then its state goes back as it
/// was (`restoreAfterCall`).
///
/// The return address is an int3 in a scratch slot of dbg's, never in the program's code: no
/// other thread of the program can run into it, and a rescue unmaps it with the areas.
extension TracedProcess {
    /// The thread before a call changes it, kept for `restoreAfterCall`; what dbg knew of its
    /// stop (a site it was reported at, a signal it is to receive) is set aside meanwhile, so
    /// the call neither steps over that site nor receives that signal. The crash rescue's
    /// ledger learns the registers (the outermost call's, when calls nest), so that a crash of
    /// dbg during the call puts them back.
    public func saveForCall(_ thread: ThreadID) throws(ProcessError) -> SavedThreadState {
        try ensureThread(thread)
        let xstate = extendedState(of: thread) ?? []
        let saved = SavedThreadState(
            thread: thread, registers: Registers(try ptraceGetRegisters(thread)),
            floatingPoint: FloatingPointRegisters(try ptraceGetFloatingPointRegisters(thread)), xstate: xstate,
            reportedPC: threads[thread]?.reportedPC, signalToDeliver: threads[thread]?.signalToDeliver)
        sites.ledger?.beginCall(saved)
        threads[thread]?.reportedPC = nil
        threads[thread]?.signalToDeliver = nil
        return saved
    }

    /// Puts the thread back as `saveForCall` found it: every register (the XSAVE area whole
    /// when it was read) and dbg's knowledge of its stop. `outermost`: no call is left on the
    /// thread, and the rescue's ledger forgets it.
    public func restoreAfterCall(_ saved: SavedThreadState, outermost: Bool) throws(ProcessError) {
        defer { if outermost { sites.ledger?.endCall() } }
        try ensureThread(saved.thread)
        try ptraceSetRegisters(saved.thread, saved.registers.raw)
        let restoredXState = !saved.xstate.isEmpty && saved.xstate.withUnsafeBytes {
            csys_ptrace_setxstate(saved.thread.value, $0.baseAddress, $0.count) == 0
        }
        if !restoredXState { try ptraceSetFloatingPointRegisters(saved.thread, saved.floatingPoint.raw) }
        threads[saved.thread]?.reportedPC = saved.reportedPC
        threads[saved.thread]?.signalToDeliver = saved.signalToDeliver
    }

    /// The call on the rescue's ledger is over without anything to put back (its thread
    /// exited, or the program executed a new one).
    public func forgetCall() { sites.ledger?.endCall() }

    /// Where called functions return to: an int3 in a scratch slot (mapped near `pc` when
    /// there is none yet), the same for every call; nil when no scratch area can be mapped.
    public func callReturnAddress(near pc: UInt64) -> UInt64? {
        if let callTrap { return callTrap }
        guard let slot = takeSlot(near: pc) else { return nil }
        guard (try? writeThroughProtection([0xcc], at: slot)) != nil else {
            scratchSlots.release(slot)
            return nil
        }
        callTrap = slot
        return slot
    }

    /// Runs `thread` alone from where its registers say (a function's entry, or where a
    /// stop inside the function left it) until it returns to `returnAddress` or something
    /// stops it: a breakpoint site, a signal the program is not given silently, a `halt()`, the
    /// thread's exit or the program's end. Other threads stay stopped; a thread the function
    /// creates stays stopped at its first stop. A silent signal (SIGCHLD, SIGALRM...) is
    /// delivered to the thread as it runs, as it would be to the program.
    public func runCall(_ thread: ThreadID, returningTo returnAddress: UInt64) throws(ProcessError) -> CallStop {
        try ensureThread(thread)
        haltControl.beginRunning(target: nil)
        // Stopped inside the function at a breakpoint it hit: past that site first.
        let stepEvent: StopEvent?
        do {
            stepEvent = try stepOverReportedSite(thread)
        } catch {
            absorbHalt(reported: nil)
            throw error
        }
        if let stepEvent {
            absorbHalt(reported: stepEvent)
            return .stopped(stepEvent)
        }
        // A halt's SIGSTOP must not merge with one of ours on its way to this thread (a
        // parked thread's): none until that one has come.
        haltControl.retarget(threads[thread]?.expectsStop == true ? nil : thread)
        resume(thread)
        while true {
            guard let (reporter, status) = try waitForTracee() else { return .stopped(vanished()) }
            let report = interpret(reporter, status)
            if case .processEnded(let end) = report { return .stopped(finishStop(end)) }
            // Another tracee: a thread the function created, at its first stop; it waits.
            guard reporter == thread else { continue }
            switch report {
            case .ignored, .internalStop, .processEnded:
                resume(thread)
            case .expectedStop:
                if haltControl.isRequested { return .stopped(stopEverything(.halted(thread: thread))) }
                resume(thread)
                haltControl.retarget(thread)
            case .haltStop:
                return .stopped(stopEverything(.halted(thread: thread)))
            case .threadExited(let code):
                absorbHalt(reported: nil)
                return .stopped(.threadExited(thread: thread, code: code))
            case .breakpoint(let address):
                return .stopped(stopEverything(.breakpoint(thread: thread, address: address)))
            case .stepped:
                // A trap the program asked for (its trap flag): its signal, as in a continue.
                return .stopped(stopEverything(.signal(thread: thread, SignalInfo(signal: .sigtrap, code: 2))))
            case .signal(let info):
                if info.signal == .sigtrap, (try? ptraceGetRegisters(thread).rip) == returnAddress &+ 1 {
                    return returned(thread)
                }
                if silentSignals.contains(info.signal) {
                    threads[thread]?.signalToDeliver = info.signal
                    resume(thread)
                    continue
                }
                return .stopped(stopEverything(.signal(thread: thread, info)))
            case .exec:
                return .stopped(stopEverything(.exec(thread: thread)))
            }
        }
    }

    /// The function returned: its trap's SIGTRAP is dbg's, never the program's. Threads it
    /// created are waited for, so that every thread is stopped again.
    private func returned(_ thread: ThreadID) -> CallStop {
        let settled = stopEverything(.stepped(thread: thread))
        threads[thread]?.signalToDeliver = nil
        return settled == .stepped(thread: thread) ? .returned : .stopped(settled)
    }
}
