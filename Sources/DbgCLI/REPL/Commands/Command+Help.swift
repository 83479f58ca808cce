/// What `help` prints: a one-line summary per command (the first line of its help,
/// as in Delve), then usage and examples.
extension Command {
    var summary: String {
        String(help.prefix { $0 != "\n" })
    }

    var help: String {
        switch self {
        case .continue: """
            Run until breakpoint or program termination.

            \tcontinue [<locspec>]

            With a locspec, run until that location is reached (a breakpoint hit on the way stops first).

            \tcontinue main.go:42
            \tcontinue main.worker
            """
        case .next: """
            Step over to next source line.

            \tnext [count]

            The optional count steps over that many lines. An empty line repeats the last next.
            """
        case .step: """
            Single step through program.

            \tstep [count]

            Steps into calls. The optional count steps that many times.
            """
        case .stepOut: """
            Step out of the current function.

            \tstepout

            Runs until the current function returns and prints its return values.
            """
        case .stepInstruction: """
            Single step a single cpu instruction.

            \tstep-instruction
            """
        case .nextInstruction: """
            Single step a single cpu instruction, skipping function calls.

            \tnext-instruction
            """
        case .restart: """
            Restart process.

            \trestart

            Starts the program again from the beginning; breakpoints are kept.
            """
        case .break: """
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
            """
        case .trace: """
            Set tracepoint.

            \ttrace [name] [locspec]

            A tracepoint is a breakpoint that does not stop the program: each hit is reported and
            the program goes on. Locspec as for break.

            See also: "help on", "help cond" and "help clear".
            """
        case .breakpoints: """
            Print out info for active breakpoints.

            \tbreakpoints [-a]

            -a also lists the debugger's internal breakpoints.
            """
        case .clear: """
            Deletes breakpoint.

            \tclear <breakpoint name or id>
            """
        case .clearAll: """
            Deletes multiple breakpoints.

            \tclearall [<locspec>]

            With a locspec only the breakpoints at that location are deleted; without one, all of them.
            """
        case .condition: """
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
            """
        case .on: """
            Executes a command when a breakpoint is hit.

            \ton <breakpoint name or id> <command>

            Supported commands: print, stack, goroutine, trace, cond, args and locals.

            \ton 1 print o.ID
            \ton 1 stack 5
            \ton 1 trace          (turns the breakpoint into a tracepoint)
            """
        case .toggle: """
            Toggles on or off a breakpoint.

            \ttoggle <breakpoint name or id>
            """
        case .print: """
            Evaluate an expression.

            \t[goroutine <n>] [frame <m>] print [%format] <expression>

            The optional format is one of Go's fmt verbs, such as %x, %d, %o, %b, %e, %f or %q.

            \tprint o.Lines[2]
            \tprint %x flags
            \tframe 1 print total
            """
        case .set: """
            Changes the value of a variable.

            \t[goroutine <n>] [frame <m>] set <variable> = <value>

            Only numbers and pointers can be changed.
            """
        case .locals: """
            Print local variables.

            \t[goroutine <n>] [frame <m>] locals [-v] [<regex>]

            Shadowed variables are shown in parentheses. With a regex only the matching names are
            shown; -v prints whole values, over several lines.
            """
        case .args: """
            Print function arguments.

            \t[goroutine <n>] [frame <m>] args [-v] [<regex>]

            With a regex only the matching names are shown; -v prints whole values, over several lines.
            """
        case .vars: """
            Print package variables.

            \tvars [-v] [<regex>]

            With a regex only the matching names are shown; -v prints whole values.
            """
        case .whatis: """
            Prints type of an expression.

            \twhatis <expression>
            """
        case .display: """
            Print value of an expression every time the program stops.

            \tdisplay -a [%format] <expression>
            \tdisplay -d <number>
            \tdisplay

            -a adds an expression, -d removes one; without arguments the expressions are printed now.
            """
        case .examineMemory: """
            Examine raw memory at the given address.

            \texaminemem [-fmt <format>] [-count|-len <count>] [-size <size>] <address|expression>
            \texaminemem [-fmt <format>] [-count|-len <count>] [-size <size>] -x <expression>

            Format is hex (default), oct, dec or bin; count is the number of values (default 1),
            size the bytes per value (1, 2, 4 or 8; default 1). The address is a number or an
            expression: a pointer's value, an array's or a string's bytes, a function's code.

            \tx -fmt hex -count 20 -size 1 0xc00008af38
            \tx -count 4 -size 8 &myVar
            \tx -len 16 name
            """
        case .regs: """
            Print contents of CPU registers.

            \tregs [-a]

            -a shows the floating point and vector registers too.
            """
        case .goroutines: """
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
            """
        case .goroutine: """
            Shows or changes current goroutine

            \tgoroutine
            \tgoroutine <id>
            \tgoroutine <id> <command>

            Without arguments it shows the current goroutine; with an id it switches to it; with an id
            and a command it runs the command in that goroutine.

            \tgoroutine 18 stack
            """
        case .threads: """
            Print out info for every traced thread.

            \tthreads
            """
        case .thread: """
            Switch to the specified thread.

            \tthread <id>
            """
        case .stack: """
            Print stack trace.

            \t[goroutine <n>] [frame <m>] stack [<depth>] [-full] [-defer]

            \t-full\tevery frame with its arguments and local variables
            \t-defer\teach frame's deferred calls not yet run (see deferred)

            \tstack 10
            \tgoroutine 18 stack -full
            """
        case .frame: """
            Set the current frame, or execute command on a different frame.

            \tframe <m>
            \tframe <m> <command>

            The first form selects the frame used by later commands such as print or locals.

            \tframe 1 locals
            """
        case .deferred: """
            Executes command in the context of a deferred call.

            \tdeferred <n> <command>

            Executes the specified command (print, args, locals) in the context of the n-th deferred call in the current frame.
            """
        case .up: """
            Move the current frame up.

            \tup [<m>]
            \tup [<m>] <command>
            """
        case .down: """
            Move the current frame down.

            \tdown [<m>]
            \tdown [<m>] <command>
            """
        case .list: """
            Show source code.

            \t[goroutine <n>] [frame <m>] list [<locspec>]

            Shows the source around the current line or the given location.

            \tlist
            \tlist main.go:40
            \tlist main.main
            \tframe 1 list
            """
        case .disassemble: """
            Disassembler.

            \t[goroutine <n>] [frame <m>] disassemble [-a <start> <end>] [-l <locspec>]

            Without arguments the function of the selected frame is disassembled.
            """
        case .funcs: """
            Print list of functions.

            \tfuncs [<regex>]
            """
        case .sources: """
            Print list of source files.

            \tsources [<regex>]
            """
        case .types: """
            Print list of types

            \ttypes [<regex>]
            """
        case .libraries: """
            List loaded dynamic libraries

            \tlibraries
            """
        case .config: """
            Changes configuration parameters.

            \tconfig -list
            \tconfig -save
            \tconfig <parameter> <value>
            \tconfig substitute-path <from> <to>
            \tconfig substitute-path <from>
            \tconfig substitute-path -clear
            \tconfig alias <command> <alias>
            \tconfig alias <alias>

            Parameters: max-string-len, max-array-values, max-variable-recurse, source-list-line-count,
            disassemble-flavor (intel, gnu or go), substitute-path, aliases. -save writes them to
            $XDG_CONFIG_HOME/dbg/config.yml (~/.config/dbg/config.yml), read at start.

            \tconfig max-string-len 200
            \tconfig substitute-path /build/src /home/me/src
            \tconfig alias print pp
            """
        case .source: """
            Executes a file containing a list of dbg commands

            \tsource <path>

            Empty lines and lines starting with # are skipped.
            """
        case .help: """
            Prints the help message.

            \thelp [command]

            Type "help" followed by the name of a command for more information about it.
            """
        case .exit: """
            Exit the debugger.

            \texit [--kill]

            A program dbg started is killed; a program it attached to is detached and keeps running,
            unless --kill is given.
            """
        }
    }

    /// The usage lines of the help (the tab-indented ones), for "wrong arguments" errors.
    var usage: String {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        let usageLines = lines.dropFirst().drop { !$0.hasPrefix("\t") }.prefix { $0.hasPrefix("\t") }
        return usageLines.map { $0.dropFirst() }.joined(separator: " | ")
    }
}
