import DbgTestSupport
import Foundation
import Testing

/// A C session, differential against LLDB's adapter (`lldb-dap` of the Swift toolchain): the
/// same script runs against both, each writes down what an editor shows that both adapters
/// mean to show alike, and the two must agree. Delve debugs Go only, so for C the oracle is
/// LLDB's adapter.
///
/// Shown differently on purpose, and so not written down:
/// - types and the text of aggregates and pointers: dbg spells C as Delve spells it (`*int`,
///   `[16]char`, `struct record {...}`, `*9`), LLDB as C (`int *`, `char[16]`, a summary and
///   a hex address); the value of every scalar is compared, and the children's names;
/// - a char array's text: dbg shows the whole array (gdb shows it all too), LLDB up to the NUL;
/// - the flags of an enum: `KIND_A|KIND_C` (Delve's joining) against `KIND_A | KIND_C`: the
///   blanks are taken out before comparing;
/// - the order of Locals: dbg lists the innermost block's first (as gdb's `info locals`),
///   LLDB in declaration order: compared in name order;
/// - a step out's returned value, first in Locals: `~r0` (Delve's name for an unnamed result)
///   against LLDB's `(Return Value)`;
/// - a function with two ELF names: dbg shows the DWARF's (`clone3`, as gdb), LLDB the
///   symbol table's (`__clone3`);
/// - thread names: dbg's `* Thread N function` (dlv dap's form for a program without
///   goroutines), LLDB the program's name;
/// - scopes: dbg has Locals, and Globals and Registers when the launch asks (`showGlobalVariables`,
///   `showRegisters`, dlv dap's arguments), LLDB always all three;
/// - frames outside the program's own sources (libc's, `_start`): dbg gives them no source (the
///   file is not on this machine), LLDB the DWARF's relative path and a line; only their names
///   are compared;
/// - the error text of an expression that does not evaluate (both fail);
/// - after the client disconnects, lldb-dap keeps listening for the next one; dbg dap exits.
@Suite(.serialized) struct CLLDBDAPSessionTests {
    @Test func aCSessionAgreesWithLLDBDAP() async throws {
        let source = Fixtures.source("c/structs.c")
        try await differential(fixture: "c/structs", source: source, script: Self.session) { lldb in
            // Facts of the fixture, whoever the adapter.
            #expect(lldb.lines.contains("stop after configurationDone: breakpoint main \(source):199"))
            #expect(lldb.lines.contains("stop after stepIn: step next_id \(source):105"))
            #expect(lldb.lines.contains("evaluate `limit * 2`: 10"))
        }
    }

    /// A conditional breakpoint hit by one of eight threads: that thread's stack and locals, a
    /// stepOut to its caller, an evaluation there, then the breakpoint removed and the end.
    @Test func aThreadedCSessionAgreesWithLLDBDAP() async throws {
        let source = Fixtures.source("c/threads.c")
        try await differential(fixture: "c/threads", source: source, script: Self.threadsSession) { lldb in
            #expect(lldb.lines.contains("stop after configurationDone: breakpoint hit \(source):29"))
            #expect(lldb.lines.contains("variables Locals: thread = 3"))
        }
    }

