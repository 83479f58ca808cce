import DbgTestSupport
import Foundation
import Testing

/// What `dbg` says of itself: its version and build, and help with examples.
@Suite struct CommandLineTests {
    /// `make build` records the commit of HEAD and the day (a release build older than the
    /// last commit fails here: rebuild it with make build).
    @Test func versionNamesTheCommitMakeBuiltFrom() async throws {
        let head = try await ShellScript.run("git rev-parse HEAD")
        let commit = head.text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.status == 0 && commit.count == 40, "\(head.text)")
        let version = try await ProcessRunner.run(try BuiltBinaries.releaseDbg, ["version"])
        let lines = version.text.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("dbg ") == true, "\(version.text)")
        #expect(lines.contains { $0 == "commit: \(commit)" || $0 == "commit: \(commit) (uncommitted changes)" },
                "HEAD is \(commit); the release build says \(version.text)")
        #expect(lines.contains { $0.wholeMatch(of: #/built: \d{4}-\d{2}-\d{2}/#) != nil }, "\(version.text)")
    }

    /// A build by `swift build` (the tests' own) says it does not know its commit.
    @Test func aBuildWithoutMakeSaysItHasNoCommit() async throws {
        let version = try await ProcessRunner.run(try BuiltBinaries.dbg, ["version"])
        #expect(version.text.contains("commit: unknown (built without make"), "\(version.text)")
    }

    /// `dbg --help` and every subcommand's help end with examples of that command.
    @Test func everyHelpHasExamples() async throws {
        let dbg = try BuiltBinaries.dbg
        let help = try await ProcessRunner.run(dbg, ["--help"])
        #expect(help.text.contains("EXAMPLES:\n  dbg exec "), "\(help.text)")
        let subcommands = InstallTests.subcommands(inHelp: help.text).filter { $0 != "help" }
        #expect(subcommands.contains("exec") && subcommands.contains("trace"), "\(help.text)")
        for subcommand in subcommands {
            let text = try await ProcessRunner.run(dbg, ["help", subcommand]).text
            let examples = text.split(separator: "\n").drop { $0 != "EXAMPLES:" }.dropFirst().prefix { $0.hasPrefix("  ") }
            #expect(!examples.isEmpty && examples.allSatisfy { $0.hasPrefix("  dbg \(subcommand)") }, "dbg help \(subcommand):\n\(text)")
        }
    }
}
