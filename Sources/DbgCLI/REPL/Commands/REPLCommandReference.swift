/// The REPL's commands as `help` describes them, for documentation made outside the REPL
/// (dbg's manual page): read from the command table, so it cannot drift from it.
public enum REPLCommandReference {
    public struct Entry: Sendable {
        /// The name first, then the aliases.
        public let names: [String]
        /// The summary line, then usage lines (tab-indented) and examples, as `help CMD` prints.
        public let help: String
    }

    /// Every command, by `help`'s groups in their order.
    public static var groups: [(title: String, commands: [Entry])] {
        Command.Group.allCases.map { group in
            (group.title, Command.all.filter { $0.group == group }.map { Entry(names: $0.names, help: $0.help) })
        }
    }
}