    /// `script` on `fixture` against lldb-dap, then dbg dap; the transcripts must agree.
    private func differential(
        fixture: String, source: String,
        script: (DAPTestClient, _ program: String, _ source: String) async throws -> Transcript,
        expect: (Transcript) -> Void
    ) async throws {
        let program = try Fixtures.binary(fixture)
        let (lldbServer, lldbClient) = try await LLDBDAP.start()
        defer { lldbServer.stop() }
        let lldb = try await script(lldbClient, program, source)
        expect(lldb)
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let dbg = try await script(try server.connect(), program, source)
        let mismatch = Transcript.mismatch(lldb, dbg, ignoring: [:])
        #expect(mismatch.isEmpty, """
            the \(fixture) session differs between lldb-dap and dbg dap:
            \(mismatch.joined(separator: "\n"))
            \(Transcript.sideBySide(lldb, "lldb-dap", dbg, "dbg dap"))
            """)
    }

    static func threadsSession(_ client: DAPTestClient, program: String, source: String) async throws -> Transcript {
        var transcript = Transcript()
        try await launch(client, program: program)
        let set = try await client.request("setBreakpoints", [
            "source": ["path": .string(source)], "breakpoints": [["line": 29, "condition": "thread == 3 && i == 5"]],
        ])
        transcript.add("setBreakpoints", "verified=\(set["body"]["breakpoints"][0]["verified"].text)")
        try await client.request("configurationDone", [:])
        var thread = try await recordStop(client, after: "configurationDone", source: source, into: &transcript)
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 20])
        for frame in stack["body"]["stackFrames"].array ?? [] { transcript.add("stackTrace", frameText(frame, source: source)) }
        try await recordLocals(client, thread: thread, into: &transcript)
        try await client.request("stepOut", ["threadId": .number(Double(thread))])
        thread = try await recordStop(client, after: "stepOut", source: source, into: &transcript)
        try await recordLocals(client, thread: thread, into: &transcript)
        let top = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 1])
        let frameId = top["body"]["stackFrames"][0]["id"].int ?? 0
        for expression in ["arg->thread", "i * 2 + arg->thread"] {
            let response = try await client.request(
                "evaluate", ["expression": .string(expression), "frameId": .number(Double(frameId)), "context": "watch"],
                allowFailure: true)
            transcript.add("evaluate `\(expression)`", response["success"].bool == true ? response["body"]["result"].string ?? "-" : "fails")
        }
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])
        try await continueToEnd(client, thread: thread, into: &transcript)
        return transcript
    }

    /// Breakpoints in main and inspect, the stack, the locals, evaluations, next / stepIn /
    /// stepOut, continue to the second breakpoint and to the end.
    static func session(_ client: DAPTestClient, program: String, source: String) async throws -> Transcript {
        var transcript = Transcript()
        try await launch(client, program: program)
        let set = try await client.request("setBreakpoints", [
            "source": ["path": .string(source)], "breakpoints": [["line": 199], ["line": 165]],
        ])
        for breakpoint in set["body"]["breakpoints"].array ?? [] {
            transcript.add("setBreakpoints", "verified=\(breakpoint["verified"].text) line=\(breakpoint["line"].text)")
        }
        try await client.request("configurationDone", [:])
        var thread = try await recordStop(client, after: "configurationDone", source: source, into: &transcript)

        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 20])
        let frames = stack["body"]["stackFrames"].array ?? []
        for frame in frames { transcript.add("stackTrace", frameText(frame, source: source)) }
        let frameId = frames.first?["id"].int ?? 0
        let scopes = try await client.request("scopes", ["frameId": .number(Double(frameId))])["body"]["scopes"].array ?? []
        let locals = scopes.first { $0["name"].string == "Locals" }?["variablesReference"].int ?? 0
        transcript.add("scopes", "Locals: \(locals > 0)")
        let variables = try await client.request("variables", ["variablesReference": .number(Double(locals))])["body"]["variables"].array ?? []
        for line in variables.map(variableText).sorted() { transcript.add("variables Locals", line) }
        if let record = variables.first(where: { $0["name"].string == "rec" })?["variablesReference"].int, record > 0 {
            let children = try await client.request("variables", ["variablesReference": .number(Double(record))])["body"]["variables"].array ?? []
            transcript.add("variables rec", children.compactMap { $0["name"].string }.joined(separator: ", "))
        }
        for expression in ["limit * 2", "rec.bounds.max.x", "*ip", "rec.scores[3] - rec.scores[0]", "nosuch"] {
            let response = try await client.request(
                "evaluate", ["expression": .string(expression), "frameId": .number(Double(frameId)), "context": "watch"],
                allowFailure: true)
            transcript.add("evaluate `\(expression)`", response["success"].bool == true ? response["body"]["result"].string ?? "-" : "fails")
        }
        for command in ["next", "stepIn", "stepOut", "continue"] {
            try await client.request(command, ["threadId": .number(Double(thread))])
            thread = try await recordStop(client, after: command, source: source, into: &transcript)
        }
        // In inspect: arguments (a struct pointer, an enum of flags, a string) and locals.
        try await recordLocals(client, thread: thread, into: &transcript)
        for command in ["next", "next"] {
            try await client.request(command, ["threadId": .number(Double(thread))])
            thread = try await recordStop(client, after: command, source: source, into: &transcript)
        }
        try await recordLocals(client, thread: thread, into: &transcript)
        try await continueToEnd(client, thread: thread, into: &transcript)
        return transcript
    }

    /// The top frame's Locals.
    /// initialize, launch (exec), and the `initialized` event.
    static func launch(_ client: DAPTestClient, program: String) async throws {
        try await client.request("initialize", [
            "clientID": "dbg-tests", "adapterID": "c", "linesStartAt1": true, "columnsStartAt1": true,
            "pathFormat": "path", "supportsVariableType": true,
        ])
        try await client.request("launch", ["program": .string(program), "mode": "exec", "stopOnEntry": false])
        try await client.waitForEvent("initialized")
    }

    /// continue to `terminated`, the exit code, disconnect.
    private static func continueToEnd(_ client: DAPTestClient, thread: Int, into transcript: inout Transcript) async throws {
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        let exited = client.events.first { $0["event"].string == "exited" }
        transcript.add("exited", exited?["body"]["exitCode"].text ?? "no exited event")
        try await client.request("disconnect", [:])
        await client.close()
    }

    /// In name order: see the type's comment.
    private static func recordLocals(_ client: DAPTestClient, thread: Int, into transcript: inout Transcript) async throws {
        let top = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 1])
        let frameId = top["body"]["stackFrames"][0]["id"].int ?? 0
        let scopes = try await client.request("scopes", ["frameId": .number(Double(frameId))])["body"]["scopes"].array ?? []
        let locals = scopes.first { $0["name"].string == "Locals" }?["variablesReference"].int ?? 0
        let variables = try await client.request("variables", ["variablesReference": .number(Double(locals))])["body"]["variables"].array ?? []
        for line in variables.map(variableText).sorted() { transcript.add("variables Locals", line) }
    }

    /// The stop's reason and its top frame; the stopped thread.
    private static func recordStop(_ client: DAPTestClient, after: String, source: String, into transcript: inout Transcript)
        async throws -> Int
    {
        let stopped = try await client.waitForEvent("stopped")
        let thread = stopped["body"]["threadId"].int ?? 0
        let top = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "startFrame": 0, "levels": 1])
        transcript.add("stop after \(after)", "\(stopped["body"]["reason"].string ?? "-") " + frameText(top["body"]["stackFrames"][0], source: source))
        return thread
    }

    /// A frame's function, and its place when it is in the program's own source (frames
    /// elsewhere are shown differently on purpose: see the type's comment).
    private static func frameText(_ frame: JSON, source: String) -> String {
        let named = frame["name"].string ?? "<no name>"
        let name = sameFunction[named] ?? named
        guard frame["source"]["path"].string == source else { return name }
        return "\(name) \(source):\(frame["line"].text)"
    }

    /// Functions with two ELF names: LLDB's name → dbg's, which is the DWARF's, as gdb's.
    private static let sameFunction = ["__clone3": "clone3"]

    /// A variable's name, and its value when it is a scalar (no children, not a pointer).
    private static func variableText(_ variable: JSON) -> String {
        let given = variable["name"].string ?? "<no name>"
        // What a step out's function returned: LLDB calls it "(Return Value)", dbg names it as
        // Delve names an unnamed result.
        let name = given == "(Return Value)" ? "~r0" : given
        let type = variable["type"].string ?? ""
        let isScalar = (variable["variablesReference"].int ?? 0) == 0 && !type.contains("*") && !type.contains("[")
        // Flags of an enum: dbg joins them as Delve does (`KIND_A|KIND_C`), LLDB with blanks.
        let value = (variable["value"].string ?? "-").replacingOccurrences(of: " | ", with: "|")
        return isScalar ? "\(name) = \(value)" : name
    }
}

/// LLDB's debug adapter from the Swift toolchain, listening on a loopback port. It needs the
/// Python 3.10 library it was built with: pyenv's on these machines.
enum LLDBDAP {
    /// The adapter (for the caller to stop: it keeps listening after its client leaves) and a
    /// client connected to it.
    static func start() async throws -> (BackgroundServer, DAPTestClient) {
        let adapter = try LLDBOracle.tool("lldb-dap")
        let environment = try LLDBOracle.pythonLibraryEnvironment()
        let server = try await BackgroundServer.start(
            "/usr/bin/env", [environment, adapter, "--connection", "listen://127.0.0.1:0"],
            directory: Fixtures.repositoryRoot, listeningPrefix: "Listening for: ", name: "lldb-dap")
        guard let port = server.port else {
            server.stop()
            throw DAPTestClient.Failure(description: "lldb-dap printed no port: \(server.address)")
        }
        do {
            return (server, try DAPTestClient.connect(port: port, label: "lldb-dap"))
        } catch {
            server.stop()
            throw error
        }
    }
}
