import DbgService

/// The commands `help` lists under "Other commands".
extension Command {
    static let otherCommands: [Command] = [
        Command(
            name: "list", aliases: ["ls", "l"], group: .other,
            flags: [], completion: .location,
            help: """
                Show source code.

                \t[goroutine <n>] [frame <m>] list [<locspec>]

                Shows the source around the current line or the given location.

                \tlist
                \tlist main.go:40
                \tlist main.main
                \tframe 1 list
                """,
            run: { repl, arguments, context in try await repl.listCommand(arguments, context) }),
        Command(
            name: "disassemble", aliases: ["disass"], group: .other,
            flags: [], completion: .location,
            help: """
                Disassembler.

                \t[goroutine <n>] [frame <m>] disassemble [-a <start> <end>] [-l <locspec>]

                Without arguments the function of the selected frame is disassembled.
                """,
            run: { repl, arguments, context in try await repl.disassembleCommand(arguments, context) }),
        Command(
            name: "funcs", aliases: [], group: .other,
            flags: [], completion: .location,
            help: """
                Print list of functions.

                \tfuncs [<regex>]
                """,
            run: { repl, arguments, _ in
                try await repl.namesCommand(arguments) { filter throws(ServiceError) in try await repl.client.listFunctions(filter: filter) }
            }),
        Command(
            name: "sources", aliases: [], group: .other,
            flags: [], completion: .sourceFile,
            help: """
                Print list of source files.

                \tsources [<regex>]
                """,
            run: { repl, arguments, _ in
                try await repl.namesCommand(arguments) { filter throws(ServiceError) in try await repl.client.listSources(filter: filter) }
            }),
        Command(
            name: "types", aliases: [], group: .other,
            flags: [], completion: .none,
            help: """
                Print list of types

                \ttypes [<regex>]
                """,
            run: { repl, arguments, _ in
                try await repl.namesCommand(arguments) { filter throws(ServiceError) in try await repl.client.listTypes(filter: filter) }
            }),
        Command(
            name: "libraries", aliases: [], group: .other,
            flags: [], completion: .none,
            help: """
                List loaded dynamic libraries

                \tlibraries
                """,
            run: { repl, arguments, _ in try await repl.librariesCommand(arguments) }),
        Command(
            name: "dump", aliases: [], group: .other,
            flags: [.needsProcess], completion: .none,
            help: """
                Creates a core dump from the current process state

                \tdump <output file>

                Writes an ELF core file of the stopped program, as the kernel writes one: every thread's
                registers, the writable and anonymous memory, the mapped files' names. `dbg core BINARY FILE`,
                gdb and Delve read it back.
                """,
            run: { repl, arguments, _ in try await repl.dumpCommand(arguments) }),
        Command(
            name: "config", aliases: [], group: .other,
            flags: [], completion: .configuration,
            help: """
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
                $XDG_CONFIG_HOME/dbg/config.yml (~/.config/dbg/config.yml), read at start. The file is
                Delve's config.yml: its other keys (show-location-expr, debug-info-directories, position,
                tab, trace-show-timestamp, the colours) are not used by dbg, which says so at start and
                keeps them when it saves.

                \tconfig max-string-len 200
                \tconfig substitute-path /build/src /home/me/src
                \tconfig alias print pp
                """,
            run: { repl, arguments, _ in try repl.configCommand(arguments) }),
        Command(
            name: "source", aliases: [], group: .other,
            flags: [], completion: .none,
            help: """
                Executes a file containing a list of dbg commands

                \tsource <path>

                Empty lines and lines starting with # are skipped.
                """,
            run: { repl, arguments, _ in try await repl.sourceCommand(arguments) }),
        Command(
            name: "help", aliases: ["h"], group: .other,
            flags: [], completion: .commandName,
            help: """
                Prints the help message.

                \thelp [command]

                Type "help" followed by the name of a command for more information about it.
                """,
            run: { repl, arguments, _ in try repl.helpCommand(arguments) }),
        Command(
            name: "exit", aliases: ["quit", "q"], group: .other,
            flags: [], completion: .none,
            help: """
                Exit the debugger.

                \texit [--kill]

                A program dbg started is killed; a program it attached to is detached and keeps running,
                unless --kill is given.
                """,
            run: { repl, arguments, _ in try repl.exitCommand(arguments) }),
    ]
}
