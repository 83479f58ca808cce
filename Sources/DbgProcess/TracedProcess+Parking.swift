import CSys

/// Parking: readying a stop that may last (the user's prompt) for a SIGKILL of dbg.
///
/// If dbg dies without detaching, the kernel detaches the threads and they run at once,
/// into dbg's int3s, before anything can take them out; and a signal a thread stopped
/// with is dropped. A signal still queued is not: a SIGSTOP queued in each thread makes
/// the whole program stop after such a detach, until the guardian (csys_guardian.h) has
/// put the original bytes back and sent SIGCONT. The SIGSTOPs are ours like an all-stop's
/// (`expectsStop`): each arrives when its thread next resumes, before it runs anything,
/// and is swallowed. Cost: a tgkill per thread now, and one more stop and resume per
/// thread at the next resume. Only for an attached program with a guardian (a launched
/// one dies with dbg).
extension TracedProcess {
    public func park() {
        guard !isLaunched, case .stopped = life, sites.ledger?.hasGuardian == true else { return }
        for thread in threads.values where thread.isStopped && !thread.expectsStop {
            threads[thread.id]?.expectsStop = true
            _ = csys_tgkill(pid, thread.id.value, Signal.sigstop.rawValue)
        }
    }
}
