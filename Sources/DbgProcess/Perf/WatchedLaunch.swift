import CSys
import Glibc

/// A program launched for the uprobe tracer: it runs free (never stopped by a probe), but
/// stays traced for three moments: right after execve, so that the uprobe events exist
/// before any of its code runs; when it creates a thread (PTRACE_EVENT_CLONE), so that
/// the new thread's events exist before it runs; and at its exit (PTRACE_EVENT_EXIT), so
/// that the tracer can read the last samples while the address space (a goroutine's id,
/// a string's bytes) is still there. Signals stop a thread briefly on their way.
///
/// Not an actor: every call must come from the thread that called `launch`, the only one
/// the kernel accepts ptrace requests and waitpid from for this child. Not Sendable.
public final class WatchedLaunch {
    public let pid: Int32
    private var exitStatus: Int32?
    /// The first thread is held at its exit.
    private var held = false
    /// Threads stopped by a SIGSTOP while stops are held (the trace paused the program).
    private var heldStops: Set<Int32> = []

    public enum State: Equatable {
        case running
        /// The program is exiting, held before its memory goes: read, then `release()`.
        case exiting
        /// Ended: the exit code, or 128 + the killing signal.
        case ended(status: Int32)
    }

    /// Starts `path` stopped right after execve (stdio inherited).
    public init(path: String, arguments: [String]) throws(ProcessError) {
        pid = try ExecStoppedLaunch.start(
            path, arguments: arguments,
            options: UInt(CSYS_PTRACE_O_TRACEEXIT) | UInt(CSYS_PTRACE_O_EXITKILL) | UInt(CSYS_PTRACE_O_TRACECLONE)
                | UInt(CSYS_PTRACE_O_TRACEEXEC))
    }

    /// Lets the program run (after the events are open).
    public func start() {
        _ = csys_ptrace_cont(pid, 0)
    }

    /// Collects what happened since the last call without blocking: a new thread is
    /// handed to `onNewThread` while it has not run yet, then resumed; signals are passed
    /// on at once; the exit of the first thread is held (`.exiting`). With `holdingStops`
    /// (the trace paused the program with a SIGSTOP) a thread's SIGSTOP stop is kept until
    /// `releaseHeldStops()`: the program cannot tell it was stopped.
    public func poll(holdingStops: Bool = false, onNewThread: (Int32) -> Void) -> State {
        if let exitStatus { return .ended(status: exitStatus) }
        while true {
            var status: Int32 = 0
            let waited = csys_waitpid(-1, &status, Int32(CSYS_WAIT_ALL) | Int32(CSYS_WAIT_NOTHREAD) | Int32(CSYS_WAIT_NOHANG))
            if waited == 0 { return .running }
            if waited < 0 {
                exitStatus = exitStatus ?? 128 + Signal.sigkill.rawValue
                return .ended(status: exitStatus ?? 0)
            }
            if csys_wifexited(status) != 0 || csys_wifsignaled(status) != 0 {
                heldStops.remove(waited)
                guard waited == pid else { continue }  // another thread's end
                let code = csys_wifexited(status) != 0 ? csys_wexitstatus(status) : 128 + csys_wtermsig(status)
                exitStatus = code
                return .ended(status: code)
            }
            switch csys_wptrace_event(status) {
            case Int32(CSYS_PTRACE_EVENT_EXIT):
                if waited == pid {
                    held = true
                    return .exiting
                }
                _ = csys_ptrace_cont(waited, 0)
            case Int32(CSYS_PTRACE_EVENT_CLONE):
                var message: UInt = 0
                if csys_ptrace_geteventmsg(waited, &message) == 0 { onNewThread(Int32(truncatingIfNeeded: message)) }
                _ = csys_ptrace_cont(waited, 0)
            case 0:
                // A new thread's first stop, or a signal for the program (Go's SIGURG, a
                // SIGCHLD, its own SIGTRAP): deliver it. A group-stop is resumed too: a
                // trace does not pause programs.
                let signal = csys_wstopsig(status)
                if signal == SIGSTOP && holdingStops {
                    heldStops.insert(waited)
                    continue
                }
                _ = csys_ptrace_cont(waited, signal == SIGSTOP ? 0 : signal)
            default:
                _ = csys_ptrace_cont(waited, 0)  // exec and other events: nothing to deliver
            }
        }
    }

    /// Lets the threads held at their SIGSTOP go on.
    public func releaseHeldStops() {
        for thread in heldStops { _ = csys_ptrace_cont(thread, 0) }
        heldStops = []
    }

    /// Lets an `.exiting` program finish.
    public func release() {
        if held { _ = csys_ptrace_cont(pid, 0) }
        held = false
    }

    /// Blocks until the program has ended (releasing a held exit) and returns its status.
    public func waitForEnd() -> Int32 {
        while true {
            switch poll(onNewThread: { _ in }) {
            case .ended(let status): return status
            case .exiting: release()
            case .running: usleep(1000)
            }
        }
    }

    /// SIGKILL (Ctrl-C on a launched program).
    public func kill() {
        _ = csys_kill(pid, Signal.sigkill.rawValue)
    }
}
