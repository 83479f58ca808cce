import DbgTestSupport
import Foundation
import Testing

/// Thousands of malformed, truncated and oversized requests: each gets an error reply or a
/// closed connection, never a crash, and the session serves a well-formed request afterwards.
@Suite(.serialized) struct MalformedInputTests {
    /// Methods that only read (never run, restart or end the session), for arguments of the wrong shape.
    static let readers = [
        "State", "Eval", "ListLocalVars", "ListFunctionArgs", "FindLocation", "Stacktrace", "GetBreakpoint", "ListRegisters",
        "ExamineMemory", "Disassemble", "ListGoroutines", "GetThread", "ListFunctions", "ListTypes", "ClearBreakpoint",
    ]
    static let fields = ["Expr", "Scope", "Cfg", "Id", "Loc", "Depth", "Address", "Length", "StartPC", "Filter", "NonBlocking", "Count"]
    static let badValues = [
        "\"text\"", "-1", "1e400", "18446744073709551616", "true", "[1,2,3]", "{\"x\":{}}", "[{}]", "\"\\ud800\"",
        "{\"GoroutineID\":\"g\"}", "[[[[[[[[[[]]]]]]]]]]", "0.5", "\"\\u0000\"",
    ]

    /// A message that is a JSON object (so the stream goes on) but, mostly, not a good request:
    /// one reply each.
    static func badRequest(_ index: Int, _ random: inout SplitMix64) -> String {
        let id = index
        let method = readers.randomElement(using: &random)!
        let field = fields.randomElement(using: &random)!
        let value = badValues.randomElement(using: &random)!
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return #"{"method":"RPCServer.\#(method)","params":[{"\#(field)":\#(value),"Expr":\#(value)}],"id":\#(id)}"#
        case 1: return #"{"method":"RPCServer.\#(method)","params":{"\#(field)":1},"id":\#(id)}"#
        case 2: return #"{"method":"RPCServer.\#(method)","params":[\#(value)],"id":\#(id)}"#
        case 3: return #"{"params":[{}],"id":\#(id)}"#
        case 4: return #"{"method":\#(value),"params":[{}],"id":\#(id)}"#
        case 5: return #"{"method":"RPCServer.No\#(method)\#(index)","params":[{}],"id":\#(id)}"#
        case 6: return #"{"method":"\#(method)","params":[{}],"id":\#(id)}"#
        case 7: return #"{"method":"RPCServer.Command","params":[{"name":"\#(field)\#(index)"}],"id":\#(id)}"#
        case 8: return #"{"method":"RPCServer.\#(method)","params":[{"Scope":\#(value),"Cfg":\#(value),"Id":\#(value)}],"id":\#(value)}"#
        default: return #"{"method":"RPCServer.\#(method)","params":null,"id":\#(id)}"#
        }
    }

    static let wellFormed = #"{"method":"RPCServer.State","params":[{"NonBlocking":true}],"id":424242}"#

    @Test func thousandsOfBadRequestsThenAGoodOne() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { server.stop() }
        let pid = try await RPCTestClient(port: server.port).call("ProcessPid")["Pid"] as? Int
        var random = SplitMix64(seed: 6)
        var replies = 0, sent = 0

        for round in 0..<40 {
            let client = try RPCTestClient(port: server.port)
            let count = 60
            var batch = ""
            for index in 0..<count { batch += Self.badRequest(round * 1000 + index, &random) + (index % 3 == 0 ? "\n" : "") }
            #expect(client.send(batch))
            sent += count
            for _ in 0..<count {
                guard let reply = await client.reply() else { break }
                // Unknown fields are ignored (as Go does), so some of these are answered; the rest get an error.
                let answered = reply["error"] is String ? reply["result"] is NSNull : reply["result"] is [String: Any]
                #expect(answered, "\(reply)")
                replies += 1
            }
            // Then end the connection badly: cut a good request in the middle, or send what is not JSON-RPC.
            let good = Array(Self.wellFormed.utf8)
            switch round % 4 {
            case 0: client.send(Array(good[0..<Int.random(in: 1..<good.count, using: &random)]))
            case 1:
                client.send((0..<200).map { _ in UInt8.random(in: 0...255, using: &random) }.map { $0 == UInt8(ascii: "{") ? 0 : $0 })
                #expect(await client.isClosedByServer(), "garbage closes the connection")
            case 2:
                client.send("[" + Self.wellFormed + "]")
                #expect(await client.isClosedByServer(), "an array is not a request")
            default: client.send(#"{"method":"RPCServer.State","params":[{"NonBlocking":tru"#)
            }
        }
        #expect(replies == sent, "every request that was a JSON object got its reply")
        #expect(sent >= 2000)

        // Nesting deeper than any request needs.
        let deep = try RPCTestClient(port: server.port)
        let depth = 100_000
        deep.send(#"{"method":"RPCServer.State","params":[{"NonBlocking":"# + String(repeating: "[", count: depth)
                  + String(repeating: "]", count: depth) + "}],\"id\":1}")
        let deepReply = await deep.reply()
        #expect(deepReply == nil || deepReply?["error"] is String)

        // A message over the 4 MiB limit closes its connection.
        let huge = try RPCTestClient(port: server.port)
        huge.send(#"{"method":"RPCServer.Eval","params":[{"Expr":""# + String(repeating: "x", count: 5 << 20))
        #expect(await huge.isClosedByServer(), "an oversized message closes the connection")

        // The session is intact.
        let after = try RPCTestClient(port: server.port)
        #expect(after.send(Self.wellFormed))
        let reply = await after.reply()
        #expect(reply?["id"] as? Int == 424242)
        #expect(((reply?["result"] as? [String: Any])?["State"] as? [String: Any])?["Pid"] as? Int == pid)
        _ = try await after.call("Detach", ["Kill": true])
        #expect(await server.waitForExit() == 0, "\(server.output)")
    }
}

