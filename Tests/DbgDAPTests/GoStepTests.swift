import DbgTestSupport
import Foundation
import Testing

/// In an editor, `next` stays on the goroutine the user follows: other goroutines hitting a
/// breakpoint on the way count their hits but do not stop it (dlv 1.20 stops there, then
/// refuses the next `next` with "next while nexting": an intended difference).
@Suite struct GoStepTests {
    /// Fixtures/go/hot with three goroutines calling main.hot: a breakpoint on its first
    /// line, then six nexts from the first stop. Every stop is the stepping goroutine's.
    @Test func nextIsNeverInterruptedByAnotherGoroutine() async throws {
        let source = Fixtures.source("go/hot/main.go")
        let session = try await StoppedSession.start(
            program: try Fixtures.binary("go/hot"), arguments: ["300", "3"], configure: StoppedSession.lines(source, [22]))
        defer { session.server.stop() }
        let stops = try await Self.nexts(6, in: session)
        #expect(stops.allSatisfy { $0.contains("on the same goroutine") }, "\(stops)")
        // The first next goes from hot's first line to its second.
        #expect(stops.first == "step on the same goroutine at main.hot:23", "\(stops)")
        _ = try await session.end()
    }

    /// The same with four goroutines making 100,000 calls each: the stepping goroutine gets
    /// its turn while the others keep hitting the breakpoint (six nexts: without its turn, any
    /// of them may wait for the others to finish). Go hands a goroutine's turn on
    /// only at its own code (SIGURG, asynchronous preemption); delivered while a thread ran
    /// a displaced instruction in dbg's scratch slot, the signal preempted nothing, and the
    /// stepping goroutine waited for the others to finish their 300,000 calls first.
    @Test func nextOutOfAHotFunctionComesBackBeforeTheOtherGoroutinesAreDone() async throws {
        let source = Fixtures.source("go/hot/main.go")
        let session = try await StoppedSession.start(
            program: try Fixtures.binary("go/hot"), arguments: ["100000", "4"], configure: StoppedSession.lines(source, [22]))
        defer { session.server.stop() }
        // hot:22 → hot:23 → back in the caller, round its loop, into hot again.
        let stops = try await Self.nexts(6, in: session, seconds: 300)
        #expect(Array(stops.prefix(4)) == [
            "step on the same goroutine at main.hot:23", "step on the same goroutine at main.main.func1:45",
            "step on the same goroutine at main.main.func1:44", "step on the same goroutine at main.main.func1:45",
        ], "\(stops)")
        #expect(stops.allSatisfy { $0.contains("on the same goroutine") }, "\(stops)")
        // How many calls the other goroutines made meanwhile: a few, not their 300,000.
        let listed = try await session.client.request("evaluate", ["expression": "dbg breakpoints", "context": "repl"])
        let text = listed["body"]["result"].string ?? ""
        let hits = text.split(separator: "\n").first { $0.contains("main.hot()") }
            .flatMap { line in line.split(separator: "(").last.flatMap { Int($0.prefix { $0.isNumber }) } }
        #expect((hits ?? .max) < 50_000, "breakpoint hits while stepping: \(text)")
        _ = try await session.end()
    }

    /// `count` nexts on the session's goroutine, each stop as "REASON on the same goroutine
    /// (or goroutine N) at FUNCTION:LINE".
    private static func nexts(_ count: Int, in session: StoppedSession, seconds: Double = 30) async throws -> [String] {
        let client = session.client
        let goroutine = session.thread
        var stops: [String] = []
        for _ in 0..<count {
            try await client.request("next", ["threadId": .number(Double(goroutine))], seconds: seconds)
            let stopped = try await client.waitForEvent("stopped", seconds: seconds)
            let thread = stopped["body"]["threadId"].int ?? 0
            let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
            let top = stack["body"]["stackFrames"][0]
            stops.append("\(stopped["body"]["reason"].string ?? "-") on \(thread == goroutine ? "the same goroutine" : "goroutine \(thread)") "
                + "at \(top["name"].string ?? "?"):\(top["line"].text)")
        }
        return stops
    }
}
