import DbgSymbols

/// One traced call or return whose values are more than plain integers (or whose stack was
/// asked for), decoded into values. DbgService turns it into the API's `TraceRecord` (the
/// engine knows no API types, and the API shows no engine types), which dbg trace's writer
/// prints. Events of plain integers are kept as numbers instead (`TraceEvents`).
public struct TraceEvent: Sendable {
    public enum Kind: Sendable, Hashable { case call, returning }

    public var kind: Kind
    public var function: String
    public var thread: Int32
    /// Go only: the goroutine the call ran on (nil when unknown or not Go).
    public var goroutine: Int64?
    /// CLOCK_MONOTONIC nanoseconds.
    public var time: UInt64
    /// Arguments of a call (named by their parameters); results of a return (unnamed), loaded
    /// as `dlv trace` loads them. Without debug information, raw registers (named).
    public var values: [LoadedValue]
    /// Whether the line names the arguments (Delve's name C's, not Go's).
    public var namesArguments: Bool
    /// A call's stack, innermost first (the ptrace backend, when asked for).
    public var stack: [String] = []
}