/// Arguments well-formed as JSON but out of any sensible range: each once crashed the server.
@Suite(.serialized) struct HostileArgumentTests {
    @Test func outOfRangeNumbersGetErrorsNotCrashes() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        _ = try await client.call("CreateBreakpoint", ["Breakpoint": [String: Any](), "LocExpr": "greet"])
        _ = try await client.call("Command", ["name": "continue"])
        let huge = Int.max
        let wide: [String: Any] = [
            "FollowPointers": true, "MaxVariableRecurse": huge, "MaxStringLen": huge, "MaxArrayValues": huge, "MaxStructFields": huge,
        ]
        let requests: [(String, [String: Any])] = [
            ("Command", ["name": "switchThread", "threadID": 999_999_999_999]),
            ("Eval", ["Scope": ["GoroutineID": -1, "Frame": -1, "DeferredCall": 0], "Expr": "name"]),
            ("Eval", ["Scope": ["GoroutineID": -1, "Frame": 1_000_000_000, "DeferredCall": 0], "Expr": "name"]),
            ("Eval", ["Expr": "name", "Cfg": wide]),
            ("ListRegisters", ["Scope": ["GoroutineID": -1, "Frame": -2, "DeferredCall": 0]]),
            ("Stacktrace", ["Id": -1, "Depth": huge, "Full": true, "Cfg": wide]),
            ("FindLocation", ["Loc": "+9223372036854775807"]),
            ("ExamineMemory", ["Address": UInt64.max, "Length": -5]),
            ("ExamineMemory", ["Address": 0, "Length": huge]),
        ]
        for (method, params) in requests {
            _ = try client.request(method, params)
            let reply = await client.reply()
            #expect(reply != nil, "\(method) \(params): no reply (did the server die?)")
        }
        let name = try await client.call("Eval", ["Expr": "name"])
        #expect((name["Variable"] as? [String: Any])?["value"] as? String == "world")
        _ = try await client.call("Detach", ["Kill": true])
    }
}
