/// The commands `help` lists under "Listing and switching between threads and goroutines".
extension Command {
    static let threadsCommands: [Command] = [
        Command(
            name: "goroutines", aliases: ["grs", "tasks"], group: .threads,
            flags: [.needsProcess], completion: .none,
            help: """
                List program goroutines.

                \tgoroutines [-u|-r|-g|-s] [-t [depth]] [-l] [-with|-without KIND [ARG]]... [-group KIND] [-chan EXPR]

                \t-u\tlocation of the topmost frame in user code (default)
                \t-r\tlocation of the topmost frame, runtime included
                \t-g\tlocation of the go statement that created the goroutine
                \t-s\tlocation of the start function
                \t-t\teach goroutine's stack (depth default 10)
                \t-l\teach goroutine's pprof labels
                \t-with, -w\tkeep only the goroutines that match (KIND below)
                \t-without, -wo\tleave out the goroutines that match
                \t-group\tgroup by KIND, five goroutines shown a group
                \t-chan\tonly the goroutines waiting to send to or receive from the channel EXPR (no spaces)

                KIND: userloc, curloc, goloc, startloc ARG (a substring of "file:line in function"),
                label KEY=VALUE or KEY (-group label KEY), running (on a thread), user (not a runtime
                goroutine).

                \tgoroutines -with userloc main.worker
                \tgoroutines -without user
                \tgoroutines -group userloc

                In a Swift program, `tasks` lists its async tasks. A task's user location is where it resumes in the program's own code; it waits on a
                task, a continuation (Task.sleep, withCheckedContinuation), a task group or an executor.
                """,
            run: { repl, arguments, context in try await repl.goroutinesCommand(arguments, context) }),
        Command(
            name: "goroutine", aliases: ["gr", "task"], group: .threads,
            flags: [.needsProcess, .allowedOnBreakpoint], completion: .commandAfterNumber,
            help: """
                Shows or changes current goroutine

                \tgoroutine
                \tgoroutine <id>
                \tgoroutine <id> <command>

                Without arguments it shows the current goroutine; with an id it switches to it; with an id
                and a command it runs the command in that goroutine. In a Swift program, `task` does the same
                for its async tasks.

                \tgoroutine 18 stack
                """,
            run: { repl, arguments, context in try await repl.goroutineCommand(arguments, &context) }),
        Command(
            name: "threads", aliases: [], group: .threads,
            flags: [.needsProcess], completion: .none,
            help: """
                Print out info for every traced thread.

                \tthreads
                """,
            run: { repl, arguments, _ in try await repl.threadsCommand(arguments) }),
        Command(
            name: "thread", aliases: ["tr"], group: .threads,
            flags: [.needsProcess], completion: .none,
            help: """
                Switch to the specified thread.

                \tthread <id>
                """,
            run: { repl, arguments, _ in try await repl.threadCommand(arguments) }),
    ]
}
