import ArgumentParser
import Glibc

/// `dbg debug [PATH] [-- ARGS...]`: build with optimisations off, then debug.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Build a program with optimisations off, then debug it.",
        discussion: """
            PATH (default: the current directory) is a Go main package, a C file or a
            directory of C files, or a Swift package. The binary is temporary.

            EXAMPLES:
              dbg debug ./cmd/server -- --verbose
              dbg debug crash.c
            """)

    @Argument(help: "The package, C file or directory to build.")
    var path: String = "."

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @Option(help: "The Swift package's executable product.")
    var product: String?

    @OptionGroup var launch: LaunchOptions

    func run() throws {
        try Self.buildAndDebug(path, tests: false, product: product, arguments: arguments, launch: launch)
    }

    /// What `debug` and `test` do: build `path` (its tests, for `test`) into a temporary
    /// binary, debug it (in `directory` unless --wd says otherwise), remove it.
    static func buildAndDebug(
        _ path: String, tests: Bool, product: String?, arguments: [String], launch: LaunchOptions, directory: String? = nil
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
        try launch.debug(binary, arguments: arguments, defaultDirectory: directory)
    }
}
