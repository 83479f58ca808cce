import Glibc

/// Why a process operation failed, phrased for a user (one line, no trailing period).
public enum ProcessError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Attach: no process has this id.
    case noSuchProcess(Int32)
    /// Attach: another tracer (a debugger, strace) holds it.
    case alreadyTraced(Int32, tracerPID: Int32, tracerName: String)
    /// Attach: the kernel refused (another user's process, a kernel thread, ourselves).
    case notPermitted(Int32, reason: String)
    /// Launch: the program could not be executed (execve failed).
    case cannotExecute(String, reason: String)
    /// Launch: the child could not be prepared (working directory, redirection...).
    case cannotLaunch(String, reason: String)
    /// The process has exited (or was killed); only its exit status remains.
    case processExited(Int32)
    /// The process was detached; it is no longer ours to control.
    case detached(Int32)
    /// The operation needs a thread the process does not have (any more).
    case noSuchThread(ThreadID)
    /// Memory that is not mapped or not readable at this address.
    case unreadableMemory(address: UInt64, count: Int)
    /// Memory that could not be written at this address.
    case unwritableMemory(address: UInt64, count: Int)
    /// A /proc file that could not be read or parsed.
    case unreadableProcFile(String, reason: String)
    /// A hardware watchpoint that cannot be set (size, alignment, all four in use).
    case watchpointRefused(String)
    /// A ptrace request failed for a reason none of the above covers.
    case ptraceFailed(String, thread: ThreadID, reason: String)
    /// A core file that cannot be read (not a core, another machine's, cut before its notes).
    case badCoreFile(String, reason: String)
    /// A file dbg writes (a core dump) that could not be written.
    case unwritableFile(String, reason: String)

    public var description: String {
        switch self {
        case .noSuchProcess(let pid): return "no such process \(pid)"
        case .alreadyTraced(let pid, let tracer, let name):
            return "process \(pid) is already traced by PID \(tracer) (\(name))"
        case .notPermitted(let pid, let reason): return "not permitted to trace process \(pid): \(reason)"
        case .cannotExecute(let path, let reason): return "cannot execute \(path): \(reason)"
        case .cannotLaunch(let path, let reason): return "cannot launch \(path): \(reason)"
        case .processExited(let pid): return "process \(pid) has exited"
        case .detached(let pid): return "process \(pid) is detached"
        case .noSuchThread(let thread): return "no thread \(thread)"
        case .watchpointRefused(let reason): return reason
        case .unreadableMemory(let address, let count):
            return "cannot read \(count) byte\(count == 1 ? "" : "s") at 0x\(String(address, radix: 16))"
        case .unwritableMemory(let address, let count):
            return "cannot write \(count) byte\(count == 1 ? "" : "s") at 0x\(String(address, radix: 16))"
        case .unreadableProcFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .ptraceFailed(let operation, let thread, let reason):
            return "\(operation) failed on thread \(thread): \(reason)"
        case .badCoreFile(let path, let reason): return "core file \(path): \(reason)"
        case .unwritableFile(let path, let reason): return "cannot write \(path): \(reason)"
        }
    }

    /// strerror's text for an errno value.
    static func text(_ error: Int32) -> String { String(cString: strerror(error)) }
}
