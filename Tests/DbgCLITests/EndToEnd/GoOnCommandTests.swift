import Foundation
import Testing

/// `on ID CMD`: what a breakpoint prints each time it is hit (the goroutine, expressions, the
/// locals, the arguments, the stack), how `breakpoints` lists it, and the commands `on`
/// refuses, on Fixtures/go/defers. dbg and Delve run the same script on the same binary; what
/// each command printed must be the same.
@Suite struct GoOnCommandTests {
    /// Stack and heap addresses differ between two runs of the program (the environment
    /// differs), and so does a result not yet set (`~r0` is what its stack slot held);
    /// everything else must not.
    static func comparable(_ text: String) -> String {
        GoStepIntoTests.comparable(text)
            .replacingOccurrences(of: #"0xc[0-9a-f]{9}"#, with: "0xc…", options: .regularExpression)
            .replacingOccurrences(of: #"~r0: \d+"#, with: "~r0: …", options: .regularExpression)
            .replacingOccurrences(of: #"PID \d+"#, with: "PID …", options: .regularExpression)
            .split(separator: "\n").map(String.init)
            .filter { !Self.isDelveInternalBreakpoint($0) }
            .joined(separator: "\n")
    }

    /// Delve lists two breakpoints of its own (on runtime.fatalthrow and runtime.fatalpanic),
    /// which dbg does not set.
    static func isDelveInternalBreakpoint(_ line: String) -> Bool {
        line.hasPrefix("Breakpoint runtime-fatal-throw ") || line.hasPrefix("Breakpoint unrecovered-panic ")
            || line == "\tprint runtime.curg._panic.arg"
    }

    static func compare(_ script: [String]) async throws -> (ours: [String], delve: [String]) {
        let session = try await LiveSession.run("go/defers", commands: script)
        let delve = try await GoStepIntoTests.delveOutputs("go/defers", script).map(comparable)
        return (session.outputs.map { comparable($0.text) }, delve)
    }

    /// At a breakpoint: each kind of command, then the breakpoint turned into a tracepoint,
    /// kept across a restart.
    @Test func commandsRunAtEachStop() async throws {
        let script = [
            "break main.transfer", "on 1 stack 2", "on 1 goroutine", "on 1 print amount", "on 1 print from.Name",
            "on 1 print nosuch", "on 1 args -v", "on 1 locals", "on 1 cond amount > 1", "breakpoints",
            "break main.note", "on 2 args", "on 2 locals -v", "on 2 print journal", "continue", "continue", "continue",
            "continue", "continue", "on 1 trace", "breakpoints", "restart", "continue",
        ]
        let (ours, delve) = try await Self.compare(script)
        #expect(ours == delve)
        #expect(ours[14].contains("\tGoroutine 1:") && ours[14].contains("\tamount: 30") && ours[14].contains("\tStack:"))
        #expect(ours[18].contains("\tjournal: []string len: 3, cap: 4, ["), "multi-line values: \(ours[18])")
    }

    /// What `on` refuses, with Delve's words.
    @Test func refusals() async throws {
        let script = [
            "break main.note", "on 1 next", "on 1 locals x", "on 1 trace x", "on 1 goroutine 1", "on 9 print x", "on 1",
            "on 1 break main.main", "on 1 stack x", "breakpoints",
        ]
        let (ours, delve) = try await Self.compare(script)
        #expect(ours == delve)
        #expect(ours[1] == "Command failed: command not available")
    }

    /// Tracepoints with commands: the arguments on the line (`args`), what was gathered under
    /// it, and on a return tracepoint only its stack.
    @Test func commandsOnTracepoints() async throws {
        let script = [
            "break main.note", "on 1 args", "on 1 print journal", "on 1 print len(journal)", "on 1 trace",
            "trace main.unlock", "on 3 stack 1", "on 3 goroutine", "trace main.fee", "on 4 print amount", "on 4 goroutine",
            "breakpoints", "break main.go:59", "continue",
        ]
        let session = try await LiveSession.run("go/defers", commands: script)
        let delve = try await GoStepIntoTests.delveOutputs("go/defers", script).map(Self.comparable)
        let ours = session.outputs.map { Self.comparable($0.text) }
        #expect(ours == delve)
        let passes = session.output(of: "continue")
        #expect(passes.contains("> goroutine(1): main.note(\"retry\", 2)\n\tjournal: "))
        // A function with results: a blank line between its line and what was gathered.
        #expect(passes.contains("> goroutine(1): main.fee(70)\n\n\tGoroutine 1:\n"), "\(passes)")
    }
}
