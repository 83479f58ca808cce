import DbgTestSupport
import Foundation
import Testing

/// `dbg debug` builds with optimisations off, debugs, and removes its temporary binary.
@Suite(.serialized) struct DebugCommandTests {
    static func session(_ arguments: [String], commands: [String]) async throws -> (status: Int32, text: String) {
        let script = NSTemporaryDirectory() + "dbg-debug-" + UUID().uuidString
        try (commands.joined(separator: "\n") + "\n").write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        return try await ProcessRunner.run("/bin/sh", ["-c", "cd \(TerminalSession.shellQuote(DelveOracle.repositoryRoot)) && exec \"$@\"", "sh",
                                                 try TerminalSession.dbgBinary, "debug"] + arguments, stdin: script)
    }

    static func leftoverBinaries(prefix: String = "__debug_bin") -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix(prefix) })
    }

    @Test func cFile() async throws {
        let before = Self.leftoverBinaries()
        let run = try await Self.session(["Fixtures/c/hello.c"], commands: ["break greet", "continue", "args", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("> greet() Fixtures/c/hello.c:12 (hits total:1)"), "\(run.text)")
        #expect(run.text.contains("name = \"world\""))
        #expect(Self.leftoverBinaries().subtracting(before).isEmpty, "the temporary binary was left behind")
    }

    /// `--init FILE` (Delve's flag; `--init-file` too) runs its commands before stdin's.
    @Test func initFileRunsFirst() async throws {
        let initFile = NSTemporaryDirectory() + "dbg-init-" + UUID().uuidString
        try "break greet\n".write(toFile: initFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: initFile) }
        let run = try await Self.session(["Fixtures/c/hello.c", "--init", initFile], commands: ["continue", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("Breakpoint 1 set at"), "\(run.text)")
        #expect(run.text.contains("> greet() Fixtures/c/hello.c:12 (hits total:1)"), "\(run.text)")
    }

    /// `-r stdout:FILE` sends the program's output to FILE, away from the session's; a bad
    /// stream name is a one-line error.
    @Test func redirectsTheProgramsOutput() async throws {
        let output = NSTemporaryDirectory() + "dbg-out-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try await Self.session(["Fixtures/c/hello.c", "-r", "stdout:\(output)"], commands: ["continue", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(!run.text.contains("Hello, world!"), "\(run.text)")
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(written == "Hello, world! (5 letters)\nHello, world! (5 letters)\n")
        let bad = try await Self.session(["Fixtures/c/hello.c", "-r", "stdlog:/tmp/x"], commands: ["exit"])
        #expect(bad.status != 0)
        #expect(bad.text.contains("unknown stream 'stdlog'"), "\(bad.text)")
    }

    /// `--tty PATH` gives the program PATH for all three streams (a terminal in real use; a
    /// file here, which the program's output is appended to).
    @Test func ttyTakesAllThreeStreams() async throws {
        let tty = NSTemporaryDirectory() + "dbg-tty-" + UUID().uuidString
        FileManager.default.createFile(atPath: tty, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: tty) }
        let run = try await Self.session(["Fixtures/c/hello.c", "--tty", tty], commands: ["continue", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(!run.text.contains("Hello, world!"))
        #expect(try String(contentsOfFile: tty, encoding: .utf8).components(separatedBy: "Hello, world!").count == 3)
        let both = try await Self.session(["Fixtures/c/hello.c", "--tty", tty, "-r", "stdout:/dev/null"], commands: ["exit"])
        #expect(both.status != 0)
        #expect(both.text.contains("--tty and --redirect cannot be used together"), "\(both.text)")
    }

    @Test func goPackage() async throws {
        let run = try await Self.session(["Fixtures/go/goroutines"], commands: ["break main.inspect", "continue", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("> main.inspect() ./Fixtures/go/goroutines/main.go:175"), "\(run.text)")
    }

    /// A package with two executables: `--product` chooses; without it, a one-line error.
    @Test func swiftPackage() async throws {
        let run = try await Self.session(["Fixtures/swift/hellopkg", "--product", "hellopkg"], commands: ["break main.swift:5", "continue", "exit"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("Fixtures/swift/hellopkg/Sources/hellopkg/main.swift:5 (hits total:1)"), "\(run.text)")
        let tool = try await Self.session(["Fixtures/swift/hellopkg", "--product", "hellotool"], commands: ["break hellotool.shout", "continue", "args", "exit"])
        #expect(tool.status == 0, "\(tool.text)")
        #expect(tool.text.contains("> hellotool.shout(_:) ./Fixtures/swift/hellopkg/Sources/hellotool/main.swift:5"), "\(tool.text)")
        #expect(tool.text.contains("word = \"tool\""), "\(tool.text)")
        let unchosen = try await Self.session(["Fixtures/swift/hellopkg"], commands: ["exit"])
        #expect(unchosen.status != 0)
        #expect(unchosen.text.contains("more than one executable; choose one with --product"), "\(unchosen.text)")
    }

    @Test func buildErrorsAreShownAndTheExitStatusIsNonZero() async throws {
        let source = NSTemporaryDirectory() + "dbg-broken-\(UUID().uuidString).c"
        try "int main(void) { return undeclared_thing; }\n".write(toFile: source, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: source) }
        let run = try await Self.session([source], commands: ["exit"])
        #expect(run.status != 0)
        #expect(run.text.contains("undeclared_thing"), "the compiler's message: \(run.text)")
        #expect(run.text.contains("cc failed"))
    }
}
