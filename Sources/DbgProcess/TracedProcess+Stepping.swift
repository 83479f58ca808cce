import CSys

/// Single steps of one thread, the others stopped: `stepInstruction(_:)`, and the steps
/// over a breakpoint site before a resume (take the int3 out, step that thread alone,
/// put the int3 back: with every other thread stopped, none can run past the missing
/// int3), unless the site has a displaced step (+DisplacedSteps), which needs no stop.
extension TracedProcess {
    /// Executes one instruction of `thread`, the other threads staying stopped. A site at
    /// the PC is stepped over (its original instruction runs). A signal to deliver is
    /// delivered first, so the step ends at the first instruction of its handler. A step
    /// stuck in a system call can be ended with `halt()` (the call is restarted by the
    /// next resume or step).
    public func stepInstruction(_ thread: ThreadID) throws(ProcessError) -> StopEvent {
        try ensureThread(thread)
        if let event = takePendingEvent(of: thread) { return event }
        let pc: UInt64
        do {
            pc = try ptraceGetRegisters(thread).rip
        } catch .noSuchThread {
            return try waitForEnd()  // killed from outside while stopped
        }
        let overSite = sites.inMemory && sites.contains(pc) && threads[thread]?.signalToDeliver == nil
        if overSite { try removeInt3(at: pc) }
        haltControl.beginRunning(target: nil)
        let result = Result { () throws(ProcessError) in try stepAlone(thread) }
        let halted = absorbHalt(reported: try? result.get())
        if overSite, (try? result.get())?.isEnd != true, sites.inMemory, sites.contains(pc) { try insertInt3(at: pc) }
        var event = try result.get()
        // A halt that interrupts a step in a system call ends it with a single-step trap
        // (the kernel reports that before the SIGSTOP, which stays pending): to the user
        // it is the halt they asked for.
        if halted, event == .stepped(thread: thread) { event = .halted(thread: thread) }
        return finishStop(event)
    }

    /// Steps each thread whose reported stop left it on a site over that site, one at a
    /// time with all the others stopped, so no thread can run past the missing int3.
    /// Returns an event that interrupted a step, to report instead of resuming.
    func stepOverReportedSites() throws(ProcessError) -> StopEvent? {
        for thread in threads.values.sorted(by: { $0.id < $1.id }) {
            if let event = try stepOverReportedSite(thread.id) { return event }
        }
        return nil
    }

    /// Steps `thread` over the site its reported stop left it on, if it is still there (see
    /// `stepOverReportedSites`); the event that interrupted the step, to report instead.
    func stepOverReportedSite(_ id: ThreadID) throws(ProcessError) -> StopEvent? {
        guard let thread = threads[id], let reportedPC = thread.reportedPC, sites.inMemory,
              sites.contains(reportedPC), (try? ptraceGetRegisters(thread.id).rip) == reportedPC
        else { return nil }
        // A signal that is not the instruction's own fault (Go's SIGURG: it can arrive
        // while the thread waits at the site, or runs an injected mmap) is delivered once
        // the thread is past the site: after its copy ran and jumped back (the handler
        // must see the program's own address: Go preempts a goroutine only there, and a
        // goroutine never preempted starves the others), or after a step over the site.
        // Delivered at the site, its handler would return onto the int3: a second report
        // of the same hit. A fault of the site's own instruction is delivered there (its
        // handler must see that address).
        let signal = thread.signalToDeliver
        if signal?.isInstructionFault == true { return nil }
        // A site planned when no thread could run the scratch area's mmap (just attached,
        // every thread with a stop of ours pending) gets its plan now, all threads stopped;
        // once: a program that refuses the mmap is not asked at every hit.
        if displacedSites[reportedPC] == nil, !undisplaceableSites.contains(reportedPC) {
            planDisplacedStep(at: reportedPC)
            if displacedSites[reportedPC] == nil { undisplaceableSites.insert(reportedPC) }
        }
        if applyDisplacedStep(at: reportedPC, thread: thread.id) {
            threads[thread.id]?.reportedPC = nil
            if signal != nil, let event = try stepOutOfSlot(thread.id) { return finishStop(event) }
            return nil
        }
        threads[thread.id]?.signalToDeliver = nil
        try removeInt3(at: reportedPC)
        let result = Result { () throws(ProcessError) in try stepAlone(thread.id) }
        if (try? result.get())?.isEnd != true, sites.inMemory, sites.contains(reportedPC) {
            try insertInt3(at: reportedPC)
        }
        switch try result.get() {
        case .stepped:
            threads[thread.id]?.signalToDeliver = signal
            return nil
        case .threadExited:
            return nil
        case let event:
            if let signal { _ = csys_tgkill(pid, thread.id.value, signal.rawValue) }  // not lost
            return finishStop(event)
        }
    }

