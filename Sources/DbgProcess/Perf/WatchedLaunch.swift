import CSys
import Glibc

/// A program launched for the uprobe tracer: it runs free (never stopped, except by
/// signals it receives), but stays traced on its first thread for two moments only:
/// right after execve, so that the uprobe events exist before any of its code runs, and
/// at its exit (PTRACE_EVENT_EXIT), so that the tracer can read the last samples while
/// the address space (a goroutine's id, a string's bytes) is still there.
///
/// Not an actor: every call must come from the thread that called `launch`, the only one
/// the kernel accepts ptrace requests and waitpid from for this child. Not Sendable.
public final class WatchedLaunch {
    public let pid: Int32
    private var exitStatus: Int32?

    public enum State: Equatable {
        case running
        /// The program is exiting, held before its memory goes: read, then `release()`.
        case exiting
        /// Ended: the exit code, or 128 + the killing signal.
        case ended(status: Int32)
    }

    /// Starts `path` stopped right after execve (stdio inherited).
    public init(path: String, arguments: [String]) throws(ProcessError) {
        var result = csys_spawn_result()
        CStringArray.with([path] + arguments) { argv in
            CStringArray.withEnvironment(nil) { envp in
                path.withCString { cPath in
                    var request = csys_spawn_request(
                        path: cPath, argv: argv, envp: envp, working_directory: nil, stdin_fd: -1, stdout_fd: -1,
                        stderr_fd: -1, disable_aslr: 1, new_process_group: 0)
                    csys_spawn_traced(&request, &result)
                }
            }
        }
        guard result.failed_step == Int32(CSYS_SPAWN_OK) else {
            throw result.failed_step == Int32(CSYS_SPAWN_EXEC)
                ? .cannotExecute(path, reason: ProcessError.text(result.error))
                : .cannotLaunch(path, reason: ProcessError.text(result.error))
        }
        pid = result.pid
        var status: Int32 = 0
        let waited = csys_waitpid(pid, &status, Int32(CSYS_WAIT_ALL))
        guard waited == pid, csys_wifstopped(status) != 0 else {
            throw .cannotLaunch(path, reason: "the program did not stop after execve")
        }
        // No TRACECLONE: the program's other threads are never traced, so never stopped.
        let options = UInt(CSYS_PTRACE_O_TRACEEXIT) | UInt(CSYS_PTRACE_O_EXITKILL)
        let error = csys_ptrace_setoptions(pid, options)
        guard error == 0 else {
            _ = csys_kill(pid, Signal.sigkill.rawValue)
            _ = csys_waitpid(pid, &status, Int32(CSYS_WAIT_ALL))
            throw .cannotLaunch(path, reason: "PTRACE_SETOPTIONS: \(ProcessError.text(error))")
        }
    }

    /// Lets the program run (after the events are open).
    public func start() {
        _ = csys_ptrace_cont(pid, 0)
    }

    /// Collects what happened since the last call without blocking: signals are passed
    /// on at once (the program barely notices), the exit is held (`.exiting`).
    public func poll() -> State {
        if let exitStatus { return .ended(status: exitStatus) }
        while true {
            var status: Int32 = 0
            let waited = csys_waitpid(pid, &status, Int32(CSYS_WAIT_ALL) | Int32(CSYS_WAIT_NOHANG))
            if waited == 0 { return .running }
            if waited < 0 {
                exitStatus = exitStatus ?? 128 + Signal.sigkill.rawValue
                return .ended(status: exitStatus ?? 0)
            }
            if csys_wifexited(status) != 0 {
                exitStatus = csys_wexitstatus(status)
                return .ended(status: csys_wexitstatus(status))
            }
            if csys_wifsignaled(status) != 0 {
                exitStatus = 128 + csys_wtermsig(status)
                return .ended(status: 128 + csys_wtermsig(status))
            }
            if csys_wptrace_event(status) == Int32(CSYS_PTRACE_EVENT_EXIT) { return .exiting }
            // A signal for the program (Go's SIGURG, a SIGCHLD...): deliver it. A group-stop
            // (SIGSTOP and friends) is resumed too: a trace does not pause programs.
            let signal = csys_wstopsig(status)
            _ = csys_ptrace_cont(pid, signal == SIGTRAP ? 0 : signal)
        }
    }

    /// Lets an `.exiting` program finish.
    public func release() {
        _ = csys_ptrace_cont(pid, 0)
    }

    /// Blocks until the program has ended (releasing a held exit) and returns its status.
    public func waitForEnd() -> Int32 {
        while true {
            switch poll() {
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
