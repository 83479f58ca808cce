/// What one `waitpid` report of a thread means, once the controller has done the
/// bookkeeping every mode shares (see `TracedProcess.interpret`). Each execution mode
/// (running, stopping everything, stepping one thread) then decides what to do with it.
enum ThreadReport {
    /// Nothing to do: a tracee we do not know (yet), or one we forgot.
    case ignored
    /// A thread other than the leader exited; it is out of the table.
    case threadExited(code: Int32)
    /// The process ended (the leader's exit comes last); the table is empty.
    case processEnded(StopEvent)
    /// The SIGSTOP the thread was expected to receive (ours, PTRACE_ATTACH's, or the first
    /// stop of a new thread): swallowed.
    case expectedStop
    /// The SIGSTOP of a `halt()`.
    case haltStop
    /// The thread executed a site's int3; its PC is back at the site.
    case breakpoint(UInt64)
    /// A single-step trap.
    case stepped
    /// A signal for the program (never a SIGSTOP of ours).
    case signal(SignalInfo)
    /// A stop handled entirely here: a clone, fork or vfork event (children registered or
    /// detached), a vfork's end, a group-stop. The thread only needs to go on.
    case internalStop
    /// The thread executed a new program: threads and sites were reset.
    case exec
}
