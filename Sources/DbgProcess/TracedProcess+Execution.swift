/// Running the program: `cont()`, the wait while it runs, and what a reported stop
/// leaves for the next resume. Stopping the other threads is in +AllStop, single steps
/// in +Stepping.
extension TracedProcess {
    /// Resumes every thread and waits for the next stop (or the end of the process).
    ///
    /// An event kept from the last stop is reported first, without resuming. A thread whose
    /// last reported stop left it on a breakpoint site first steps over it alone.
    public func cont() throws(ProcessError) -> StopEvent {
        try ensureStopped()
        if let event = takePendingEvent() { return event }
        // From here to the stop, the program counts as running: a halt() during the
        // steps over sites is not lost (nor is one stuck in a system call there).
        haltControl.beginRunning(target: nil)
        let stepEvent: StopEvent?
        do {
            stepEvent = try stepOverReportedSites()
        } catch {
            absorbHalt(reported: nil)
            throw error
        }
        if let stepEvent {
            absorbHalt(reported: stepEvent)
            moveThreadsOutOfSlots()  // threads sent to slots before it have not run
            return finishStop(stepEvent)
        }
        resumeAllThreads()
        return try runUntilStop()
    }

    // MARK: Pending events

    /// Reports the oldest pending event still worth reporting (of `only`, if given).
    func takePendingEvent(of only: ThreadID? = nil) -> StopEvent? {
        while true {
            let candidates = threads.values.filter { $0.pendingEvent != nil && (only == nil || $0.id == only) }
            guard let oldest = candidates.min(by: { ($0.pendingEvent?.order ?? 0) < ($1.pendingEvent?.order ?? 0) }),
                  let pending = oldest.pendingEvent
            else { return nil }
            let thread = oldest.id
            threads[thread]?.pendingEvent = nil
            switch pending.kind {
            case .breakpoint(let address):
                // Removed since? The thread, already back at the address, will just run the
                // original instruction: nothing to report.
                if sites.contains(address) { return report(.breakpoint(thread: thread, address: address)) }
            case .signal(let info):
                if silentSignals.contains(info.signal) {
                    threads[thread]?.signalToDeliver = info.signal
                } else {
                    return report(.signal(thread: thread, info))
                }
            case .exec:
                return report(.exec(thread: thread))
            }
        }
    }

    // MARK: Resuming

    /// PTRACE_CONT for every stopped thread, each with the signal it is to receive.
    func resumeAllThreads() {
        haltControl.retarget(fitHaltTarget())
        for thread in threads.values where thread.isStopped {
            resume(thread.id)
        }
    }

    /// PTRACE_CONT of one thread with its signal. A thread that died meanwhile (ESRCH)
    /// reports its end to `waitpid` soon.
    func resume(_ thread: ThreadID) {
        let signal = threads[thread]?.signalToDeliver
        threads[thread]?.signalToDeliver = nil
        threads[thread]?.reportedPC = nil
        threads[thread]?.isStopped = false
        _ = ptraceResume(thread, signal: signal)
    }

    /// A thread that can take a halt's SIGSTOP without it merging with another of ours.
    func fitHaltTarget() -> ThreadID? {
        let leader = ThreadID(pid)
        if let thread = threads[leader], !thread.expectsStop { return leader }
        return threads.values.filter { !$0.expectsStop }.map(\.id).min()
    }

    // MARK: Running

    /// Waits while the program runs, handling what needs no stop, until something does.
    func runUntilStop() throws(ProcessError) -> StopEvent {
        while true {
            guard let (thread, status) = try waitForTracee() else { return vanished() }
            switch interpret(thread, status) {
            case .ignored:
                continue
            case .threadExited:
                haltControl.retarget(fitHaltTarget())  // a halt's SIGSTOP may have died with it
            case .processEnded(let event):
                return finishStop(event)
            case .expectedStop:
                if haltControl.isRequested { return stopEverything(.halted(thread: thread)) }
                resume(thread)
                haltControl.retarget(fitHaltTarget())
            case .haltStop:
                return stopEverything(.halted(thread: thread))
            case .internalStop:
                // The thread, and a new thread that already stopped, go on.
                for stopped in threads.values where stopped.isStopped && stopped.pendingEvent == nil {
                    resume(stopped.id)
                }
            case .breakpoint(let address):
                return stopEverything(.breakpoint(thread: thread, address: address))
            case .stepped:
                // A trap we did not ask for (the program set the trap flag): its signal.
                return stopEverything(.signal(thread: thread, SignalInfo(signal: .sigtrap, code: 2)))
            case .signal(let info):
                if silentSignals.contains(info.signal) {
                    threads[thread]?.signalToDeliver = info.signal
                    resume(thread)
                    continue
                }
                return stopEverything(.signal(thread: thread, info))
            case .exec:
                return stopEverything(.exec(thread: thread))
            }
        }
    }

    // MARK: Reporting

    /// Records what a reported stop means for the next resume, and returns it.
    func report(_ event: StopEvent) -> StopEvent {
        guard let thread = event.thread, threads[thread] != nil else { return event }
        switch event {
        case .breakpoint(_, let address):
            threads[thread]?.reportedPC = address
        case .signal(_, let info):
            threads[thread]?.signalToDeliver = info.signal
            threads[thread]?.reportedPC = try? ptraceGetRegisters(thread).rip
        default:
            threads[thread]?.reportedPC = try? ptraceGetRegisters(thread).rip
        }
        return event
    }

    /// Reports `event`, or records the end of the process when it ended.
    func finishStop(_ event: StopEvent) -> StopEvent {
        guard event.isEnd else { return report(event) }
        forgetEverything(.ended(event))
        return event
    }

    /// No tracee is left and we never saw the end (someone else reaped it).
    func vanished() -> StopEvent {
        forgetEverything(.ended(nil))
        return .killed(signal: .sigkill, coreDumped: false)
    }

    private func forgetEverything(_ end: Life) {
        _ = haltControl.endRunning()
        life = end
        threads = [:]
        sites.removeAll()
        forgetAllDisplacedSteps()
        // Forked children that stopped before their parent's event: let them go.
        for early in earlyStops { _ = ptraceDetach(early, signal: nil) }
        earlyStops = []
        closeMemoryFile()
        closeRescueLedger()
    }
}
