import DbgService

/// A command's failure, printed as one line. `plain` messages stand on their own; the
/// others get Delve's "Command failed: " in front.
struct REPLError: Error, CustomStringConvertible, Equatable {
    var message: String
    var plain = false

    init(_ message: String, plain: Bool = false) {
        self.message = message
        self.plain = plain
    }

    var description: String { message }

    static let exited = REPLError("the program has exited; use restart", plain: true)
    static let notEnoughArguments = REPLError("not enough arguments")

    static func notSupported(_ what: String) -> REPLError {
        REPLError("\(what): not supported yet")
    }

    /// Thrown by a command whose arguments are wrong: `REPL.call`, which knows the command,
    /// turns it into `usage(command)`.
    struct WrongArguments: Error {}

    /// "wrong arguments; usage: frame <m> | frame <m> <command>".
    static func usage(_ command: Command) -> REPLError {
        REPLError("wrong arguments; usage: \(command.usage)")
    }
}
