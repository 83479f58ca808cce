/// Why the process stopped (or ended): what `cont()` and `stepInstruction(_:)` return.
///
/// When a stop is reported every thread of the process is stopped (all-stop mode).
public enum StopEvent: Hashable, Sendable, CustomStringConvertible {
    /// A thread executed the int3 of a breakpoint site; its PC is back at `address`.
    case breakpoint(thread: ThreadID, address: UInt64)
    /// A single step of `thread` completed.
    case stepped(thread: ThreadID)
    /// A thread received a signal. It will be delivered on the next resume unless
    /// `discardSignal(of:)` is called first.
    case signal(thread: ThreadID, SignalInfo)
    /// The program was stopped by `halt()`; no signal is pending for it.
    case halted(thread: ThreadID)
    /// The program called execve: memory and threads are new, every breakpoint site is
    /// gone (the caller reloads symbols and re-inserts its breakpoints).
    case exec(thread: ThreadID)
    /// The thread being single-stepped exited (the instruction was a thread's exit);
    /// the other threads are stopped.
    case threadExited(thread: ThreadID, code: Int32)
    /// The program exited with this status.
    case exited(code: Int32)
    /// The program died of a signal.
    case killed(signal: Signal, coreDumped: Bool)

    /// The thread the stop belongs to (nil when the process has ended).
    public var thread: ThreadID? {
        switch self {
        case .breakpoint(let thread, _), .stepped(let thread), .signal(let thread, _), .halted(let thread),
             .exec(let thread):
            return thread
        case .threadExited, .exited, .killed:
            return nil
        }
    }

    /// True when the process is gone.
    public var isEnd: Bool {
        switch self {
        case .exited, .killed: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .breakpoint(let thread, let address):
            return "thread \(thread) hit the breakpoint at 0x\(String(address, radix: 16))"
        case .stepped(let thread): return "thread \(thread) stepped"
        case .signal(let thread, let info): return "thread \(thread) received \(info)"
        case .halted(let thread): return "halted (thread \(thread))"
        case .exec(let thread): return "thread \(thread) executed a new program"
        case .threadExited(let thread, let code): return "thread \(thread) exited with code \(code)"
        case .exited(let code): return "exited with code \(code)"
        case .killed(let signal, let core): return "killed by \(signal.name)" + (core ? " (core dumped)" : "")
        }
    }
}
