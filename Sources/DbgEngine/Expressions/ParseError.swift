/// A syntax error, with the 1-based column where it was found.
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var column: Int

    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    /// `expected an operand at column 5`.
    public var description: String { "\(message) at column \(column)" }
}
