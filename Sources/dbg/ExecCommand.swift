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
              dbg exec ./server -- --port 8080
            """)

    @Argument(help: "The program to debug.")
    var binary: String

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    @OptionGroup var server: HeadlessOptions

    @Option(name: .customLong("wd"), help: "The program's working directory.")
    var workingDirectory: String?

    @OptionGroup var io: ProgramIOOptions

    func run() throws {
        let path = SessionRunner.absolute(binary)
        var request = API.LaunchRequest(path: path, arguments: arguments, workingDirectory: workingDirectory)
        try io.apply(to: &request)
        let status = SessionRunner.run(.launch(request), initFile: initFile, headless: server)
        if status != 0 { throw ExitCode(status) }
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
