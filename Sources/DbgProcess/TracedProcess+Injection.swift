import CSys

/// System calls of ours run by a thread of the stopped program (see InjectedSyscall).
extension TracedProcess {
    /// Runs `call` in a stopped thread with nothing pending: its raw result, nil when no
    /// thread could run it or something else kept coming first. Best a thread with no stop
    /// of ours queued; else a parked one (see +Parking: at a stop shown to the user every
    /// thread of an attached program has its SIGSTOP queued), which takes that SIGSTOP at the
    /// first try and is parked again afterwards.
    func runInjected(_ call: (Int32) throws(ProcessError) -> InjectedSyscall.Outcome) -> UInt64? {
        let candidates = threads.values.filter { $0.isStopped && $0.pendingEvent == nil && $0.signalToDeliver == nil }
        guard let thread = candidates.filter({ !$0.expectsStop }).map(\.id).min() ?? candidates.map(\.id).min()
        else { return nil }
        let wasParked = threads[thread]?.expectsStop == true
        defer { if wasParked { repark(thread) } }
        for _ in 0..<3 {
            switch try? call(thread.value) {
            case .returned(let result)?:
                return result
            case .interrupted(let status)?:
                // A signal came first: it is kept for the thread as any stop of a stopped
                // program would keep it, and the call is tried again.
                switch interpret(thread, WaitStatus(status)) {
                case .signal(let info):
                    if silentSignals.contains(info.signal) {
                        threads[thread]?.signalToDeliver = info.signal
                    } else {
                        keep(.signal(info), for: thread)
                    }
                case .ignored, .expectedStop, .internalStop, .haltStop, .stepped, .breakpoint, .exec:
                    break
                case .threadExited, .processEnded:
                    return nil
                }
                if threads[thread]?.pendingEvent != nil { return nil }
            case nil:
                return nil
            }
        }
        return nil
    }

    /// A parked thread whose queued SIGSTOP was taken: queued again, so that the program stays
    /// ready for a SIGKILL of dbg.
    private func repark(_ thread: ThreadID) {
        guard let state = threads[thread], state.isStopped, !state.expectsStop else { return }
        threads[thread]?.expectsStop = true
        _ = csys_tgkill(pid, thread.value, Signal.sigstop.rawValue)
    }
}
