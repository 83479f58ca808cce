import DbgTestSupport
import Foundation
import Synchronization
import Testing

/// The requests an editor sends beside the everyday ones, on Fixtures/c/structs stopped at
/// `printf("name=%s fact=…")` (line 211): what each answers is checked against the program's
/// source, and the program's output at the end against the values changed on the way.
@Suite struct RequestCoverageTests {
    @Test func requestsOfAnEditorSession() async throws {
        let program = try Fixtures.binary("c/structs")
        let source = Fixtures.source("c/structs.c")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        let initialize = try await client.request("initialize", ["adapterID": "c", "pathFormat": "path", "linesStartAt1": true,
                                                                 "supportsVariableType": true, "supportsMemoryReferences": true])
        for capability in ["supportsSetVariable", "supportsReadMemoryRequest", "supportsDisassembleRequest",
                           "supportsLoadedSourcesRequest", "supportsModulesRequest", "supportsLogPoints", "supportsWriteMemoryRequest",
                           "supportsInstructionBreakpoints", "supportsBreakpointLocationsRequest", "supportsSetExpression"] {
            #expect(initialize["body"][capability].bool == true, "\(capability): \(initialize.text)")
        }
        try await client.request("launch", ["mode": "exec", "program": .string(program), "showRegisters": true,
                                            "showGlobalVariables": true])
        try await client.waitForEvent("initialized")

        // Lines 197–200: `const int limit = 5;` … `int id1 = next_id();`, each with code.
        let locations = try await client.request("breakpointLocations", ["source": ["path": .string(source)], "line": 196, "endLine": 200])
        let lines = (locations["body"]["breakpoints"].array ?? []).compactMap { $0["line"].int }
        #expect(lines.contains(197) && lines.contains(200) && !lines.contains(196), "\(lines)")

        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 211]]])
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        let thread = try #require(stopped["body"]["threadId"].int)
        let frames = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        let top = frames["body"]["stackFrames"][0]
        let frameId = try #require(top["id"].int)
        let pc = try #require(top["instructionPointerReference"].string)

        // Scopes: Locals, and the Registers asked for (rip among them, the frame's pc).
        let scopes = try await client.request("scopes", ["frameId": .number(Double(frameId))])
        let scopeNames = (scopes["body"]["scopes"].array ?? []).compactMap { $0["name"].string }
        #expect(scopeNames.first == "Locals" && scopeNames.contains("Registers"), "\(scopeNames)")
        let localsRef = try #require(scopes["body"]["scopes"][0]["variablesReference"].int)
        if let registersScope = (scopes["body"]["scopes"].array ?? []).first(where: { $0["name"].string == "Registers" }),
           let reference = registersScope["variablesReference"].int
        {
            let registers = try await client.request("variables", ["variablesReference": .number(Double(reference))])
            let rip = (registers["body"]["variables"].array ?? []).first { $0["name"].string?.trimmingCharacters(in: .whitespaces) == "rip" }
            #expect(rip?["value"].string.flatMap { UInt64($0.dropFirst(2), radix: 16) } == UInt64(pc.dropFirst(2), radix: 16),
                    "rip \(rip?.text ?? "missing") at pc \(pc)")
        }

        // setVariable on a local, setExpression on a field: the program prints the new values.
        let set = try await client.request("setVariable", ["variablesReference": .number(Double(localsRef)), "name": "id1", "value": "41"])
        #expect(set["body"]["value"].string == "41", "\(set.text)")
        let expression = try await client.request("setExpression", ["expression": "fact", "value": "7", "frameId": .number(Double(frameId))])
        #expect(expression["body"]["value"].string == "7", "\(expression.text)")
        #expect(client.events.contains { $0["event"].string == "invalidated" }, "an invalidated event after setVariable")

        // readMemory: rec.name's bytes ("widget").
        let address = try await client.request("evaluate", ["expression": "&rec.name[0]", "frameId": .number(Double(frameId)), "context": "watch"])
        let hexAddress = try #require(address["body"]["result"].string?.split(separator: "0x").last.map { "0x" + $0.prefix { $0.isHexDigit } })
        // The memory view of rec.name opens where its bytes are; of a pointer, where it points.
        let name = try await client.request("evaluate", ["expression": "rec.name", "frameId": .number(Double(frameId)), "context": "watch"])
        #expect(name["body"]["memoryReference"].string.flatMap { UInt64($0.dropFirst(2), radix: 16) } == UInt64(hexAddress.dropFirst(2), radix: 16),
                "\(name.text.prefix(400)) vs \(hexAddress)")
        let pointer = try await client.request("evaluate", ["expression": "ip", "frameId": .number(Double(frameId)), "context": "watch"])
        let pointee = try await client.request("evaluate", ["expression": "&rec.scores[2]", "frameId": .number(Double(frameId)), "context": "watch"])
        #expect(pointer["body"]["memoryReference"].string != nil
                && pointee["body"]["result"].string?.contains(pointer["body"]["memoryReference"].string?.dropFirst(2) ?? "?") == true,
                "ip points at rec.scores[2]: \(pointer.text) \(pointee.text)")
        let memory = try await client.request("readMemory", ["memoryReference": .string(hexAddress), "count": 6])
        let data = memory["body"]["data"].string.flatMap { Data(base64Encoded: $0) }
        #expect(data.map { String(decoding: $0, as: UTF8.self) } == "widget", "\(memory.text)")
        // writeMemory: "ABC" over its first three bytes (the program prints the name later).
        let written = try await client.request("writeMemory", ["memoryReference": .string(hexAddress),
                                                               "data": .string(Data("ABC".utf8).base64EncodedString())])
        #expect(written["body"]["bytesWritten"].int == 3, "\(written.text)")

        // disassemble: ten instructions from the pc, the first at the pc, with source lines.
        let disassembly = try await client.request("disassemble", ["memoryReference": .string(pc), "instructionCount": 10])
        let instructions = disassembly["body"]["instructions"].array ?? []
        #expect(instructions.count == 10 && instructions.first?["address"].string == pc, "\(disassembly.text)")
        // The printf spans lines 211–212; its first instruction has rows for both.
        #expect([211, 212].contains(instructions.first?["line"].int ?? 0), "\(instructions.first?.text ?? "none")")

        // loadedSources names structs.c; modules lists libc.
        let sources = try await client.request("loadedSources", [:])
        #expect((sources["body"]["sources"].array ?? []).contains { $0["path"].string == source }, "\(sources.text.prefix(500))")
        let modules = try await client.request("modules", [:])
        #expect((modules["body"]["modules"].array ?? []).contains { ($0["name"].string ?? "").hasPrefix("libc.so") }, "\(modules.text)")

        // Stepping by instruction moves the pc by one instruction; an instruction breakpoint
        // two instructions on stops the continue there.
        let step = try await client.request("next", ["threadId": .number(Double(thread)), "granularity": "instruction"])
        #expect(step["success"].bool == true)
        try await client.waitForEvent("stopped")
        let afterStep = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        #expect(afterStep["body"]["stackFrames"][0]["instructionPointerReference"].string == instructions[1]["address"].string,
                "one instruction on: \(afterStep.text)")
        let target = try #require(instructions[3]["address"].string)
        let instructionBreakpoints = try await client.request("setInstructionBreakpoints", ["breakpoints": [["instructionReference": .string(target)]]])
        #expect(instructionBreakpoints["body"]["breakpoints"][0]["verified"].bool == true, "\(instructionBreakpoints.text)")
        try await client.request("continue", ["threadId": .number(Double(thread))])
        let atInstruction = try await client.waitForEvent("stopped")
        #expect(atInstruction["body"]["reason"].string == "instruction breakpoint", "\(atInstruction.text)")
        let there = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        #expect(there["body"]["stackFrames"][0]["instructionPointerReference"].string == target, "\(there.text)")
        try await client.request("setInstructionBreakpoints", ["breakpoints": []])

        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        let output = client.events.filter { $0["event"].string == "output" && $0["body"]["category"].string == "stdout" }
            .compactMap { $0["body"]["output"].string }.joined()
        #expect(output.contains("name=ABCget fact=7 ids=41,102"), "the changed values: \(output)")
        try await client.request("disconnect", [:])
        #expect(await server.waitForExit() == .exited(0), "\(server.output)")
    }

    /// restart: the program starts again from the beginning, its breakpoints set again under
    /// the ids the client knows, and runs to the first of them, as after configurationDone.
    @Test func restartKeepsTheBreakpoints() async throws {
        let program = try Fixtures.binary("c/hello")
        let source = Fixtures.source("c/hello.c")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        let initialize = try await client.request("initialize", ["adapterID": "c", "pathFormat": "path", "linesStartAt1": true])
        #expect(initialize["body"]["supportsRestartRequest"].bool == true)
        try await client.request("launch", ["mode": "exec", "program": .string(program)])
        try await client.waitForEvent("initialized")
        let set = try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 12]]])
        let id = try #require(set["body"]["breakpoints"][0]["id"].int)
        try await client.request("configurationDone", [:])
        let first = try await client.waitForEvent("stopped")
        #expect(first["body"]["hitBreakpointIds"][0].int == id, "\(first.text)")
        // The second greet: "Hello, world!" printed once by now.
        try await client.request("continue", ["threadId": .number(Double(first["body"]["threadId"].int ?? 0))])
        try await client.waitForEvent("stopped")

        try await client.request("restart", [:])
        let again = try await client.waitForEvent("stopped")
        #expect(again["body"]["reason"].string == "breakpoint" && again["body"]["hitBreakpointIds"][0].int == id, "\(again.text)")
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(again["body"]["threadId"].int ?? 0)), "levels": 2])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "greet", "\(stack.text)")
        let times = try await client.request("evaluate", ["expression": "i", "frameId": .number(Double(stack["body"]["stackFrames"][1]["id"].int ?? 0)),
                                                          "context": "watch"])
        #expect(times["body"]["result"].string == "0", "a new run, at the first call: \(times.text)")
        try await client.request("disconnect", [:])
        #expect(await server.waitForExit() == .exited(0), "\(server.output)")
    }

    /// console integratedTerminal, from a client that can run a terminal: dbg asks it to run
    /// the program (runInTerminal), and the program's output is the terminal's, not output
    /// events; the breakpoint, pending until the program's exec, stops it, and it ends by
    /// itself; its addresses are not randomised. The test's terminal is a file.
    @Test func theProgramRunsInTheEditorsTerminal() async throws {
        let program = try Fixtures.binary("c/hello")
        let source = Fixtures.source("c/hello.c")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let scratch = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let terminalOutput = scratch + "/terminal"
        let client = try server.connect()
        let started = Mutex<pid_t?>(nil)
        client.runsInTerminal { arguments in
            let command = (arguments["args"].array ?? []).compactMap(\.string)
            guard let path = command.first, let pid = try? ProcessRunner.spawn(path, Array(command.dropFirst()), output: terminalOutput)
            else { return nil }
            started.withLock { $0 = pid }
            return pid
        }
        try await client.request("initialize", ["adapterID": "c", "pathFormat": "path", "linesStartAt1": true,
                                                "supportsRunInTerminalRequest": true])
        try await client.request("launch", ["mode": "exec", "program": .string(program), "console": "integratedTerminal"])
        #expect(client.messages.contains { $0["type"].string == "request" && $0["command"].string == "runInTerminal" })
        try await client.waitForEvent("initialized")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 12]]])
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        let thread = try #require(stopped["body"]["threadId"].int)
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(thread)), "levels": 1])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "greet", "\(stack.text)")
        // Address randomisation off, as in a program dbg launches itself (personality
        // ADDR_NO_RANDOMIZE, 0x0040000).
        let terminalPid = try #require(started.withLock { $0 })
        let personality = try String(contentsOfFile: "/proc/\(terminalPid)/personality", encoding: .utf8)
        #expect(personality.trimmingCharacters(in: .whitespacesAndNewlines) == "00040000", "\(personality)")
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": []])
        try await client.request("continue", ["threadId": .number(Double(thread))])
        try await client.waitForEvent("terminated")
        #expect(!client.events.contains { $0["event"].string == "output" && $0["body"]["category"].string == "stdout" })
        try await client.request("disconnect", [:])
        #expect(await server.waitForExit() == .exited(0), "\(server.output)")
        let terminalProcess = try #require(started.withLock { $0 })
        #expect(Spawned.exitStatus(of: terminalProcess, seconds: 10) == 0, "the program ended by itself")
        let printed = try String(contentsOfFile: terminalOutput, encoding: .utf8)
        #expect(printed == "Hello, world! (5 letters)\nHello, world! (5 letters)\n", "\(printed)")
    }
}
