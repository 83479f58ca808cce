import DbgTestSupport
import Foundation
import Synchronization
import Testing

/// A C program under dbg dap (Delve cannot debug C): DAP threads are the OS threads, each
/// with its own stack, scopes and values, whichever one stopped.
@Suite struct CDAPSessionTests {
    /// Fixtures/c/threads.c: eight workers call hit(thread, i). At the first hit, every worker
    /// still running shows `worker` on its stack, with its own `arg->thread` (0…7, each once)
    /// and a `total` in its Locals.
    @Test func everyThreadHasItsOwnStackAndValues() async throws {
        let program = try Fixtures.binary("c/threads")
        let source = Fixtures.source("c/threads.c")
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        try await client.request("initialize", ["adapterID": "c", "pathFormat": "path", "linesStartAt1": true,
                                                "supportsVariableType": true])
        try await client.request("launch", ["mode": "exec", "program": .string(program)])
        try await client.waitForEvent("initialized")
        let set = try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 29]]])
        #expect(set["body"]["breakpoints"][0]["verified"].bool == true, "\(set.text)")
        try await client.request("configurationDone", [:])
        let stopped = try await client.waitForEvent("stopped")
        #expect(stopped["body"]["reason"].string == "breakpoint", "\(stopped.text)")
        let stoppedThread = try #require(stopped["body"]["threadId"].int)
        // The process event names the program and its pid (the main thread's id).
        let process = client.events.first { $0["event"].string == "process" }
        #expect(process?["body"]["name"].string == program && process?["body"]["startMethod"].string == "launch"
                && (process?["body"]["systemProcessId"].int ?? 0) > 0, "\(process?.text ?? "no process event")")

        let threads = try await client.request("threads", [:])["body"]["threads"].array ?? []
        #expect(threads.count >= 2, "main and at least one worker: \(threads.map(\.text))")
        let names = threads.compactMap { $0["name"].string }
        #expect(names.contains { $0.hasPrefix("* Thread \(stoppedThread) hit") }, "the stopped thread, marked: \(names)")
        // Each named by its thread id and the function it is in (main waits in a join, in libc).
        for thread in threads {
            let name = thread["name"].string ?? ""
            let id = thread["id"].int ?? -1
            #expect(name.hasPrefix("Thread \(id) ") || name.hasPrefix("* Thread \(id) "), "\(thread.text)")
        }

        var workerThreads: [Int] = []
        for thread in threads {
            guard let id = thread["id"].int else { continue }
            let frames = try await client.request("stackTrace", ["threadId": .number(Double(id)), "startFrame": 0, "levels": 20])
            let stack = frames["body"]["stackFrames"].array ?? []
            guard let worker = stack.first(where: { $0["name"].string == "worker" }), let frameId = worker["id"].int else { continue }
            let scopes = try await client.request("scopes", ["frameId": .number(Double(frameId))])
            let locals = try #require(scopes["body"]["scopes"][0]["variablesReference"].int)
            let variables = try await client.request("variables", ["variablesReference": .number(Double(locals))])
            let variableNames = (variables["body"]["variables"].array ?? []).compactMap { $0["name"].string }
            #expect(variableNames.contains("total") && variableNames.contains("arg"), "thread \(id): \(variableNames)")
            let number = try await client.request("evaluate", ["expression": "arg->thread", "frameId": .number(Double(frameId)),
                                                              "context": "watch"])
            if let value = number["body"]["result"].string.flatMap({ Int($0) }) { workerThreads.append(value) }
        }
        #expect(!workerThreads.isEmpty, "no thread showed worker on its stack")
        #expect(Set(workerThreads).count == workerThreads.count && workerThreads.allSatisfy { (0..<8).contains($0) },
                "each worker has its own arg->thread: \(workerThreads)")

        try await client.request("disconnect", ["terminateDebuggee": true])
        #expect(await server.waitForExit() == .exited(0), "\(server.output)")
    }

    /// `dbg CMD` in the debug console runs the REPL's command CMD and shows its text (dlv dap's
    /// `dlv` prefix too); commands that run the program are refused, and it stays stopped.
    @Test func replCommandsInTheDebugConsole() async throws {
        let session = try await StoppedSession.start(program: try Fixtures.binary("c/hello")) { client in
            try await client.request("setFunctionBreakpoints", ["breakpoints": [["name": "greet"]]])
        }
        defer { session.server.stop() }
        let (client, stopped) = (session.client, session.stopped)
        #expect(stopped["body"]["reason"].string == "function breakpoint", "\(stopped.text)")
        func console(_ line: String) async throws -> String {
            try await client.request("evaluate", ["expression": .string(line), "context": "repl"])["body"]["result"].string ?? ""
        }
        #expect(try await console("dbg args") == "name = \"world\"\n")
        #expect(try await console("dlv locals") == "length = 0\n")
        #expect(try await console("dbg continue").contains("not available here"))
        #expect(try await console("dbg nosuchcommand").contains("nosuchcommand"))
        // Completions: REPL commands after `dbg `, variables otherwise; `start` is where the
        // word being completed begins (1-based).
        let commands = try await client.request("completions", ["text": "dbg sta", "column": 8])
        let commandLabels = (commands["body"]["targets"].array ?? []).compactMap { $0["label"].string }
        #expect(commandLabels.contains("stack") && commands["body"]["targets"][0]["start"].int == 5, "\(commands.text)")
        let variables = try await client.request("completions", ["text": "na", "column": 3])
        #expect((variables["body"]["targets"].array ?? []).compactMap { $0["label"].string } == ["name"], "\(variables.text)")
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(stopped["body"]["threadId"].int ?? 0)), "levels": 1])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "greet", "still stopped in greet: \(stack.text)")
        #expect(try await session.end() == .exited(0), "\(session.server.output)")
    }

    /// A breakpoint in a library the program loads later (Fixtures/c/dynload dlopens
    /// libplugin.so) is answered unverified, pending; when the library loads it is set, the
    /// client hears a breakpoint event (verified), and the program stops there.
    @Test func aBreakpointInALibraryNotLoadedYetIsSetWhenItLoads() async throws {
        let answered = Mutex<JSON>(.null)
        let session = try await StoppedSession.start(program: try Fixtures.binary("c/dynload")) { client in
            let set = try await client.request("setFunctionBreakpoints", ["breakpoints": [["name": "plugin_compute"]]])
            answered.withLock { $0 = set["body"]["breakpoints"][0] }
        }
        defer { session.server.stop() }
        let (client, stopped) = (session.client, session.stopped)
        let answer = answered.withLock { $0 }
        #expect(answer["verified"].bool == false && (answer["message"].string ?? "").contains("pending"), "\(answer.text)")
        let id = try #require(answer["id"].int)
        #expect(stopped["body"]["hitBreakpointIds"][0].int == id, "\(stopped.text)")
        // Told as the debugger's event stream has it, beside the stop, in either order.
        let changed = try await client.waitForEvent("breakpoint")
        #expect(changed["body"]["breakpoint"]["id"].int == id && changed["body"]["breakpoint"]["verified"].bool == true,
                "\(changed.text)")
        let stack = try await client.request("stackTrace", ["threadId": .number(Double(stopped["body"]["threadId"].int ?? 0)), "levels": 1])
        #expect(stack["body"]["stackFrames"][0]["name"].string == "plugin_compute", "\(stack.text)")
        #expect(try await session.end() == .exited(0), "\(session.server.output)")
    }

    /// In C, thread events tell which threads ended between two stops: at the first hit of
    /// hit() in Fixtures/c/threads the workers run; after the joins (line 61) those the first
    /// stop saw are gone, each with an `exited` event.
    @Test func threadEventsBetweenStops() async throws {
        let source = Fixtures.source("c/threads.c")
        let session = try await StoppedSession.start(program: try Fixtures.binary("c/threads"), configure: StoppedSession.lines(source, [29]))
        defer { session.server.stop() }
        let client = session.client
        let before = Set((try await client.request("threads", [:])["body"]["threads"].array ?? []).compactMap { $0["id"].int })
        try await client.request("setBreakpoints", ["source": ["path": .string(source)], "breakpoints": [["line": 61]]])
        try await client.request("continue", ["threadId": .number(Double(session.thread))])
        try await client.waitForEvent("stopped")
        let exited = Set(client.events.filter { $0["event"].string == "thread" && $0["body"]["reason"].string == "exited" }
            .compactMap { $0["body"]["threadId"].int })
        let after = Set((try await client.request("threads", [:])["body"]["threads"].array ?? []).compactMap { $0["id"].int })
        #expect(after.count == 1 && before.count > 1, "before \(before), after \(after)")
        #expect(exited == before.subtracting(after), "exited events \(exited); threads before \(before), after \(after)")
        #expect(try await session.end() == .exited(0))
    }
}
