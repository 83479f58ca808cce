/// Why a perf event could not be opened or read, phrased for a user.
public struct PerfError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// The kernel does not allow perf uprobes here (no PMU, perf_event_paranoid, seccomp):
    /// another backend may do.
    public var isUnavailable: Bool

    public init(_ description: String, isUnavailable: Bool = false) {
        self.description = description
        self.isUnavailable = isUnavailable
    }
}
