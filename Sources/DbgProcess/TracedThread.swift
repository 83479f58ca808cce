/// What the controller knows about one thread of the traced process.
struct TracedThread {
    let id: ThreadID
    /// In a ptrace stop (any kind). False between a resume and its next stop.
    var isStopped: Bool
    /// A SIGSTOP meant for this thread is still to arrive: one we sent to stop it, the one
    /// PTRACE_ATTACH sends, or the kernel's first stop of a new thread. When it comes it is
    /// swallowed, never delivered.
    var expectsStop: Bool
    /// An event seen while every thread was being stopped and not reported yet: a later
    /// `cont()` reports it without resuming anything, so none is lost.
    var pendingEvent: PendingEvent?
    /// The signal to deliver when this thread resumes.
    var signalToDeliver: Signal?
    /// The PC at which this thread's stop was last reported. A breakpoint site there has
    /// been seen already, so resuming steps over it instead of reporting it again (gdb's rule).
    var reportedPC: UInt64?
    /// Its debug registers hold watchpoints (see TracedProcess+Watchpoints).
    var hasWatchRegisters = false

    init(id: ThreadID, isStopped: Bool, expectsStop: Bool) {
        self.id = id
        self.isStopped = isStopped
        self.expectsStop = expectsStop
    }
}

/// An event kept for a later report.
struct PendingEvent {
    enum Kind {
        /// The thread executed this site's int3; its PC is already back at the site.
        case breakpoint(UInt64)
        /// The thread is in the signal-delivery-stop of this signal.
        case signal(SignalInfo)
        /// The thread executed a new program.
        case exec
    }

    var kind: Kind
    /// Arrival order: pending events are reported oldest first.
    var order: Int
}