    /// Runs a thread sent to its slot with a signal to deliver through the copy and the jump
    /// back, a step at a time, so that the signal is delivered at the program's own address;
    /// nil once there (or already out of every slot), else what stopped it first (its signal
    /// then sent again, not lost).
    private func stepOutOfSlot(_ thread: ThreadID) throws(ProcessError) -> StopEvent? {
        guard let signal = threads[thread]?.signalToDeliver else { return nil }
        threads[thread]?.signalToDeliver = nil
        for _ in 0..<4 {
            guard let pc = try? ptraceGetRegisters(thread).rip, scratchSlots.slot(containing: pc) != nil else { break }
            switch try stepAlone(thread) {
            case .stepped:
                continue
            case .threadExited:
                return nil
            case let event:
                _ = csys_tgkill(pid, thread.value, signal.rawValue)
                return event
            }
        }
        threads[thread]?.signalToDeliver = signal
        return nil
    }

    /// Single-steps `thread` alone (the others stay stopped) until its step completes or
    /// something else ends it: returns `.stepped` or the event to report instead. The
    /// caller has begun running (`haltControl`): a `halt()` ends a step stuck in a system
    /// call, and `.halted` is returned only once the halt's SIGSTOP has been consumed.
    func stepAlone(_ thread: ThreadID) throws(ProcessError) -> StopEvent {
        haltControl.retarget(threads[thread]?.expectsStop == true ? nil : thread)
        var signal = threads[thread]?.signalToDeliver
        threads[thread]?.signalToDeliver = nil
        threads[thread]?.reportedPC = nil
        // Silent signals that arrive mid-step are sent again once the step is done, for
        // the program to handle later (with tgkill's siginfo, not the original's: the
        // price of not entering a handler in the middle of a step over a site).
        var resend: [Signal] = []
        defer { for signal in resend { _ = csys_tgkill(pid, thread.value, signal.rawValue) } }
        while true {
            threads[thread]?.isStopped = false
            _ = ptraceSingleStep(thread, signal: signal)
            signal = nil
            var report: ThreadReport
            repeat {
                guard let (reporter, status) = try waitForTracee() else { return vanished() }
                report = interpret(reporter, status)
                if case .processEnded(let end) = report { return end }
                if reporter == thread { break }
                // Another tracee: a new thread's first stop; it stays stopped.
            } while true
            switch report {
            case .stepped:
                return .stepped(thread: thread)
            case .threadExited(let code):
                return .threadExited(thread: thread, code: code)
            case .haltStop:
                return .halted(thread: thread)
            case .expectedStop:
                // No halt SIGSTOP went to a thread expecting ours: one asked for now stops here.
                if haltControl.isRequested { return .halted(thread: thread) }
                haltControl.retarget(thread)
            case .ignored, .internalStop, .processEnded:
                break  // an event inside a system call: step on to finish the instruction
            case .breakpoint(let address):
                return .breakpoint(thread: thread, address: address)
            case .signal(let info):
                if !silentSignals.contains(info.signal) { return .signal(thread: thread, info) }
                resend.append(info.signal)
            case .exec:
                return .exec(thread: thread)
            }
        }
    }
}
