/// What `dbg trace` asks for: which functions, in which program, how.
public struct TraceRequest: Sendable {
    public enum Program: Sendable {
        /// Run this binary with these arguments.
        case launch(path: String, arguments: [String])
        /// Trace the running process with this id; leave it running at the end.
        case attach(pid: Int32)
    }

    public enum Backend: String, Sendable, CaseIterable {
        /// inject when every probe can be patched, else uprobe when perf uprobes are
        /// available and allowed, else ptrace.
        case auto, ptrace, uprobe, inject
    }

    /// A regular expression over function names (unanchored).
    public var pattern: String
    public var program: Program
    public var backend: Backend
    public var includeReturns: Bool
    /// Frames of stack to show with each call (ptrace backend only).
    public var stackDepth: Int
    /// Never make the program wait for the trace's reader: the uprobe backend then drops
    /// events when the reader falls behind (and counts them). Off: every event is reported.
    public var isLossy: Bool

    public init(
        pattern: String, program: Program, backend: Backend = .auto, includeReturns: Bool = true, stackDepth: Int = 0,
        isLossy: Bool = false
    ) {
        self.pattern = pattern
        self.program = program
        self.backend = backend
        self.includeReturns = includeReturns
        self.stackDepth = stackDepth
        self.isLossy = isLossy
    }
}

/// One event of a trace whose values are more than plain integers, as the API gives it to
/// front ends (the others are numbers in `TraceRecords`).
public struct TraceRecord: Sendable {
    public enum Kind: String, Sendable { case call, `return` }

    public var kind: Kind
    public var function: String
    public var thread: Int32
    /// Go only.
    public var goroutine: Int64?
    /// Nanoseconds of the kernel's perf clock (ptrace: CLOCK_MONOTONIC).
    public var time: UInt64
    /// Arguments (named; the names shown for C, not for Go, as Delve) or results (unnamed).
    public var values: [API.Variable]
    public var showsNames: Bool
    /// The call's stack, outermost last (with `stackDepth`).
    public var stack: [String]

    public init(kind: Kind, function: String, thread: Int32, goroutine: Int64?, time: UInt64,
                values: [API.Variable], showsNames: Bool, stack: [String] = []) {
        self.kind = kind
        self.function = function
        self.thread = thread
        self.goroutine = goroutine
        self.time = time
        self.values = values
        self.showsNames = showsNames
        self.stack = stack
    }
}

/// The end of a trace: counts per function, events lost, how the program ended.
public struct TraceOutcome: Sendable {
    public var counts: [(function: String, calls: Int, returns: Int)]
    public var lost: UInt64
    public var exitStatus: Int32?
    public var backend: TraceRequest.Backend
    /// The trace was asked to drop events rather than make the program wait.
    public var isLossy: Bool
}

/// Why a trace could not run, phrased for a user.
public struct TraceFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
