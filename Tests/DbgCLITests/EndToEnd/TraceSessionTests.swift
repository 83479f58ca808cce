import Foundation
import Testing

/// The REPL's `trace`: a tracepoint at the function's entry and one at each of its returns,
/// printed while the program runs, as Delve's `trace` prints them.
@Suite struct TraceSessionTests {
    @Test func callsAndReturnsInOrder() async throws {
        let session = try await LiveSession.run("c/structs", commands: ["trace factorial", "continue"])
        let lines = session.output(of: "continue").split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("> ") || $0.hasPrefix(">> ") }
            .map { $0.replacing(/thread\(\d+\)/, with: "thread") }
        #expect(lines == [
            "> thread: factorial(n=5)", "> thread: factorial(n=4)", "> thread: factorial(n=3)", "> thread: factorial(n=2)",
            "> thread: factorial(n=1)", ">> thread: => (1)", ">> thread: => (2)", ">> thread: => (6)", ">> thread: => (24)",
            ">> thread: => (120)",
        ], "\(session.transcript)")
        #expect(session.transcript.contains("has exited with status 0"))
    }

    /// Go: goroutine ids, arguments (a struct in registers: float fields in xmm) and results
    /// (an error interface), against Delve's lines on the same binary.
    @Test func goTracepointsMatchDelve() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let script = ["trace main.Rect.Area", "trace main.safeDiv", "continue"]
        let delve = try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"])
        let ours = try await LiveSession.run("go/goroutines", commands: script)
        func passes(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("> goroutine(") || $0.hasPrefix(">> goroutine(") }
                .map { $0.replacing(/0x[0-9a-f]{6,}/, with: "0xADDR") })
        }
        let expected = passes(delve)
        #expect(expected.count == 4, "\(delve)")
        #expect(passes(ours.output(of: "continue")) == expected)
    }
}
