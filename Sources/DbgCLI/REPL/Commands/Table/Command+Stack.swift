/// The commands `help` lists under "Viewing the call stack and selecting frames".
extension Command {
    static let stackCommands: [Command] = [
        Command(
            name: "stack", aliases: ["bt"], group: .stack,
            flags: [.needsProcess, .allowedOnBreakpoint], completion: .none,
            help: """
                Print stack trace.

                \t[goroutine <n>] [frame <m>] stack [<depth>] [-full] [-defer]

                \t-full\tevery frame with its arguments and local variables
                \t-defer\teach frame's deferred calls not yet run (see deferred)

                \tstack 10
                \tgoroutine 18 stack -full
                """,
            run: { repl, arguments, context in try await repl.stackCommand(arguments, &context) }),
        Command(
            name: "frame", aliases: [], group: .stack,
            flags: [.needsProcess], completion: .commandAfterNumber,
            help: """
                Set the current frame, or execute command on a different frame.

                \tframe <m>
                \tframe <m> <command>

                The first form selects the frame used by later commands such as print or locals.

                \tframe 1 locals
                """,
            run: { repl, arguments, context in try await repl.frameCommand(arguments, &context, direction: .set) }),
        Command(
            name: "up", aliases: [], group: .stack,
            flags: [.needsProcess], completion: .commandAfterNumber,
            help: """
                Move the current frame up.

                \tup [<m>]
                \tup [<m>] <command>
                """,
            run: { repl, arguments, context in try await repl.frameCommand(arguments, &context, direction: .up) }),
        Command(
            name: "down", aliases: [], group: .stack,
            flags: [.needsProcess], completion: .commandAfterNumber,
            help: """
                Move the current frame down.

                \tdown [<m>]
                \tdown [<m>] <command>
                """,
            run: { repl, arguments, context in try await repl.frameCommand(arguments, &context, direction: .down) }),
        Command(
            name: "deferred", aliases: [], group: .stack,
            flags: [.needsProcess], completion: .none,
            help: """
                Executes command in the context of a deferred call.

                \tdeferred <n> <command>

                Executes the specified command (print, args, locals) in the context of the n-th deferred call in the current frame.
                """,
            run: { repl, arguments, context in try await repl.deferredCommand(arguments, &context) }),
    ]
}
