import DbgTestSupport
import Foundation
import Testing

/// What a DAP adapter does with input no editor should send. The rules stated for dbg:
/// - a request it can read but not serve (unknown command, arguments of the wrong type, a request
///   before there is a program) gets an error response (success false, a message) and the
///   session goes on;
/// - a broken frame (bad Content-Length, a body cut short, a body that is not JSON) cannot be
///   answered: the adapter closes the connection and exits 0, never by a signal.
/// Each test runs against Delve too, where Delve behaves sanely, to prove the client; where dlv
/// 1.20 differs, the test says so and checks what Delve does instead.
@Suite(.serialized) struct MalformedInputTests {
    // MARK: broken frames: close, exit 0

    @Test(arguments: Adapter.allCases) func nonNumericContentLength(adapter: Adapter) async throws {
        try await expectCloseAndCleanExit(adapter, sending: Data("Content-Length: abc\r\n\r\n{}".utf8))
    }

    @Test(arguments: Adapter.allCases) func negativeContentLength(adapter: Adapter) async throws {
        try await expectCloseAndCleanExit(adapter, sending: Data("Content-Length: -5\r\n\r\n{}".utf8))
    }

    /// 2^40 bytes announced: the adapter must refuse it without trying to allocate it (Delve's
    /// limit is 4 MiB: "content length over 4194304 bytes").
    @Test(arguments: Adapter.allCases) func hugeContentLength(adapter: Adapter) async throws {
        try await expectCloseAndCleanExit(adapter, sending: Data("Content-Length: 1099511627776\r\n\r\n{}".utf8))
    }

    @Test(arguments: Adapter.allCases) func truncatedBodyThenClose(adapter: Adapter) async throws {
        try await expectCloseAndCleanExit(adapter, sending: Data("Content-Length: 100\r\n\r\n{\"seq\":1,\"type\":".utf8),
                                          thenShutdownWrite: true)
    }

    /// A whole frame whose body is not JSON. The framing is intact, so dbg answers it with an
    /// error (there is no seq: request_seq 0) and reads the next frame; dlv 1.20 closes the
    /// connection and exits 0 (checked as such: an intended difference).
    @Test(arguments: Adapter.allCases) func bodyThatIsNotJSON(adapter: Adapter) async throws {
        let frame = Data("Content-Length: 5\r\n\r\nhello".utf8)
        guard adapter == .dbg else { return try await expectCloseAndCleanExit(adapter, sending: frame) }
        try await withAdapter(adapter) { server, client in
            client.sendRaw(frame)
            let refusal = try await client.response(to: 0, command: "", allowFailure: true)
            #expect(refusal["success"].bool == false && !(refusal["message"].string ?? "").isEmpty, "\(refusal.text)")
            try await Self.expectHealthySession(client, server: server)
        }
    }

    // MARK: readable requests: an error response, and the session goes on

    @Test(arguments: Adapter.allCases) func unknownCommand(adapter: Adapter) async throws {
        try await withAdapter(adapter) { server, client in
            let response = try await client.request("frobnicate", ["x": 1], allowFailure: true)
            Self.expectError(response, adapter: adapter, command: "frobnicate")
            try await Self.expectHealthySession(client, server: server)
        }
    }

    /// `"lines": "x"` where DAP says an array of numbers, and a thread id that is a string.
    /// dlv 1.20 differs: it cannot decode the request, so it closes the connection (and exits 0);
    /// that is checked for Delve, the error response for dbg.
    @Test(arguments: Adapter.allCases) func wrongArgumentTypes(adapter: Adapter) async throws {
        try await withAdapter(adapter) { server, client in
            try await client.request("initialize", ["adapterID": "go", "clientID": "dbg-tests"])
            let seq = try client.send("setBreakpoints", ["source": ["path": "/nowhere/x.go"], "lines": "x"])
            switch adapter {
            case .delve:
                #expect(await client.waitForClose(), "dlv kept the connection")
                #expect(await server.waitForExit() == .exited(0))
            case .dbg:
                let response = try await client.response(to: seq, command: "setBreakpoints", allowFailure: true)
                Self.expectError(response, adapter: adapter, command: "setBreakpoints")
                let stack = try await client.request("stackTrace", ["threadId": "one"], allowFailure: true)
                Self.expectError(stack, adapter: adapter, command: "stackTrace")
                try await Self.expectHealthySession(client, server: server, initialized: true)
            }
        }
    }

