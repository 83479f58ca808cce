import DbgProcess

/// Why the program stopped, as the engine reports it to the service.
public struct StopReport: Sendable {
    public enum Reason: Sendable, Equatable {
        /// Stopped at entry, before any user code (after launch or attach).
        case entry
        case breakpoint(id: Int)
        /// Stopped only to report the tracepoint passes in `traces` (a continue that returns
        /// at tracepoints); continuing goes on.
        case tracepoint(id: Int)
        /// A next/step/stepout/step-instruction completed.
        case step
        /// The program executed an int3 of its own (`runtime.Breakpoint()`, `__asm__("int3")`).
        case hardcodedBreakpoint
        case signal(SignalInfo)
        case halted
        case exited(code: Int32)
        case killed(signal: Signal)
    }

    public var reason: Reason
    /// The thread that stopped (nil once the program is gone).
    public var thread: ThreadID?
    /// Tracepoints passed on the way, in order, for the front end to print.
    public var traces: [TraceHit]
    /// A step in progress that a breakpoint on another thread interrupted; the next
    /// next/step/stepout completes it.
    public var interruptedStep: Bool
    /// Watchpoints on stack variables whose frames returned on the way here, cleared (Delve's
    /// WatchOutOfScope).
    public var watchOutOfScope: [LogicalBreakpoint] = []
    /// At a watchpoint's hit: the watched value before and after.
    public var watchChange: WatchChange?
    /// The report of a `call` whose function returned (or of the continue that finished a call
    /// stopped inside): the program is where it was before the call, as `reason` says, and
    /// `Target.lastReturnValues` holds what the call gave (nil for `void`).
    public var callReturned = false

    public init(reason: Reason, thread: ThreadID?, traces: [TraceHit] = [], interruptedStep: Bool = false) {
        self.reason = reason
        self.thread = thread
        self.traces = traces
        self.interruptedStep = interruptedStep
    }

    public var hasEnded: Bool {
        switch reason {
        case .exited, .killed: return true
        default: return false
        }
    }
}

/// One pass through a tracepoint: which, where, and its function's arguments as text
/// (for a return tracepoint, what the function returns).
public struct TraceHit: Sendable {
    public var breakpointID: Int
    public var thread: ThreadID
    /// Go: the goroutine that passed.
    public var goroutine: Int64?
    public var pc: UInt64
    public var functionName: String?
    /// The arguments, loaded the short way, when the tracepoint's line shows them.
    public var arguments: [LoadedValue]
    /// What the tracepoint's `on ID ...` commands gathered.
    public var info: HitInfo?
    /// A return tracepoint's pass: `returnValues` are the function's results.
    public var isReturn = false
    public var returnValues: [LoadedValue] = []
}
