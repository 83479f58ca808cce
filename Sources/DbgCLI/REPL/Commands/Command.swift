/// One REPL command: its names, where `help` lists it, how it behaves, its help text and what
/// runs it. `Command.all` (one file per help group, in `Table/`) is the only place a command
/// is described: adding a command is adding an entry there.
struct Command: Sendable {
    /// Runs the command with the text after its name, in the context the line set up.
    typealias Handler = @Sendable (REPL, String, inout CallContext) async throws -> Void

    enum Group: CaseIterable, Sendable {
        case running, breakpoints, data, threads, stack, other

        /// Delve's group titles, in Delve's order.
        var title: String {
            switch self {
            case .running: "Running the program"
            case .breakpoints: "Manipulating breakpoints"
            case .data: "Viewing program variables and memory"
            case .threads: "Listing and switching between threads and goroutines"
            case .stack: "Viewing the call stack and selecting frames"
            case .other: "Other commands"
            }
        }
    }

    struct Flags: OptionSet, Sendable {
        let rawValue: Int

        /// Reads or moves the live program: after it exited the command answers "the program
        /// has exited; use restart" instead of asking the debugger.
        static let needsProcess = Flags(rawValue: 1 << 0)
        /// An empty line repeats the last of these (Delve repeats any command; repeating a
        /// `print` or a `break` is never what one wants).
        static let repeatsOnEmptyLine = Flags(rawValue: 1 << 1)
        /// `on BP ...` accepts it (it edits the breakpoint instead of running).
        static let allowedOnBreakpoint = Flags(rawValue: 1 << 2)
        /// `deferred N ...` runs it in a deferred call's scope.
        static let allowedInDeferredCall = Flags(rawValue: 1 << 3)
    }

    /// Delve's name for it (its first alias).
    let name: String
    let aliases: [String]
    let group: Group
    let flags: Flags
    /// What Tab offers for its arguments.
    let completion: Completer.Argument
    /// The summary line (what `help` lists), then usage lines (tab-indented) and examples.
    let help: String
    let run: Handler

    /// Every command, in Delve's order of groups (the order name suggestions prefer).
    static let all: [Command] =
        runningCommands + breakpointsCommands + dataCommands + threadsCommands + stackCommands + otherCommands

    var names: [String] { [name] + aliases }

    /// The first line of the help, as `help` lists it.
    var summary: String {
        String(help.prefix { $0 != "\n" })
    }

    /// The usage lines of the help (the tab-indented ones), for "wrong arguments" errors.
    var usage: String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        let usageLines = lines.dropFirst().drop { !$0.hasPrefix("\t") }.prefix { $0.hasPrefix("\t") }
        return usageLines.map { $0.dropFirst() }.joined(separator: " | ")
    }
}
