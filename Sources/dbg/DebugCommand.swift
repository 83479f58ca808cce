import ArgumentParser
import DbgService
import Glibc

/// `dbg debug [PATH] [-- ARGS...]`: build with optimisations off, then debug.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Build a program with optimisations off, then debug it.",
        discussion: """
            PATH (default: the current directory) is a Go main package, a C file or a
            directory of C files, or a Swift package. The binary is temporary.
              dbg debug ./cmd/server -- --verbose
              dbg debug crash.c
            """)

    @Argument(help: "The package, C file or directory to build.")
    var path: String = "."

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @Option(help: "The Swift package's executable product.")
    var product: String?

    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    @OptionGroup var server: HeadlessOptions

    @Option(name: .customLong("wd"), help: "The program's working directory.")
    var workingDirectory: String?

    @OptionGroup var io: ProgramIOOptions

    func run() throws {
        try Self.buildAndDebug(
            path, tests: false, product: product, arguments: arguments, workingDirectory: workingDirectory, io: io,
            initFile: initFile, server: server)
    }

    /// What `debug` and `test` do: build `path` (its tests, for `test`) into a temporary
    /// binary, debug it, remove it.
    static func buildAndDebug(
        _ path: String, tests: Bool, product: String?, arguments: [String], workingDirectory: String?,
        io: ProgramIOOptions, initFile: String?, server: HeadlessOptions
    ) throws {
        let output = ProgramBuilder.temporaryBinaryPath()
        defer { unlink(output) }
        let binary: String
        do {
            binary = try ProgramBuilder.build(try ProgramBuilder.kind(of: path), output: output, product: product, tests: tests)
        } catch {
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        var request = API.LaunchRequest(
            path: SessionRunner.absolute(binary), arguments: arguments, workingDirectory: workingDirectory)
        try io.apply(to: &request)
        let status = SessionRunner.run(.launch(request), initFile: initFile, headless: server)
        if status != 0 { throw ExitCode(status) }
    }
}
