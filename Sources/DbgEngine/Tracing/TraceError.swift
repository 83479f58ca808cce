/// Why a trace cannot start or go on, phrased for a user.
public struct TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    /// The backend cannot work on this system (perf uprobes not allowed): `auto` falls back.
    public var isBackendUnavailable: Bool

    public init(_ description: String, isBackendUnavailable: Bool = false) {
        self.description = description
        self.isBackendUnavailable = isBackendUnavailable
    }
}