    /// Requests that need a stopped program, before there is one. Delve answers each with an
    /// error, except `continue` and `next`, which it answers with success and then a second,
    /// "Internal Error" response to the same seq (a nil-pointer panic it recovers from): those
    /// two are asked of dbg only.
    @Test(arguments: Adapter.allCases) func requestsOutOfOrder(adapter: Adapter) async throws {
        try await withAdapter(adapter) { server, client in
            let early = try await client.request("stackTrace", ["threadId": 1], allowFailure: true)
            Self.expectError(early, adapter: adapter, command: "stackTrace")
            try await client.request("initialize", ["adapterID": "go", "clientID": "dbg-tests"])
            var premature: [(String, JSON)] = [
                ("stackTrace", ["threadId": 1]), ("scopes", ["frameId": 1000]),
                ("variables", ["variablesReference": 1000]), ("evaluate", ["expression": "1+1", "context": "repl"]),
            ]
            if adapter == .dbg { premature += [("continue", ["threadId": 1]), ("next", ["threadId": 1])] }
            for (command, arguments) in premature {
                let response = try await client.request(command, arguments, allowFailure: true)
                Self.expectError(response, adapter: adapter, command: command)
            }
            try await Self.expectHealthySession(client, server: server, initialized: true)
        }
    }

    /// 10,000 unknown requests in one write: each answered, in order, with an error; then a normal
    /// session. (Delve: all 10,000 answered, about 1 s here.)
    @Test(arguments: Adapter.allCases) func tenThousandPipelinedUnknownRequests(adapter: Adapter) async throws {
        try await withAdapter(adapter) { server, client in
            let count = 10_000
            let seqs = try client.sendPipelined((0..<count).map { ("nope\($0)", nil) })
            let received = await client.waitForResponses(count, seconds: 120)
            #expect(received == count, "\(adapter) answered \(received) of \(count) pipelined requests")
            let responses = client.messages.filter { $0["type"].string == "response" }
            #expect(responses.map { $0["request_seq"].int ?? -1 } == seqs, "responses out of order or missing")
            let wrong = responses.filter { $0["success"].bool != false || ($0["message"].string ?? "").isEmpty }
            #expect(wrong.isEmpty, "\(wrong.count) responses are not errors with a message, e.g. \(wrong.first?.text ?? "")")
            try await Self.expectHealthySession(client, server: server)
        }
    }

