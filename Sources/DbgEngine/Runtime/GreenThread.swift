import DbgProcess

/// One green thread as its runtime describes it: a goroutine in Go (its `runtime.g`), a task
/// in Swift. Fields a runtime has no notion of stay zero.
public struct GreenThread: Sendable, Hashable {
    public var id: Int64
    /// Where the runtime's record of it is (Go: its `runtime.g`).
    public var address: UInt64
    /// The runtime's own state number (Go: `atomicstatus` without the GC's scan bit).
    public var status: Status
    /// Why it waits: the runtime's number, and its text (Go: `waitReason`, its text from the
    /// program's `runtime.waitReasonStrings`), only while it waits.
    public var waitReason: UInt8
    public var waitReasonText: String?
    /// Nanoseconds of the runtime's clock when it started waiting (0 when not recorded).
    public var waitSince: Int64
    /// The thread running it, if any.
    public var thread: ThreadID?
    /// The registers saved when it last left a thread, where a parked one's stack starts.
    public var savedPC: UInt64
    public var savedSP: UInt64
    public var savedBP: UInt64
    /// The return address of the statement that created it (Go: the `go` statement), and its
    /// start function.
    public var creationPC: UInt64
    public var startPC: UInt64
    /// Its stack: [lo, hi). Go moves stacks, so frames are compared relative to `stackHi`.
    public var stackLo: UInt64
    public var stackHi: UInt64
    /// Where its labels are (Go: `g.labels`, a pointer to a map[string]string); 0: none.
    public var labelsAddress: UInt64 = 0
    /// The green thread that started it, where the runtime records one (Swift: a child task's
    /// parent); 0 for none.
    public var parentID: Int64 = 0

    /// A runtime's state number; each runtime names its own (Go's in `GoroutineStatus`).
    public struct Status: RawRepresentable, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
    }
}
