import CSys

/// One `waitpid` status, decoded.
enum WaitStatus: Equatable, CustomStringConvertible {
    /// The thread (or, for the leader, the process) exited with this code.
    case exited(code: Int32)
    /// It died of a signal.
    case killed(Signal, coreDumped: Bool)
    /// A signal-delivery-stop, or a group-stop (PTRACE_GETSIGINFO tells them apart).
    case signalStop(Signal)
    /// A ptrace event stop (PTRACE_EVENT_CLONE, _FORK, _EXEC...).
    case eventStop(PtraceEvent)

    init(_ status: Int32) {
        if csys_wifexited(status) != 0 {
            self = .exited(code: csys_wexitstatus(status))
        } else if csys_wifsignaled(status) != 0 {
            self = .killed(Signal(csys_wtermsig(status)), coreDumped: csys_wcoredump(status) != 0)
        } else if let event = PtraceEvent(rawValue: csys_wptrace_event(status)) {
            self = .eventStop(event)
        } else {
            self = .signalStop(Signal(csys_wstopsig(status)))
        }
    }

    /// True when the thread is gone.
    var isEnd: Bool {
        switch self {
        case .exited, .killed: return true
        case .signalStop, .eventStop: return false
        }
    }

    var description: String {
        switch self {
        case .exited(let code): return "exited(\(code))"
        case .killed(let signal, _): return "killed(\(signal))"
        case .signalStop(let signal): return "stopped(\(signal))"
        case .eventStop(let event): return "event(\(event))"
        }
    }
}

/// The ptrace event stops the controller asks for.
enum PtraceEvent: Int32 {
    case fork = 1  // CSYS_PTRACE_EVENT_FORK
    case vfork = 2
    case clone = 3
    case exec = 4
    case vforkDone = 5
    case exit = 6
    case stop = 128
}
