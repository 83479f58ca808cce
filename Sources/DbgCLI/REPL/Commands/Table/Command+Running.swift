import DbgService

/// The commands `help` lists under "Running the program".
extension Command {
    static let runningCommands: [Command] = [
        Command(
            name: "continue", aliases: ["c"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .location,
            help: """
                Run until breakpoint or program termination.

                \tcontinue [<locspec>]

                With a locspec, run until that location is reached (a breakpoint hit on the way stops first).

                \tcontinue main.go:42
                \tcontinue main.worker
                """,
            run: { repl, arguments, context in try await repl.continueCommand(arguments, context) }),
        Command(
            name: "next", aliases: ["n"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .none,
            help: """
                Step over to next source line.

                \tnext [count]

                The optional count steps over that many lines. An empty line repeats the last next.
                """,
            run: { repl, arguments, context in try await repl.stepCommand(.next, arguments, context) }),
        Command(
            name: "step", aliases: ["s"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .none,
            help: """
                Single step through program.

                \tstep [count]

                Steps into calls. The optional count steps that many times.
                """,
            run: { repl, arguments, context in try await repl.stepCommand(.step, arguments, context) }),
        Command(
            name: "stepout", aliases: ["so"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .none,
            help: """
                Step out of the current function.

                \tstepout

                Runs until the current function returns and prints its return values.
                """,
            run: { repl, arguments, context in try await repl.stepOutCommand(arguments, context) }),
        Command(
            name: "step-instruction", aliases: ["si", "stepi"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .none,
            help: """
                Single step a single cpu instruction.

                \tstep-instruction
                """,
            run: { repl, arguments, context in try await repl.instructionCommand(API.DebuggerCommand.stepInstruction, arguments, context) }),
        Command(
            name: "next-instruction", aliases: ["ni", "nexti"], group: .running,
            flags: [.needsProcess, .repeatsOnEmptyLine], completion: .none,
            help: """
                Single step a single cpu instruction, skipping function calls.

                \tnext-instruction
                """,
            run: { repl, arguments, context in try await repl.instructionCommand(API.DebuggerCommand.nextInstruction, arguments, context) }),
        Command(
            name: "call", aliases: [], group: .running,
            flags: [.needsProcess], completion: .variable,
            help: """
                Resumes process, injecting a function call.

                \t[frame <m>] call [-unsafe] <function call expression>
                \tcall -abandon

                Runs the C functions the expression calls on the current thread, the other threads
                kept stopped, and prints what it returned; the thread's registers are then as before.
                Strings are copied into the program's memory (below its stack). A breakpoint or a
                signal inside a called function stops there: 'continue' finishes the call (and
                delivers the signal), 'call -abandon' puts the thread back as before the call.
                'print' runs the calls of its expression the same way. A library's function whose
                result its debugging information does not give is called with a cast that says it.
                Go functions and methods are called through the Go runtime's debug-call protocol,
                as Delve calls them (a panic comes back as a value).

                \tcall add(1, 2)
                \tcall length("hello")
                \tprint square(3) + 1
                \tcall (unsigned long)strlen("abcd")
                \tcall main.divmod(7, 2)
                """,
            run: { repl, arguments, context in try await repl.callCommand(arguments, context) }),
        Command(
            name: "restart", aliases: ["r"], group: .running,
            flags: [], completion: .none,
            help: """
                Restart process.

                \trestart

                Starts the program again from the beginning; breakpoints are kept.
                """,
            run: { repl, arguments, _ in try await repl.restartCommand(arguments) }),
    ]
}
