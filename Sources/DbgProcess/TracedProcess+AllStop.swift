import CSys

/// All-stop: when one thread reports something worth a stop, every other running thread
/// is sent SIGSTOP (tgkill) and waited for. A thread that reports another event instead (a
/// second breakpoint hit, a signal) keeps it as a pending event, which the next `cont()`
/// reports without resuming anything: no event is lost or reported twice. Such a thread
/// still has our SIGSTOP coming (`expectsStop`); it arrives as soon as the thread resumes,
/// before the thread runs any instruction, and is swallowed then.
extension TracedProcess {
    /// Stops every other thread (all-stop), keeping what they report meanwhile, and
    /// reports `event`.
    func stopEverything(_ event: StopEvent) -> StopEvent {
        absorbHalt(reported: event)
        for thread in threads.values where !thread.isStopped && !thread.expectsStop {
            threads[thread.id]?.expectsStop = true
            _ = csys_tgkill(pid, thread.id.value, Signal.sigstop.rawValue)
        }
        while threads.values.contains(where: { !$0.isStopped }) {
            guard let (thread, status) = try? waitForTracee() else { return vanished() }
            switch interpret(thread, status) {
            case .ignored, .threadExited, .expectedStop, .internalStop, .haltStop:
                continue  // (no halt stop can come: absorbHalt made it an expected one)
            case .processEnded(let end):
                return finishStop(end)
            case .breakpoint(let address):
                keep(.breakpoint(address), for: thread)
            case .stepped:
                keep(.signal(SignalInfo(signal: .sigtrap, code: 2)), for: thread)
            case .signal(let info):
                if silentSignals.contains(info.signal) {
                    threads[thread]?.signalToDeliver = info.signal
                } else {
                    keep(.signal(info), for: thread)
                }
            case .exec:
                keep(.exec, for: thread)
            }
        }
        moveThreadsOutOfSlots()
        // An exec by another thread took the reporting thread away: report the exec.
        if let trigger = event.thread, threads[trigger] == nil {
            return takePendingEvent() ?? finishStop(.exec(thread: ThreadID(pid)))
        }
        return report(event)
    }

    /// The program stops: from now on `halt()` does nothing, and a halt's SIGSTOP still on
    /// its way (unless it is the very stop being reported) becomes one we expect.
    /// Returns whether a halt was asked for.
    @discardableResult
    func absorbHalt(reported event: StopEvent?) -> Bool {
        let halt = haltControl.endRunning()
        if let target = halt.sentTo, event != .halted(thread: target) {
            threads[target]?.expectsStop = true
        }
        return halt.requested
    }

    func keep(_ kind: PendingEvent.Kind, for thread: ThreadID) {
        threads[thread]?.pendingEvent = PendingEvent(kind: kind, order: pendingCount)
        pendingCount += 1
    }
}
