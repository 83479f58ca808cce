import ArgumentParser
import Glibc

/// `dbg test [PACKAGE] [-- TEST FLAGS...]`: build a Go package's tests with optimisations
/// off (`go test -c`), then debug the test binary, as `dlv test` does.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Build a Go package's tests with optimisations off, then debug them.",
        discussion: """
            PACKAGE (default: the current directory) is a Go package with _test.go files.
            The test binary runs in the package's directory, as under `go test`; the
            arguments after -- are its flags. The binary is temporary.
              dbg test ./parser -- -test.run TestParse -test.v
              dbg test --init cmds.txt
            """)

    @Argument(help: "The Go package whose tests to build.")
    var path: String = "."

    @Argument(parsing: .postTerminator, help: "Flags for the test binary (after --), such as -test.run NAME.")
    var arguments: [String] = []

    @OptionGroup var launch: LaunchOptions

    func run() throws {
        var info = stat()
        let directory = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? path : "."
        try DebugCommand.buildAndDebug(
            path, tests: true, product: nil, arguments: arguments, launch: launch, directory: SessionRunner.absolute(directory))
    }
}
