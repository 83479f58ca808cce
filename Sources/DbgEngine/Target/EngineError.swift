import DbgProcess
import DbgSymbols

/// Why an engine operation failed, in one line for the user, and what kind of failure it is
/// where the caller cannot tell otherwise (the service maps the kind to its own).
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case notFound, alreadyExists, notLoaded, running, exited, badInput, unsupported, failed
        /// The expression calls a function of the program, which only the `call` command
        /// runs (EvaluationError.needsCall).
        case needsCall
    }

    public var message: String
    public var kind: Kind
    public init(_ message: String, kind: Kind = .failed) {
        self.message = message
        self.kind = kind
    }
    public var description: String { message }

    static func from(_ error: ProcessError) -> EngineError {
        if case .processExited = error { return EngineError(error.description, kind: .exited) }
        return EngineError(error.description)
    }
    static func from(_ error: SymbolError) -> EngineError { EngineError(error.description) }

    /// An expression's failure: its words, and the kind where a front end acts on it.
    init(evaluation error: EvaluationError) {
        self.init(error.description, kind: error == .needsCall ? .needsCall : .failed)
    }

    static let exited = EngineError("the program has exited; use restart", kind: .exited)
    static let running = EngineError("the program is running; halt it first", kind: .running)
    static let coreFile = EngineError(coreFileMessage, kind: .unsupported)
    /// What a core file answers to whatever would run or change the program.
    public static let coreFileMessage = "the program is a core file: it cannot run"
}
