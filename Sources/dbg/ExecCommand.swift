import ArgumentParser
import DbgService
import Glibc

/// `dbg exec BINARY [-- ARGS...]`: debug a built binary.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Debug a built binary.",
        discussion: """
            Starts BINARY stopped before its first instruction and opens the REPL.

            EXAMPLES:
              dbg exec ./server -- --port 8080
            """)

    @Argument(help: "The program to debug.")
    var binary: String

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @OptionGroup var launch: LaunchOptions

    func run() throws {
        try launch.debug(binary, arguments: arguments)
    }
}

/// `dbg attach PID [BINARY]`: debug a running process.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach to a running process.",
        discussion: """
            Stops every thread of PID and opens the REPL. `exit` detaches and leaves it
            running; `exit --kill` ends it.

            EXAMPLES:
              dbg attach 4242
            """)

    @Argument(help: "The process id.")
    var pid: Int32

    @Argument(help: "The binary (default: /proc/PID/exe).")
    var binary: String?

    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    @OptionGroup var server: HeadlessOptions

    func run() throws {
        let status = SessionRunner.run(.attach(pid: pid), initFile: initFile, headless: server)
        if status != 0 { throw ExitCode(status) }
    }
}
