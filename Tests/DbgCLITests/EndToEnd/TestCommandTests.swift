import DbgTestSupport
import Foundation
import Testing

/// `dbg test`: a Go package's tests built with optimisations off and debugged, beside
/// `dlv test` on the same package with the same commands.
@Suite(.serialized) struct TestCommandTests {
    static let package = Fixtures.repositoryRoot + "/Fixtures/go/hot"
    static let swiftPackage = Fixtures.repositoryRoot + "/Fixtures/swift/hellopkg"

    /// The tool's output from `tool test ARGUMENTS` run in the package's directory, with
    /// `commands` as its init script; colours, Delve's greeting and farewell, goroutine ids
    /// (a test runs on whichever goroutine the testing package gives it) and pointers aside.
    static func session(_ tool: [String], commands: [String], arguments: [String] = [], in package: String = package)
        async throws -> [String]
    {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/init"
        try commands.joined(separator: "\n").appending("\n").write(toFile: script, atomically: true, encoding: .utf8)
        let line = (tool + ["test", "--init", script] + (arguments.isEmpty ? [] : ["--"] + arguments))
            .map(TerminalSession.shellQuote).joined(separator: " ")
        let run = try await ProcessRunner.run("/bin/sh", ["-c", "cd \(TerminalSession.shellQuote(package)) && \(line) </dev/null 2>&1"])
        return DelveOracle.stripColours(run.text).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("Type 'help'") && $0 != "(dlv) exit" }
            .map { $0.replacing(/goroutine\(\d+\)/, with: "goroutine") }
            .map { $0.replacing(/\(0x[0-9a-f]+\)/, with: "(0x…)") }
    }

    static var dlv: [String] {
        get throws {
            guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
                throw DelveOracle.Failure(description: "dlv is not installed: run `make deps`")
            }
            return [dlv, "--allow-non-terminal-interactive=true"]
        }
    }

    @Test func aTestStopsStepsAndShowsItsStackAsUnderDelve() async throws {
        let commands = ["break hot.TestHot", "continue", "args", "stack", "next", "next", "locals"]
        let dbg = try await Self.session([try TerminalSession.dbgBinary], commands: commands)
        let delve = try await Self.session(try Self.dlv, commands: commands)
        #expect(dbg.contains { $0.hasPrefix("> hot.TestHot() ./hot_test.go:7 (hits goroutine:1 total:1)") }, "\(dbg)")
        #expect(dbg == delve)
    }

    @Test func flagsAfterTheSeparatorGoToTheTestBinary() async throws {
        let dbg = try await Self.session([try TerminalSession.dbgBinary], commands: ["continue"], arguments: ["-test.run", "NoSuchTest"])
        #expect(dbg.contains("testing: warning: no tests to run"), "\(dbg)")
        #expect(dbg.contains("PASS"), "\(dbg)")
    }

    /// A Swift package's test bundle, one XCTest case chosen after `--`, stopped in the
    /// package's code with the test case in its stack.
    @Test func aSwiftPackagesTestBundleRunsTheChosenCase() async throws {
        let dbg = try await Self.session(
            [try TerminalSession.dbgBinary], commands: ["break hellopkg.greet", "continue", "stack", "continue"],
            arguments: ["hellopkgTests.GreetTests/testGreetCountsItsMessage"], in: Self.swiftPackage)
        #expect(dbg.contains { $0.hasPrefix("> hellopkg.greet(_:) ./Sources/hellopkg/main.swift:5 (hits total:1)") },
                "\(dbg)")
        #expect(dbg.contains { $0.hasSuffix(" in hellopkgTests.GreetTests.testGreetCountsItsMessage()") }, "\(dbg)")
        #expect(dbg.contains { $0.contains("Executed 1 test, with 0 failures") }, "\(dbg)")
    }

    @Test func aCFileHasNoTests() async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["test", Fixtures.repositoryRoot + "/Fixtures/c/hello.c"])
        #expect(run.status != 0)
        #expect(run.text.contains("builds the tests of Go and Swift packages; this is C"), "\(run.text)")
    }
}
