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
        let client = session.client
        let goroutine = session.thread
        var stops: [String] = []
        for _ in 0..<6 {
            try await client.request("next", ["threadId": .number(Double(goroutine))])
            let stopped = try await client.waitForEvent("stopped")
            let thread = stopped["body"]["threadId"].int ?? 0
            let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
            let top = stack["body"]["stackFrames"][0]
            stops.append("\(stopped["body"]["reason"].string ?? "-") on \(thread == goroutine ? "the same goroutine" : "goroutine \(thread)") "
                + "at \(top["name"].string ?? "?"):\(top["line"].text)")
        }
        #expect(stops.allSatisfy { $0.contains("on the same goroutine") }, "\(stops)")
        // The first next goes from hot's first line to its second.
        #expect(stops.first == "step on the same goroutine at main.hot:23", "\(stops)")
        _ = try await session.end()
    }
}
