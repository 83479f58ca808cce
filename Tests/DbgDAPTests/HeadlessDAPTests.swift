import DbgTestSupport
import Foundation
import Testing

/// The headless server speaks DAP on its JSON-RPC port too, as Delve's does (the first bytes of
/// a connection pick the protocol): a DAP client joins the session with `attach` mode
/// "remote"; launch is refused (the server has its program). Each check runs against
/// `dlv exec --headless` and `dbg exec --headless`, which must answer alike.
@Suite(.serialized) struct HeadlessDAPTests {
    static func headless(_ adapter: Adapter, multiclient: Bool) async throws -> DAPServerProcess {
        let program = try Fixtures.binary("go/stepping")
        var arguments = ["exec", "--headless", "--listen", "127.0.0.1:0"]
        if multiclient { arguments.append("--accept-multiclient") }
        return try await DAPServerProcess.start(adapter, arguments: arguments + [program])
    }

    /// initialize, a launch (refused), attach remote, a function breakpoint, configurationDone;
    /// the stop and its top frame.
    static func join(_ client: DAPTestClient) async throws -> [String] {
        var facts: [String] = []
        try await client.request("initialize", ["adapterID": "go", "pathFormat": "path", "linesStartAt1": true])
        let launch = try await client.request("launch", ["mode": "exec", "program": "/bin/true"], allowFailure: true)
        facts.append("launch refused: \(launch["success"].bool == false)")
        try await client.request("attach", ["mode": "remote"])
        try await client.waitForEvent("initialized")
        let set = try await client.request("setFunctionBreakpoints", ["breakpoints": [["name": "main.two"]]])
        facts.append("breakpoint verified: \(set["body"]["breakpoints"][0]["verified"].text)")
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        facts.append("stopped: \(stopped["body"]["reason"].string ?? "-")")
        let thread = stopped["body"]["threadId"].int ?? 1
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        let top = stack["body"]["stackFrames"][0]
        facts.append("top: \(top["name"].string ?? "-"):\(top["line"].text)")
        return facts
    }

    static let expectedJoin = ["launch refused: true", "breakpoint verified: true", "stopped: function breakpoint", "top: main.two:14"]

    /// One client: its disconnect (terminating) ends the program and the server.
    @Test(arguments: Adapter.allCases) func aDAPClientJoinsAndEndsTheSession(adapter: Adapter) async throws {
        let server = try await Self.headless(adapter, multiclient: false)
        defer { server.stop() }
        let client = try server.connect()
        #expect(try await Self.join(client) == Self.expectedJoin, "\(adapter)")
        try await client.request("disconnect", ["terminateDebuggee": true])
        #expect(await server.waitForExit() == .exited(0), "\(adapter): \(server.output.suffix(2000))")
    }

    /// With --accept-multiclient, a client that disconnects without terminating leaves the
    /// server and the program (stopped where it was) to the next one, which finds the same stop.
    @Test(arguments: Adapter.allCases) func multiclientKeepsTheSessionForTheNextClient(adapter: Adapter) async throws {
        let server = try await Self.headless(adapter, multiclient: true)
        defer { server.stop() }
        let first = try server.connect()
        #expect(try await Self.join(first) == Self.expectedJoin, "\(adapter)")
        try await first.request("disconnect", ["terminateDebuggee": false])
        await first.close()
        #expect(await server.waitForExit(seconds: 1) == nil, "\(adapter) ended with its first client")
        let second = try server.connect()
        try await second.request("initialize", ["adapterID": "go", "pathFormat": "path", "linesStartAt1": true])
        try await second.request("attach", ["mode": "remote", "stopOnEntry": true])
        try await second.waitForEvent("initialized")
        try await second.request("configurationDone", [:])
        let stack = try await second.request("stackTrace", ["threadId": 1, "levels": 1])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "main.two", "\(adapter): \(stack.text)")
        try await second.request("disconnect", ["terminateDebuggee": true])
        #expect(await server.waitForExit() == .exited(0), "\(adapter): \(server.output.suffix(2000))")
    }
}