    /// Numbers no editor sends, at a stop: a first frame past the stack's end is an empty
    /// page; numbers beyond what JSON carries exactly (2^53) are refused with an error, as is
    /// a column near Int64.min. Each used to end dbg dap (a range upside down, an arithmetic
    /// overflow). dbg only: sent as raw frames, since the test client's numbers are doubles.
    @Test func outOfRangeNumbersAtAStop() async throws {
        try await withAdapter(.dbg) { server, client in
            try await client.request("initialize", ["adapterID": "go", "clientID": "dbg-tests"])
            try await client.request("launch", ["mode": "exec", "program": .string(try Fixtures.binary("go/stepping"))])
            try await client.waitForEvent("initialized")
            let source = Fixtures.source("go/stepping/main.go")
            try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 34]]])
            try await client.request("configurationDone", [:])
            let stopped = try await client.waitForEvent("stopped")
            let thread = stopped["body"]["threadId"].int ?? 1
            let past = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 1000])
            #expect(past["body"]["stackFrames"].array?.isEmpty == true, "\(past.text)")
            let refused: [(seq: Int, command: String, arguments: String)] = [
                (90_001, "stackTrace", #"{"threadId":\#(thread),"startFrame":9223372036854775807}"#),
                (90_002, "completions", #"{"text":"ab","column":-9223372036854775808}"#),
                (90_003, "variables", #"{"variablesReference":1,"start":9223372036854775807,"count":9223372036854775807}"#),
                (90_004, "disassemble", #"{"memoryReference":"0x401000","instructionOffset":9223372036854775807,"instructionCount":10}"#),
            ]
            for request in refused {
                let body = #"{"seq":\#(request.seq),"type":"request","command":"\#(request.command)","arguments":\#(request.arguments)}"#
                #expect(client.sendRaw(Data("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)))
                let response = try await client.response(to: request.seq, command: request.command, allowFailure: true)
                Self.expectError(response, adapter: .dbg, command: request.command)
            }
            try await client.request("continue", ["threadId": .number(Double(thread))])
            try await client.waitForEvent("terminated")
            try await client.request("disconnect", ["terminateDebuggee": true])
            #expect(await server.waitForExit() == .exited(0))
        }
    }

    // MARK: helpers

    /// Starts `adapter` and a client, runs `body`, then ends both (the adapter by SIGKILL only
    /// if it is still running). The dbg side is skipped, with a message, until dbg dap is built.
    private func withAdapter(
        _ adapter: Adapter, _ body: (DAPServerProcess, DAPTestClient) async throws -> Void
    ) async throws {
        if let why = await adapter.unavailability() {
            if adapter == .dbg && !Adapter.dbgDAPRequired {
                print("◇ SKIPPED \(adapter): \(why)")
                return
            }
            Issue.record("\(adapter) cannot run: \(why)")
            return
        }
        let server = try await DAPServerProcess.start(adapter)
        defer { server.stop() }
        let client = try server.connect()
        do {
            try await body(server, client)
        } catch {
            await client.close()
            throw DAPTestClient.Failure(description: "\(error)\n\(adapter) output:\n\(server.output.suffix(3000))")
        }
        await client.close()
    }

    /// Sends `bytes`; the adapter must close the connection and exit 0 (not by a signal, not hang).
    private func expectCloseAndCleanExit(_ adapter: Adapter, sending bytes: Data, thenShutdownWrite: Bool = false)
        async throws
    {
        try await withAdapter(adapter) { server, client in
            client.sendRaw(bytes)
            if thenShutdownWrite { client.shutdownWrite() }
            #expect(await client.waitForClose(), "\(adapter) kept the connection open after a broken frame")
            let status = await server.waitForExit()
            #expect(status == .exited(0), "\(adapter): \(status.map(\.description) ?? "still running 20 s after a broken frame")")
            #expect(client.messages.allSatisfy { $0["type"].string != "response" || $0["success"].bool == false },
                    "a broken frame was answered with success: \(client.messages.map(\.text))")
        }
    }

    /// An error response: success false and a message. dbg must also echo the command (DAP asks
    /// for it); dlv 1.20 sends `command: ""` for commands it does not know.
    private static func expectError(_ response: JSON, adapter: Adapter, command: String) {
        #expect(response["success"].bool == false, "\(adapter) \(command): expected an error, got \(response.text)")
        #expect(!(response["message"].string ?? "").isEmpty, "\(adapter) \(command): an error without a message: \(response.text)")
        if adapter == .dbg {
            #expect(response["command"].string == command, "dbg must echo the command: \(response.text)")
        }
    }

    /// A short normal session on the stepping fixture (break on line 34, stop there, run to the
    /// end, disconnect) and the adapter's clean exit: proof that what came before broke nothing.
    private static func expectHealthySession(_ client: DAPTestClient, server: DAPServerProcess, initialized: Bool = false)
        async throws
    {
        if !initialized {
            try await client.request("initialize", ["adapterID": "go", "clientID": "dbg-tests", "supportsVariableType": true])
        }
        try await client.request("launch", ["mode": "exec", "program": .string(try Fixtures.binary("go/stepping"))])
        try await client.waitForEvent("initialized")
        let source = Fixtures.source("go/stepping/main.go")
        let set = try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 34]]])
        #expect(set["body"]["breakpoints"][0]["verified"].bool == true)
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        #expect(stopped["body"]["reason"].string == "breakpoint")
        let thread = stopped["body"]["threadId"].int ?? 1
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "main.main")
        #expect(stack["body"]["stackFrames"][0]["line"].int == 34)
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        try await client.request("disconnect", ["terminateDebuggee": true])
        let status = await server.waitForExit()
        #expect(status == .exited(0), "\(server.adapter) after disconnect: \(status.map(\.description) ?? "still running")")
    }
}
