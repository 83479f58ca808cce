import DbgTestSupport
import Foundation
import Testing

/// Data breakpoints (hardware watchpoints) in a C program, differential against LLDB's adapter
/// on the same binary (Fixtures/c/watched): the same stops (line, reason, the watched value),
/// the same refusals, and dbg goes on after each.
///
/// Shown differently on purpose:
///
/// | what                               | lldb-dap                            | dbg dap                           |
/// |------------------------------------|-------------------------------------|-----------------------------------|
/// | an expression's data breakpoint    | the expression's value is the       | what the expression names         |
/// |                                    | address (`&counter`)                | (`counter`: gdb's and dbg's       |
/// |                                    |                                     | `watch`): each is asked its way   |
/// | a global in a C program            | in a Globals scope                  | no Globals scope for C: named by  |
/// |                                    |                                     | expression                        |
/// | the stop's reason                  | "breakpoint", described "watchpoint | "data breakpoint" (DAP's reason), |
/// |                                    | N", no hitBreakpointIds             | hitBreakpointIds, gdb's old and   |
/// |                                    |                                     | new value lines as its text       |
/// | a local on the stack, its frame    | still watched                       | cleared (as gdb and Delve): the   |
/// | returned                           |                                     | slot holds another frame's data   |
/// | which of five is refused           | the first (it sets the last first)  | the fifth, in the client's order  |
/// | descriptions and refusals' text    | LLDB's words                        | dbg's (compared: present or not)  |
@Suite(.serialized) struct CDataBreakpointTests {
    @Test func dataBreakpointsStopAsLLDBDAPStops() async throws {
        let program = try Fixtures.binary("c/watched")
        let source = Fixtures.source("c/watched.c")
        let (lldbServer, lldbClient) = try await LLDBDAP.start()
        defer { lldbServer.stop() }
        let lldb = try await Self.session(lldbClient, program: program, source: source, addressOf: { "&" + $0 })
        #expect(lldb.transcript.lines.contains("stop after continue: data breakpoint bump \(source):36 counter = 1"), "\(lldb.transcript.lines)")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let dbg = try await Self.session(try server.connect(), program: program, source: source, addressOf: { $0 })
        let mismatch = Transcript.mismatch(lldb.transcript, dbg.transcript, ignoring: [:])
        #expect(mismatch.isEmpty, """
            the data breakpoints differ between lldb-dap and dbg dap:
            \(mismatch.joined(separator: "\n"))
            \(Transcript.sideBySide(lldb.transcript, "lldb-dap", dbg.transcript, "dbg dap"))
            """)
        // dbg's own: the stop names the data breakpoint that was hit, and the fifth is refused.
        // The last stop is pair's write, the next after counter's in bump.
        #expect(dbg.stops.count == 3)
        for (stop, id) in zip(dbg.stops, [dbg.counterID, dbg.counterID, dbg.pairID]) {
            #expect(stop["body"]["reason"].string == "data breakpoint")
            #expect(stop["body"]["hitBreakpointIds"] == [.number(Double(id ?? -1))], "\(stop.text)")
        }
        #expect(dbg.stops.first?["body"]["text"].string == "Old value = 0\nNew value = 1")
        #expect(dbg.fifth["verified"].bool == false && dbg.fifth["message"].string == "no free hardware watchpoint: at most 4 at once",
                "\(dbg.fifth.text)")
    }

    /// What dbg cannot watch: a clear `dataId: null` with why, never a failure;
    /// a dataId that is not one, or an access type DAP has not, is an unverified breakpoint
    /// with why; and the session goes on.
    @Test func whatCannotBeWatchedIsSaidAndTheSessionGoesOn() async throws {
        let source = Fixtures.source("c/watched.c")
        let session = try await StoppedSession.start(program: try Fixtures.binary("c/watched"), configure: StoppedSession.lines(source, [52]))
        defer { session.server.stop() }
        let (client, thread) = (session.client, session.thread)
        let frame = JSON.number(Double(try await session.topFrame()))
        func info(_ name: String) async throws -> JSON {
            try await client.request("dataBreakpointInfo", ["name": .string(name), "frameId": frame])["body"]
        }
        // A local on the stack can be watched (until its frame returns).
        let local = try await info("i")
        #expect(!local["dataId"].isNull && local["description"].string?.hasPrefix("i (4 bytes at 0x7f") == true, "\(local.text)")
        #expect(try await info("done")["description"].string == "cannot watch done: it has no address")
        #expect(try await info("1+2")["description"].string == "cannot watch 1+2: it has no address")
        #expect(try await info("nosuch")["dataId"].isNull)
        let counter = try await info("counter")
        #expect(counter["accessTypes"] == ["read", "write", "readWrite"] && counter["canPersist"].bool == false, "\(counter.text)")
        #expect(counter["description"].string?.hasPrefix("counter (4 bytes at 0x") == true, "\(counter.text)")
        let wide = try await info("wide")["dataId"]
        let set = try await client.request("setDataBreakpoints", ["breakpoints": [
            ["dataId": counter["dataId"], "accessType": "read"], ["dataId": wide], ["dataId": "nosuch"],
            ["dataId": counter["dataId"], "accessType": "sideways"], ["dataId": counter["dataId"], "condition": "counter ==="],
        ]])["body"]["breakpoints"]
        #expect(set[0]["verified"].bool == true && set[0]["message"].string?.hasPrefix("x86-64 has no read-only watchpoint") == true)
        #expect(set[1]["message"].string == "cannot watch 16 bytes: a hardware watchpoint covers 1, 2, 4 or 8", "\(set.text)")
        #expect(set[2]["message"].string == "unknown dataId nosuch: dataBreakpointInfo gives them")
        #expect(set[3]["message"].string == "unknown accessType sideways: read, write or readWrite")
        #expect(set[4]["verified"].bool == false && set[4]["message"].string?.isEmpty == false, "\(set.text)")
        // A field of an expanded value: its evaluate name, watched.
        let pair = try await client.request("evaluate", ["expression": "pair", "frameId": frame, "context": "watch"])["body"]
        let low = try await client.request("dataBreakpointInfo", ["name": "low", "variablesReference": pair["variablesReference"]])["body"]
        #expect(low["description"].string?.hasPrefix("(pair).low (2 bytes at 0x") == true, "\(low.text)")  // dlv dap's evaluate name
        // A local from the Locals scope: a register variable has no address.
        let scopes = try await client.request("scopes", ["frameId": frame])["body"]["scopes"].array ?? []
        let locals = scopes.first { $0["name"].string == "Locals" }?["variablesReference"] ?? .null
        let inLocals = try await client.request("dataBreakpointInfo", ["name": "done", "variablesReference": locals])["body"]
        #expect(inLocals["dataId"].isNull && inLocals["description"].string == "cannot watch done: it has no address", "\(inLocals.text)")
        // Still working: the read-and-write watch on counter stops in bump, then the end.
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])
        try await client.request("continue", ["threadId": .number(Double(thread))])
        let stop = try await client.waitForEvent("stopped")
        #expect(stop["body"]["reason"].string == "data breakpoint", "\(stop.text)")
        try await client.request("setDataBreakpoints", ["breakpoints": []])
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        #expect(client.events.first { $0["event"].string == "exited" }?["body"]["exitCode"].int == 0)
        try await client.request("disconnect", [:])
        await client.close()
    }

    /// A data breakpoint on a local (Fixtures/c/scoped: tally's `total`) ends where its frame
    /// returns: the program stops there, the client hears the breakpoint removed, and the
    /// console says why; the session goes on to the program's end.
    @Test func aLocalsDataBreakpointEndsWithItsFrame() async throws {
        let source = Fixtures.source("c/scoped.c")
        let session = try await StoppedSession.start(program: try Fixtures.binary("c/scoped"), configure: StoppedSession.lines(source, [22]))
        defer { session.server.stop() }
        let (client, thread) = (session.client, session.thread)
        let frame = JSON.number(Double(try await session.topFrame()))
        let info = try await client.request("dataBreakpointInfo", ["name": "total", "frameId": frame])["body"]
        let set = try await client.request("setDataBreakpoints", ["breakpoints": [["dataId": info["dataId"], "accessType": "write"]]])
        let clientID = try #require(set["body"]["breakpoints"][0]["id"].int, "\(set.text)")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])
        // total: 0 → 1 → 3 → 6, a stop each, then tally returns into main.
        var reasons: [String] = []
        for _ in 0..<4 {
            try await client.request("continue", ["threadId": .number(Double(thread))])
            reasons.append(try await client.waitForEvent("stopped")["body"]["reason"].string ?? "-")
        }
        #expect(reasons == ["data breakpoint", "data breakpoint", "data breakpoint", "step"], "\(reasons)")
        let removed = try await client.waitForEvent("breakpoint")
        #expect(removed["body"]["reason"].string == "removed" && removed["body"]["breakpoint"]["id"].int == clientID, "\(removed.text)")
        let said = client.events.contains {
            $0["event"].string == "output" && $0["body"]["output"].string == "Watchpoint total went out of scope and was cleared\n"
        }
        #expect(said, "\(client.events.map(\.text))")
        let top = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])["body"]["stackFrames"][0]
        #expect(top["name"].string == "main", "\(top.text)")
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        #expect(client.events.first { $0["event"].string == "exited" }?["body"]["exitCode"].int == 0)
        try await client.request("disconnect", [:])
        await client.close()
    }

    struct Session {
        var transcript = Transcript()
        var stops: [JSON] = []
        var counterID: Int?
        var pairID: Int?
        var fifth: JSON = .null
    }

    /// Stops in main's loop, asks for the data breakpoints (`addressOf`: how this adapter wants
    /// an expression that names the data), watches counter, continues to its first write, then
    /// with a condition to the write of 4, then sets five at once (the two never written
    /// first and last: which one an adapter refuses does not change the next stop), and on to
    /// the end.
    static func session(_ client: DAPTestClient, program: String, source: String, addressOf: (String) -> String)
        async throws -> Session
    {
        var session = Session()
        try await CLLDBDAPSessionTests.launch(client, program: program)
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 52]]])
        try await client.request("configurationDone", [:])
        var thread = try await client.waitForEvent("stopped")["body"]["threadId"].int ?? 0
        var frame = try await topFrame(client, thread: thread)
        var ids: [String: JSON] = [:]
        for name in ["counter", "pair", "later", "wide.first", "wide.second", "1+2"] {
            let info = try await client.request("dataBreakpointInfo", ["name": .string(addressOf(name)), "frameId": frame["id"]])["body"]
            ids[name] = info["dataId"]
            let described = info["description"].string?.isEmpty == false ? "described" : "no description"
            let access = (info["accessTypes"].array ?? []).compactMap(\.string).joined(separator: ",")
            session.transcript.add("dataBreakpointInfo \(name)", info["dataId"].isNull ? "null, \(described)" : "\(access), \(described)")
        }
        // A register variable (`register int done`), from the Locals scope.
        let scopes = try await client.request("scopes", ["frameId": frame["id"]])["body"]["scopes"].array ?? []
        let locals = scopes.first { $0["name"].string == "Locals" }?["variablesReference"] ?? .null
        let done = try await client.request("dataBreakpointInfo", ["name": "done", "variablesReference": locals])["body"]
        session.transcript.add("dataBreakpointInfo done", done["dataId"].isNull ? "null" : "watchable")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])

        let write = try await client.request("setDataBreakpoints", ["breakpoints": [["dataId": ids["counter"] ?? .null, "accessType": "write"]]])
        session.counterID = write["body"]["breakpoints"][0]["id"].int
        session.transcript.add("setDataBreakpoints counter", "verified=\(write["body"]["breakpoints"][0]["verified"].text)")
        for condition in ["", "counter == 4"] {
            if !condition.isEmpty {
                let amended = try await client.request("setDataBreakpoints", ["breakpoints": [
                    ["dataId": ids["counter"] ?? .null, "accessType": "write", "condition": .string(condition)],
                ]])
                session.transcript.add("setDataBreakpoints if \(condition)", "verified=\(amended["body"]["breakpoints"][0]["verified"].text)")
            }
            try await client.request("continue", ["threadId": .number(Double(thread))])
            (thread, frame) = try await recordStop(client, source: source, into: &session)
        }

        try await client.request("setDataBreakpoints", ["breakpoints": []])
        let five = ["wide.first", "counter", "pair", "later", "wide.second"].map { name -> JSON in
            ["dataId": ids[name] ?? .null, "accessType": "write"]
        }
        let replies = try await client.request("setDataBreakpoints", ["breakpoints": .array(five)])["body"]["breakpoints"].array ?? []
        let refused = replies.filter { $0["verified"].bool != true }
        session.fifth = replies.last ?? .null
        session.pairID = replies.count == 5 ? replies[2]["id"].int : nil
        session.transcript.add("setDataBreakpoints five", "verified \(replies.count - refused.count), refused \(refused.count)"
            + (refused.allSatisfy { $0["message"].string?.isEmpty == false } ? " with a message" : " without a message"))
        try await client.request("continue", ["threadId": .number(Double(thread))])
        (thread, frame) = try await recordStop(client, source: source, into: &session)

        try await client.request("setDataBreakpoints", ["breakpoints": []])
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        session.transcript.add("exited", client.events.first { $0["event"].string == "exited" }?["body"]["exitCode"].text ?? "no exited event")
        try await client.request("disconnect", [:])
        await client.close()
        return session
    }

    private static func topFrame(_ client: DAPTestClient, thread: Int) async throws -> JSON {
        try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 1])["body"]["stackFrames"][0]
    }

    /// The stop's reason (LLDB's "breakpoint" described "watchpoint N" is a data breakpoint),
    /// where, and the watched value there.
    private static func recordStop(_ client: DAPTestClient, source: String, into session: inout Session) async throws -> (Int, JSON) {
        let stopped = try await client.waitForEvent("stopped")
        session.stops.append(stopped)
        let thread = stopped["body"]["threadId"].int ?? 0
        var reason = stopped["body"]["reason"].string ?? "-"
        if reason == "breakpoint", stopped["body"]["description"].string?.hasPrefix("watchpoint ") == true { reason = "data breakpoint" }
        let frame = try await topFrame(client, thread: thread)
        let place = frame["source"]["path"].string == source ? " \(source):\(frame["line"].text)" : ""
        let value = try await client.request("evaluate", ["expression": "counter", "frameId": frame["id"], "context": "watch"])
        session.transcript.add("stop after continue", "\(reason) \(frame["name"].string ?? "-")\(place) counter = \(value["body"]["result"].string ?? "-")")
        return (thread, frame)
    }
}
