import DbgProcess

/// One goroutine as the Go runtime's `runtime.g` describes it.
public struct Goroutine: Sendable, Hashable {
    public var id: Int64
    /// Where its `runtime.g` is.
    public var address: UInt64
    /// `atomicstatus` without the GC's scan bit.
    public var status: Status
    /// The runtime's `waitReason` number, and its text from the program's
    /// `runtime.waitReasonStrings` (both only while the goroutine waits).
    public var waitReason: UInt8
    public var waitReasonText: String?
    /// Nanoseconds of the runtime's clock when it started waiting (0 when not recorded).
    public var waitSince: Int64
    /// The thread running it, if any.
    public var thread: ThreadID?
    /// The registers saved when it last left a thread (`sched`), where a parked goroutine's
    /// stack starts.
    public var savedPC: UInt64
    public var savedSP: UInt64
    public var savedBP: UInt64
    /// The return address of the `go` statement that created it, and its start function.
    public var goStatementPC: UInt64
    public var startPC: UInt64
    /// Its stack: [lo, hi). Go moves stacks, so frames are compared relative to `stackHi`.
    public var stackLo: UInt64
    public var stackHi: UInt64
    /// Where its pprof labels are (`g.labels`, a pointer to a map[string]string); 0: none.
    public var labelsAddress: UInt64 = 0

    /// The runtime's goroutine states (runtime2.go).
    public struct Status: RawRepresentable, Sendable, Hashable {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let idle = Status(rawValue: 0), runnable = Status(rawValue: 1), running = Status(rawValue: 2)
        public static let syscall = Status(rawValue: 3), waiting = Status(rawValue: 4), dead = Status(rawValue: 6)
        public static let copyingStack = Status(rawValue: 8), preempted = Status(rawValue: 9)
        /// Set on top of a state while the GC scans the goroutine's stack.
        static let scanBit: UInt32 = 0x1000
    }
}
