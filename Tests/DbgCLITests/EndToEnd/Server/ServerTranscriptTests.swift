import Foundation
import Testing

/// One request per RPC method against `dbg exec --headless` on c/hello; each reply must have
/// the keys and JSON types of Delve's reply to the same request (Fixtures/rpc/delve-c-hello.jsonl).
@Suite(.serialized) struct ServerTranscriptTests {
    /// Fields Delve sends that dbg does not (yet): recordings, core dumps, watchpoints gone out
    /// of scope (dbg watches no stack variable yet), multi-process ids, deferred calls, and the
    /// load configurations Delve echoes back.
    static let notProvided: Set<String> = [
        "Recording", "CoreDumping", "WatchOutOfScope", "When", "CallReturn", "addrpid", "pcpids",
        "LoadArgs", "LoadLocals", "Defers",
        // Delve leaves these out when empty: present or not depends on where the program stopped.
        "breakPointInfo", "breakPoint", "functionName", "Bottom",
    ]

    @Test func everyMethodAnswersInDelvesShape() async throws {
        let delve = try DelveTranscript("delve-c-hello.jsonl")
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        var problems: [String] = []
        var checked: [String] = []

        /// Sends one request and compares its reply with Delve's; returns the reply.
        @discardableResult
        func check(_ method: String, _ params: [String: Any] = [:], command: String? = nil, like: String? = nil)
            async throws -> JSONShape
        {
            let id = try client.request(method, params)
            guard let data = await client.rawReply() else { throw DelveOracle.Failure(description: "no reply to \(method)") }
            let reply = try JSONShape.parse(data)
            let label = command.map { "\(method)(\($0))" } ?? method
            checked.append(label)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            if object["id"] as? Int != id { problems.append("\(label): reply id \(String(describing: object["id"])) for request \(id)") }
            if let error = object["error"] as? String {
                problems.append("\(label): error \(error)")
                return reply
            }
            guard let reference = delve.reply(to: method, command: like ?? command) else {
                problems.append("\(label): no Delve reply to compare with")
                return reply
            }
            problems += JSONShape.differences(reply, reference, path: label, optional: Self.notProvided)
            return reply
        }

        let scope: [String: Any] = ["GoroutineID": -1, "Frame": 0, "DeferredCall": 0]
        let load: [String: Any] = [
            "FollowPointers": true, "MaxVariableRecurse": 1, "MaxStringLen": 64, "MaxArrayValues": 64, "MaxStructFields": -1,
        ]
        try await check("SetApiVersion", ["APIVersion": 2])
        try await check("GetVersion")
        try await check("IsMulticlient")
        try await check("ProcessPid")
        try await check("LastModified")
        try await check("Recorded")
        try await check("AttachedToExistingProcess")
        try await check("State", ["NonBlocking": true])
        try await check("FindLocation", ["Scope": scope, "Loc": "greet", "IncludeNonExecutableLines": false])
        try await check("CreateBreakpoint", ["Breakpoint": ["Cond": ""], "LocExpr": "hello.c:14"])
        try await check("CreateBreakpoint", ["Breakpoint": ["continue": true], "LocExpr": "main"])
        try await check("GetBreakpoint", ["Id": 1, "Name": ""])
        try await check("ListBreakpoints", ["All": false])
        let first = try await client.call("GetBreakpoint", ["Id": 1])
        try await check("AmendBreakpoint", ["Breakpoint": first["Breakpoint"] ?? [:]])
        try await check("ToggleBreakpoint", ["Id": 2, "Name": ""])
        try await check("ToggleBreakpoint", ["Id": 2, "Name": ""])
        try await check("ClearBreakpoint", ["Id": 2, "Name": ""])
        try await check("Command", ["name": "continue"], command: "continue")
        try await check("State", ["NonBlocking": false])
        try await check("Command", ["name": "next"], command: "next")
        try await check("Command", ["name": "step"], command: "step")
        // Delve 1.20 failed this stepOut (an internal error on C): compared with its `next`.
        try await check("Command", ["name": "stepOut"], command: "stepOut", like: "next")
        try await check("Command", ["name": "stepInstruction"], command: "stepInstruction")
        try await check("Command", ["name": "nextInstruction"], command: "nextInstruction")
        let state = try await client.call("State", ["NonBlocking": false])
        let thread = ((state["State"] as? [String: Any])?["currentThread"] as? [String: Any])?["id"] as? Int ?? 0
        let pc = ((state["State"] as? [String: Any])?["currentThread"] as? [String: Any])?["pc"] as? UInt64 ?? 0
        try await check("Command", ["name": "switchThread", "threadID": thread], command: "switchThread")
        try await check("ListThreads")
        try await check("GetThread", ["Id": thread])
        try await check("Stacktrace", ["Id": -1, "Depth": 10, "Full": false, "Defers": false, "Opts": 0, "Cfg": NSNull()])
        try await check("Stacktrace", ["Id": -1, "Depth": 2, "Full": true, "Defers": false, "Opts": 0, "Cfg": load])
        try await check("ListLocalVars", ["Scope": scope, "Cfg": load])
        try await check("ListFunctionArgs", ["Scope": scope, "Cfg": load])
        try await check("ListPackageVars", ["Filter": "nosuchvariable", "Cfg": load])
        try await check("Eval", ["Scope": scope, "Expr": "name", "Cfg": load])
        try await check("Eval", ["Scope": scope, "Expr": "length", "Cfg": load])
        try await check("Set", ["Scope": scope, "Symbol": "length", "Value": "3"])
        try await check("ListFunctions", ["Filter": "gree"])
        try await check("ListSources", ["Filter": "hello"])
        try await check("ListTypes", ["Filter": "^int$"])
        try await check("ListRegisters", ["ThreadID": 0, "IncludeFp": false, "Scope": scope])
        let memory = try await check("ExamineMemory", ["Address": pc, "Length": 8])
        try await check("Disassemble", ["Scope": scope, "StartPC": pc, "EndPC": pc + 8, "Flavour": 0])
        try await check("ListDynamicLibraries")
        try await check("Restart", [
            "Position": "", "ResetArgs": false, "NewArgs": NSNull(), "Rerecord": false, "Rebuild": false, "NewRedirects": ["", "", ""],
        ])
        try await check("Command", ["name": "continue"], command: "continue")
        try await check("Detach", ["Kill": true])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(checked.count >= 45)
        #expect(memory["result"]?["Mem"] == .string)
        #expect(await server.waitForExit() == 0, "the server ends after Detach: \(server.output)")
    }

