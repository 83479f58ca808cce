extension API {
    /// Not in Delve's API: why the program stopped, typed. `DebuggerState.reason` carries it;
    /// its `text` is what `stopReason` has always said on the wire (only a signal, a halt and
    /// a kill have words), which Delve's clients ignore.
    public enum StopReason: Codable, Sendable, Equatable {
        /// Stopped before any user code, after launch or attach.
        case entry
        case breakpoint(id: Int)
        /// Stopped only to report tracepoint passes (a continue with `returnAtTracepoints`).
        case tracepoint(id: Int)
        /// A next, step, stepout or instruction step completed.
        case step
        /// The program executed an int3 of its own (`runtime.Breakpoint()`, `__asm__("int3")`).
        case hardcodedBreakpoint
        /// `text`: the signal as it is shown ("SIGSEGV: segmentation violation at 0x0").
        case signal(name: String, number: Int, text: String)
        case halted
        case exited(status: Int)
        case killed(signal: String, number: Int)

        /// The words for the stop, or nil when the stop's position says it all.
        public var text: String? {
            switch self {
            case .signal(_, _, let text): return "received \(text)"
            case .halted: return "halted"
            case .killed(let signal, _): return "killed by \(signal)"
            default: return nil
            }
        }
    }
}
