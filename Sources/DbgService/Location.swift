/// A resolved location, shaped as Delve's `api.Location` so the JSON-RPC server can send it as is.
public struct Location: Codable, Sendable, Hashable {
    public var pc: UInt64
    public var file: String
    public var line: Int
    public var function: FunctionRef?

    public init(pc: UInt64, file: String, line: Int, function: FunctionRef?) {
        self.pc = pc
        self.file = file
        self.line = line
        self.function = function
    }
}

/// Delve's `api.Function`, reduced to what is known without a process.
public struct FunctionRef: Codable, Sendable, Hashable {
    public var name: String
    public var value: UInt64

    public init(name: String, value: UInt64) {
        self.name = name
        self.value = value
    }
}

/// An error the service reports to its clients: one line, ready to print.
public struct ServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
