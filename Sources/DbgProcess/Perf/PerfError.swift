/// Why a perf event could not be opened or read, phrased for a user.
public struct PerfError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