    @Test func errorsAreDelvesAndTheSessionGoesOn() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)

        _ = try client.request("NoSuchMethod", [String: Any]())
        let unknown = await client.reply()
        #expect(unknown?["error"] as? String == "unknown method: RPCServer.NoSuchMethod")
        #expect(unknown?["result"] is NSNull)

        // Goroutines: a C program has none to list; either way an error reply, not a crash.
        _ = try client.request("ListGoroutines", ["Start": 0, "Count": 10])
        let goroutines = await client.reply()
        #expect(goroutines?["error"] is String || goroutines?["result"] is [String: Any])

        _ = try client.request("Eval", ["Expr": 42])
        let wrongType = await client.reply()
        #expect((wrongType?["error"] as? String)?.contains("Expr") == true, "\(String(describing: wrongType))")

        _ = client.send(#"{"method":"RPCServer.State","id":99}"#)
        let noParams = await client.reply()
        #expect(noParams?["id"] as? Int == 99)
        #expect(noParams?["error"] as? String == "jsonrpc: request body missing params")

        _ = client.send(#"{"method":"RPCServer.GetBreakpoint","params":[{"Id":77}],"id":"text id"}"#)
        let textID = await client.reply()
        #expect(textID?["id"] as? String == "text id")
        #expect(textID?["error"] as? String == "no breakpoint with id 77")

        let state = try await client.call("State", ["NonBlocking": true])
        #expect((state["State"] as? [String: Any])?["Running"] as? Bool == false)
        _ = try await client.call("Detach", ["Kill": true])
    }

    /// `dlv connect`'s own requests in a Go session (recorded through a proxy), replayed
    /// against dbg on the same binary: the same keys and types back, goroutines included.
    @Test func aRecordedGoSessionReplaysInDelvesShape() async throws {
        let delve = try DelveTranscript("delve-go-goroutines.jsonl")
        let (binary, _) = try DelveOracle.fixture("go/goroutines")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        var problems: [String] = []
        var replayed = 0
        for exchange in delve.exchanges {
            let label = exchange.commandName.map { "\(exchange.method)(\($0))" } ?? exchange.method
            guard exchange.reply["error"] == .null else { continue }
            _ = try client.request(exchange.method, Self.withoutAddresses(exchange))
            guard let data = await client.rawReply() else { throw DelveOracle.Failure(description: "no reply to \(label)") }
            let reply = try JSONShape.parse(data)
            replayed += 1
            if case .string = reply["error"] {
                problems.append("\(label): \(String(decoding: data, as: UTF8.self).prefix(300))")
                continue
            }
            problems += JSONShape.differences(reply, exchange.reply, path: label, optional: Self.notProvided)
        }
        #expect(replayed >= 25)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// A recorded CreateBreakpoint names its location by function, file and line and by the
    /// addresses Delve had found; the fixture may have been rebuilt since (addresses
    /// moved), so the replay lets dbg find the location again.
    static func withoutAddresses(_ exchange: DelveTranscript.Exchange) -> Any {
        guard exchange.method == "CreateBreakpoint", var params = exchange.params as? [String: Any],
              var breakpoint = params["Breakpoint"] as? [String: Any]
        else { return exchange.params }
        breakpoint["addr"] = 0
        breakpoint["addrs"] = [Int]()
        params["Breakpoint"] = breakpoint
        return params
    }
}
