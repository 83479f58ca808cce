/// What reading a command line gave.
public enum LineResult: Sendable, Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line is dropped and the prompt shown again.
    case interrupted
    /// Ctrl-D or end of input: the session ends as `exit` would.
    case end
}

/// Where the REPL reads its commands: libedit on a terminal, lines of a file or a pipe
/// otherwise (batch mode), a list of strings in tests.
public protocol LineInput: AnyObject, Sendable {
    /// Interactive inputs show the prompt themselves; for the others the REPL echoes
    /// `(dbg) COMMAND` so a transcript reads like a session.
    var isInteractive: Bool { get }
    func readLine(prompt: String) async -> LineResult
    /// Called with each command line run (history).
    func remember(_ line: String)
    /// Called once at the end of the session (history is saved here).
    func close()
}

extension LineInput {
    public func remember(_ line: String) {}
    public func close() {}
}
