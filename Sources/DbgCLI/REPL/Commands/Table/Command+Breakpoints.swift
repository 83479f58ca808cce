/// The commands `help` lists under "Manipulating breakpoints".
extension Command {
    static let breakpointsCommands: [Command] = [
        Command(
            name: "break", aliases: ["b"], group: .breakpoints,
            flags: [], completion: .location,
            help: """
                Sets a breakpoint.

                \tbreak [name] [locspec] [if <condition>]

                Locspec is one of:

                  * *<address>          a memory address (decimal, hexadecimal or octal)
                  * <filename>:<line>   a line in a file; a partial path or a base name is enough when unambiguous
                  * <line>              a line in the current file
                  * +<offset>, -<offset> lines after or before the current one
                  * <function>[:<line>] a function (C: name; Go: pkg.Func, pkg.(*T).Method), or a line in it
                  * /<regex>/           every function matching the regular expression

                Without a locspec the breakpoint is set on the current line.

                \tbreak main.go:55
                \tbreak mybp main.inspect
                \tbreak main.go:55 if i == 5

                See also: "help on", "help cond" and "help clear".
                """,
            run: { repl, arguments, context in try await repl.breakCommand(arguments, context, tracepoint: false) }),
        Command(
            name: "trace", aliases: ["t"], group: .breakpoints,
            flags: [.allowedOnBreakpoint], completion: .location,
            help: """
                Set tracepoint.

                \ttrace [name] [locspec]

                A tracepoint is a breakpoint that does not stop the program: each hit is reported and
                the program goes on. Locspec as for break.

                See also: "help on", "help cond" and "help clear".
                """,
            run: { repl, arguments, context in try await repl.traceCommand(arguments, &context) }),
        Command(
            name: "watch", aliases: [], group: .breakpoints,
            flags: [], completion: .none,
            help: """
                Set watchpoint.

                \twatch [-r|-w|-rw] <expr>

                -r\tstops when the memory location is read (x86-64 watches reads and writes)
                -w\tstops when the memory location is written (the default)
                -rw\tstops when the memory location is read or written

                The expression must have an address (a variable, a field, an element) and a size of
                1, 2, 4 or 8 bytes; at most 4 watchpoints at once (the debug registers). After a write
                the stop shows the old and the new value. A local variable is watched until its frame
                returns (the stop there says the watchpoint went out of scope).

                \twatch counter
                \twatch -rw config.level
                """,
            run: { repl, arguments, context in try await repl.watchCommand(arguments, context) }),
        Command(
            name: "breakpoints", aliases: ["bp"], group: .breakpoints,
            flags: [], completion: .none,
            help: """
                Print out info for active breakpoints.

                \tbreakpoints [-a]

                -a also lists the debugger's internal breakpoints.
                """,
            run: { repl, arguments, _ in try await repl.breakpointsCommand(arguments) }),
        Command(
            name: "clear", aliases: [], group: .breakpoints,
            flags: [], completion: .none,
            help: """
                Deletes breakpoint.

                \tclear <breakpoint name or id>
                """,
            run: { repl, arguments, _ in try await repl.clearCommand(arguments) }),
        Command(
            name: "clearall", aliases: [], group: .breakpoints,
            flags: [], completion: .location,
            help: """
                Deletes multiple breakpoints.

                \tclearall [<locspec>]

                With a locspec only the breakpoints at that location are deleted; without one, all of them.
                """,
            run: { repl, arguments, context in try await repl.clearAllCommand(arguments, context) }),
        Command(
            name: "condition", aliases: ["cond"], group: .breakpoints,
            flags: [.allowedOnBreakpoint], completion: .none,
            help: """
                Set breakpoint condition.

                \tcondition <breakpoint name or id> <boolean expression>
                \tcondition -hitcount <breakpoint name or id> <operator> <argument>
                \tcondition -per-g-hitcount <breakpoint name or id> <operator> <argument>
                \tcondition -clear <breakpoint name or id>

                The breakpoint stops only when the expression is true. With -hitcount it stops when its
                hit count satisfies the comparison (operators: > >= < <= == != and %, "% n" meaning every
                n-th hit); -per-g-hitcount counts hits per goroutine. -clear removes the condition.

                \tcond 2 i == 10
                \tcond -hitcount 2 > 3
                \tcond -clear 2
                """,
            run: { repl, arguments, context in try await repl.conditionCommand(arguments, &context) }),
        Command(
            name: "on", aliases: [], group: .breakpoints,
            flags: [], completion: .none,
            help: """
                Executes a command when a breakpoint is hit.

                \ton <breakpoint name or id> <command>

                Supported commands: print, stack, goroutine, trace, cond, args and locals.

                \ton 1 print o.ID
                \ton 1 stack 5
                \ton 1 trace          (turns the breakpoint into a tracepoint)
                """,
            run: { repl, arguments, context in try await repl.onCommand(arguments, &context) }),
        Command(
            name: "toggle", aliases: [], group: .breakpoints,
            flags: [], completion: .none,
            help: """
                Toggles on or off a breakpoint.

                \ttoggle <breakpoint name or id>
                """,
            run: { repl, arguments, _ in try await repl.toggleCommand(arguments) }),
    ]
}
