import DbgProcess
import DbgSymbols

/// Why an engine operation failed, in one line for the user.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func from(_ error: ProcessError) -> EngineError { EngineError(error.description) }
    static func from(_ error: SymbolError) -> EngineError { EngineError(error.description) }

    static let exited = EngineError("the program has exited; use restart")
    static let running = EngineError("the program is running; halt it first")
}
