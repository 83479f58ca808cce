/// The commands `help` lists under "Viewing program variables and memory".
extension Command {
    static let dataCommands: [Command] = [
        Command(
            name: "print", aliases: ["p"], group: .data,
            flags: [.needsProcess, .allowedOnBreakpoint, .allowedInDeferredCall], completion: .variable,
            help: """
                Evaluate an expression.

                \t[goroutine <n>] [frame <m>] print [%format] <expression>

                The optional format is one of Go's fmt verbs, such as %x, %d, %o, %b, %e, %f or %q.

                \tprint o.Lines[2]
                \tprint %x flags
                \tframe 1 print total
                """,
            run: { repl, arguments, context in try await repl.printCommand(arguments, &context) }),
        Command(
            name: "set", aliases: [], group: .data,
            flags: [.needsProcess], completion: .variable,
            help: """
                Changes the value of a variable.

                \t[goroutine <n>] [frame <m>] set <variable> = <value>

                Only numbers and pointers can be changed.
                """,
            run: { repl, arguments, context in try await repl.setCommand(arguments, context) }),
        Command(
            name: "locals", aliases: [], group: .data,
            flags: [.needsProcess, .allowedOnBreakpoint, .allowedInDeferredCall], completion: .variable,
            help: """
                Print local variables.

                \t[goroutine <n>] [frame <m>] locals [-v] [<regex>]

                Shadowed variables are shown in parentheses. With a regex only the matching names are
                shown; -v prints whole values, over several lines.
                """,
            run: { repl, arguments, context in try await repl.variablesCommand(arguments, &context, arguments: false) }),
        Command(
            name: "args", aliases: [], group: .data,
            flags: [.needsProcess, .allowedOnBreakpoint, .allowedInDeferredCall], completion: .variable,
            help: """
                Print function arguments.

                \t[goroutine <n>] [frame <m>] args [-v] [<regex>]

                With a regex only the matching names are shown; -v prints whole values, over several lines.
                """,
            run: { repl, arguments, context in try await repl.variablesCommand(arguments, &context, arguments: true) }),
        Command(
            name: "vars", aliases: [], group: .data,
            flags: [.needsProcess], completion: .none,
            help: """
                Print package variables.

                \tvars [-v] [<regex>]

                With a regex only the matching names are shown; -v prints whole values.
                """,
            run: { repl, arguments, _ in try await repl.packageVariablesCommand(arguments) }),
        Command(
            name: "whatis", aliases: [], group: .data,
            flags: [.needsProcess], completion: .variable,
            help: """
                Prints type of an expression.

                \twhatis <expression>
                """,
            run: { repl, arguments, context in try await repl.whatisCommand(arguments, context) }),
        Command(
            name: "display", aliases: [], group: .data,
            flags: [], completion: .variable,
            help: """
                Print value of an expression every time the program stops.

                \tdisplay -a [%format] <expression>
                \tdisplay -d <number>
                \tdisplay

                -a adds an expression, -d removes one; without arguments the expressions are printed now.
                """,
            run: { repl, arguments, _ in try await repl.displayCommand(arguments) }),
        Command(
            name: "examinemem", aliases: ["x"], group: .data,
            flags: [.needsProcess], completion: .variable,
            help: """
                Examine raw memory at the given address.

                \texaminemem [-fmt <format>] [-count|-len <count>] [-size <size>] <address|expression>
                \texaminemem [-fmt <format>] [-count|-len <count>] [-size <size>] -x <expression>

                Format is hex (default), oct, dec or bin; count is the number of values (default 1),
                size the bytes per value (1, 2, 4 or 8; default 1). The address is a number or an
                expression: a pointer's value, an array's or a string's bytes, a function's code.

                \tx -fmt hex -count 20 -size 1 0xc00008af38
                \tx -count 4 -size 8 &myVar
                \tx -len 16 name
                """,
            run: { repl, arguments, context in try await repl.examineMemoryCommand(arguments, context) }),
        Command(
            name: "regs", aliases: [], group: .data,
            flags: [.needsProcess], completion: .none,
            help: """
                Print contents of CPU registers.

                \tregs [-a]

                -a shows the floating point and vector registers too.
                """,
            run: { repl, arguments, context in try await repl.registersCommand(arguments, context) }),
    ]
}
