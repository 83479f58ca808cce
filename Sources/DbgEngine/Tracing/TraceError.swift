/// Why a trace cannot start or go on, phrased for a user.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
