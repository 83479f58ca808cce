import CSys

/// Letting go of the process: detach (it runs on as if never touched) or kill.
extension TracedProcess {
    /// Detaches from every thread: every int3 and watchpoint is removed, every SIGSTOP of ours still on
    /// its way is swallowed first (or the program would stop for good after we leave),
    /// and each thread leaves with the signal it was to receive. The program runs on.
    ///
    /// A launched program remains the debugger's child: its exit status is for the
    /// caller to collect (`waitpid(pid)`, once no TracedProcess traces it: a `waitpid`
    /// while one does could take that tracer's events), or it stays a zombie.
    public func detach() throws(ProcessError) {
        try ensureStopped()
        var firstError: ProcessError?
        if sites.inMemory {
            for address in sites.addresses {
                guard let original = sites.original(at: address) else { continue }
                do { try writeThroughProtection([original], at: address) } catch { firstError = firstError ?? error }
            }
        }
        let healerArea = sites.healer?.area
        sites.removeAll()
        for thread in threads.keys.sorted() where threads[thread]?.expectsStop == true {
            swallowExpectedStop(of: thread)
        }
        if let healerArea { removeTrapHealer(at: healerArea) }
        unmapScratchAreas()
        // The kernel keeps a thread's debug registers after the detach: a watchpoint left on
        // would end the program with SIGTRAP at its next access.
        if !watchSlots.isEmpty {
            watchSlots.freeAll()
            for thread in threads.keys { applyWatchRegisters(to: thread) }
        }
        for early in earlyStops { _ = ptraceDetach(early, signal: nil) }
        earlyStops = []
        for thread in threads.values {
            _ = ptraceDetach(thread.id, signal: signalOnLeaving(thread.id))
        }
        threads = [:]
        life = .detached
        closeMemoryFile()
        closeRescueLedger()
        if let firstError { throw firstError }
    }

    /// Nothing is left to rescue once the program is detached or gone.
    func closeRescueLedger() {
        sites.ledger?.close()
        sites.ledger = nil
    }

    /// Kills the process (SIGKILL) and collects its end.
    public func kill() throws(ProcessError) -> StopEvent {
        switch life {
        case .ended(let event): return event ?? .killed(signal: .sigkill, coreDumped: false)
        case .detached: throw .detached(pid)
        case .stopped: break
        }
        _ = csys_kill(pid, Signal.sigkill.rawValue)
        return try waitForEnd()
    }

    /// Collects the end of a process that is dying (killed, by us or from outside).
    func waitForEnd() throws(ProcessError) -> StopEvent {
        while true {
            guard let (thread, status) = try waitForTracee() else { return vanished() }
            if case .processEnded(let event) = interpret(thread, status) { return finishStop(event) }
        }
    }

    /// The signal a thread still has to receive: the one it stopped with, reported or not.
    private func signalOnLeaving(_ thread: ThreadID) -> Signal? {
        if let signal = threads[thread]?.signalToDeliver { return signal }
        if case .signal(let info)? = threads[thread]?.pendingEvent?.kind { return info.signal }
        return nil
    }

    /// Resumes `thread` (delivering its signals on the way) until our SIGSTOP arrives. It
    /// comes before the thread runs any instruction: the kernel handles pending signals
    /// on the way back to user mode.
    private func swallowExpectedStop(of thread: ThreadID) {
        var signal = signalOnLeaving(thread)
        threads[thread]?.signalToDeliver = nil
        threads[thread]?.pendingEvent = nil
        if threads[thread]?.isStopped == true {
            _ = ptraceResume(thread, signal: signal)
            signal = nil
        }
        while true {
            guard let (_, status) = try? waitForTracee(thread) else { return }
            switch interpret(thread, status) {
            case .expectedStop, .threadExited, .processEnded, .ignored:
                return
            case .signal(let info):
                _ = ptraceResume(thread, signal: info.signal)  // delivered: its handler runs after we leave
            case .haltStop, .breakpoint, .stepped, .internalStop, .exec:
                _ = ptraceResume(thread, signal: nil)
            }
        }
    }
}
