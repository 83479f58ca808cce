import DbgTestSupport
import Foundation
import Testing

/// Watchpoints over the server (RPCServer.CreateWatchpoint), against Delve's own headless
/// server on the same binary (Fixtures/go/watched).
extension DelveClientTests {
    /// `watch -w main.counter` typed at Delve's client, `continue`, `breakpoints`, `clear`:
    /// the same lines through dbg's server and through Delve's, but for these, on purpose:
    ///
    /// | what                         | Delve 1.20                          | dbg                        |
    /// |------------------------------|-------------------------------------|----------------------------|
    /// | `condition` on a watchpoint  | refused: it names the watchpoint by | amended: the next stop is  |
    /// |                              | its expression, then refuses to     | where it holds (counter 4) |
    /// |                              | amend a name with a '.' ("invalid   |                            |
    /// |                              | character in breakpoint name '.'"); |                            |
    /// |                              | it stops at the next write (3)      |                            |
    /// | runtime-fatal-throw's listed | either order (a Go map)             | one order                  |
    /// | addresses                    |                                     |                            |
    /// | the stop's breakPointInfo    | empty                               | also the old and new value |
    /// |                              |                                     | (fields Delve's client     |
    /// |                              |                                     | ignores; dbg connect shows |
    /// |                              |                                     | them as gdb's lines)       |
    ///
    /// (Delve's internal breakpoints are left out of both, as `comparableTranscript` does.)
    @Test func watchpointsThroughDelvesClientAsDelveServesThem() async throws {
        let script = [
            "break main.main", "continue", "watch -w main.counter", "breakpoints", "continue", "continue", "clear main.counter",
            "breakpoints", "watch -w main.counter", "condition 3 main.counter == 4", "continue", "print main.counter",
        ]
        let ours = Self.comparableTranscript(try await Self.session("go/watched", script: script).transcript)
        let theirs = Self.comparableTranscript(try await Self.session("go/watched", script: script, againstDelve: true).transcript)
        let refusal = "invalid character in breakpoint name '.'"
        #expect(theirs.contains { $0.hasSuffix(refusal) }, "Delve refuses the condition: \(theirs)")
        var expected = theirs.filter { !$0.hasSuffix(refusal) }
        if let printed = expected.lastIndex(of: "3") { expected[printed] = "4" }
        #expect(ours == expected, "dbg's server:\n\(ours.joined(separator: "\n"))\nDelve's:\n\(theirs.joined(separator: "\n"))")
        #expect(ours.contains { $0.hasPrefix("Watchpoint main.counter set at 0x") })
        #expect(ours.contains { $0.hasPrefix("Watchpoint main.counter (enabled) at 0x") && $0.hasSuffix("(0)") })
        #expect(ours.contains {
            $0.hasPrefix("> watchpoint on [main.counter] main.bump() ./Fixtures/go/watched/main.go:19 (hits goroutine(1):2 total:2)")
        })
        #expect(ours.contains { $0.hasPrefix("Watchpoint main.counter cleared at 0x") })
        #expect(!ours.contains { $0.contains("unknown method") || $0.contains("Command failed") }, "\(ours)")
    }

    /// CreateWatchpoint's reply is the breakpoint itself (Delve's CreateWatchpointOut embeds
    /// it), and the stop, the list and the clear carry the watchpoint as Delve's do: the same
    /// keys and types, the same name, expression and watch type (with the size bits: 130 is
    /// an 8-byte write watch).
    @Test func watchpointRepliesInDelvesShape() async throws {
        let (binary, _) = try DelveOracle.fixture("go/watched")
        let delve = try await HeadlessProcess.start(
            ["exec", "--headless", "--listen", "127.0.0.1:0", "--api-version", "2", binary], program: try Self.dlv())
        defer { delve.stop() }
        let dbg = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { dbg.stop() }
        let scope: [String: Any] = ["GoroutineID": -1, "Frame": 0, "DeferredCall": 0]
        let requests: [(String, [String: Any])] = [
            ("CreateBreakpoint", ["Breakpoint": ["functionName": "main.main"]]),
            ("Command", ["name": "continue"]),
            ("CreateWatchpoint", ["Scope": scope, "Expr": "main.counter", "Type": 2]),
            ("Command", ["name": "continue"]),
            ("ListBreakpoints", ["All": false]),
            ("ClearBreakpoint", ["Id": 2, "Name": ""]),
        ]
        func replies(from server: HeadlessProcess) async throws -> [Data] {
            let client = try RPCTestClient(port: server.port)
            var out: [Data] = []
            for (method, params) in requests {
                _ = try client.request(method, params)
                guard let data = await client.rawReply() else { throw DelveOracle.Failure(description: "no reply to \(method)") }
                out.append(data)
            }
            return out
        }
        let theirs = try await replies(from: delve), ours = try await replies(from: dbg)
        func object(_ data: Data) -> [String: Any] {
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["result"] as? [String: Any] ?? [:]
        }
        /// The listed watchpoint alone: Delve lists breakpoints in no set order (a Go map).
        func listedWatchpoint(_ data: Data) throws -> Data {
            let listed = (object(data)["Breakpoints"] as? [[String: Any]] ?? []).first { $0["id"] as? Int == 2 } ?? [:]
            return try JSONSerialization.data(withJSONObject: listed)
        }
        var problems: [String] = []
        for (index, (method, _)) in requests.enumerated() {
            let (mine, reference) = method == "ListBreakpoints"
                ? (try listedWatchpoint(ours[index]), try listedWatchpoint(theirs[index])) : (ours[index], theirs[index])
            problems += JSONShape.differences(
                try JSONShape.parse(mine), try JSONShape.parse(reference), path: method, optional: ServerTranscriptTests.notProvided)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        for replies in [ours, theirs] {
            let created = object(replies[2])
            #expect(created["name"] as? String == "main.counter" && created["WatchExpr"] as? String == "main.counter")
            #expect(created["WatchType"] as? Int == 130, "\(created)")
            let thread = (object(replies[3])["State"] as? [String: Any])?["currentThread"] as? [String: Any]
            let hit = thread?["breakPoint"] as? [String: Any]
            #expect(hit?["WatchExpr"] as? String == "main.counter" && hit?["totalHitCount"] as? Int == 1, "\(String(describing: hit))")
            #expect(thread?["line"] as? Int == 19)
        }
    }
}
