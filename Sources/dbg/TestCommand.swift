import ArgumentParser
import Glibc

/// `dbg test [PACKAGE] [-- TEST FLAGS...]`: build a Go package's tests (`go test -c`) or a
/// Swift package's test bundle with optimisations off, then debug it, as `dlv test` does.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Build a package's tests with optimisations off, then debug them.",
        discussion: """
            PACKAGE (default: the current directory) is a Go package with _test.go files,
            or a Swift package with test targets. The tests run in the package's
            directory, as under `go test` and `swift test`; the arguments after -- are the
            test binary's: Go's flags, or the XCTest cases to run (TARGET.CLASS/METHOD).
            A Go test binary is temporary.

            EXAMPLES:
              dbg test ./parser -- -test.run TestParse -test.v
              dbg test ./MyPackage -- MyPackageTests.ParserTests/testEmpty
            """)

    @Argument(help: "The Go or Swift package whose tests to build.")
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
