/// What a trace saw, for the summary printed at its end.
public struct TraceSummary: Sendable {
    /// Calls and returns per function, in the plan's order.
    public var counts: [(function: String, calls: Int, returns: Int)]
    /// Samples the kernel could not write because the ring buffer was full.
    public var lost: UInt64
    /// The launched program's exit status (128 + signal if killed); nil after an attach.
    public var exitStatus: Int32?
}
