/// The types that cross the service boundary, shaped as Delve's `service/api` types
/// (JSON field names included) so the JSON-RPC server can send them as they are and
/// Delve's own clients understand them. Engine types never leave DbgService.
public enum API {}

/// An error the service reports to its clients: one line, ready to print.
public struct ServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
