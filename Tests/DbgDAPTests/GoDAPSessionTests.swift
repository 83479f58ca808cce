import DbgTestSupport
import Foundation
import Testing

/// Differential DAP sessions on Go fixtures: the same script runs against `dlv dap` and `dbg dap`,
/// each writes a normalised transcript of what an editor shows, and the transcripts must agree
/// but for the intended differences below. Until `dbg dap` exists (see Adapter.dbgDAPRequired),
/// the dbg side is skipped with a message and Delve runs twice instead, which proves the client
/// and the transcript's normalisation (a second Delve run must give the same lines).
@Suite(.serialized) struct GoDAPSessionTests {
    /// Transcript topics where dbg is meant to differ from Delve 1.20, and why.
    static let intendedDifferences: [String: String] = [
        "exited": "dlv 1.20 sends no `exited` event (only a console line \"Process N has exited with status C\"); "
            + "dbg sends `exited` with the exit code, as the DAP specification asks (checked by expectations below)",
        "stdout": "in exec mode dlv 1.20 leaves the program's stdout on its own stdout (not in `output` events); "
            + "dbg forwards it as `output` events of category stdout (checked by expectations below)",
    ]

    // MARK: the sessions

    /// Breakpoint, threads, stack paging, locals, evaluate, next / stepIn / stepOut, run to the end.
    @Test func steppingSession() async throws {
        let source = Fixtures.source("go/stepping/main.go")
        let program = try Fixtures.binary("go/stepping")
        try await differential(fixture: "stepping", oracle: (program, [])) { session in
            try await session.start(program: program, breakpoints: [(source, 34)])
            try await session.recordStop("configurationDone")
            try await session.recordThreads(all: true)
            try await session.recordStack(startFrame: 0, levels: 2)
            try await session.recordStack(startFrame: 2, levels: 20)
            try await session.recordStack(levels: nil)
            let scopes = try await session.recordScopes()
            try await session.recordVariables(scopes["Locals"] ?? 0, path: "Locals", expand: [])
            try await session.recordEvaluate("y+1", context: "repl")
            try await session.recordEvaluate("y", context: "hover")
            try await session.recordEvaluate("nosuch", context: "watch")
            try await session.step("next")      // line 34 → 35
            try await session.step("stepIn")    // into main.two
            // No locals here: main.two's results (~r0, ~r1) hold garbage until it returns.
            try await session.step("stepOut")   // back in main.main
            try await session.continueToEnd()
            try await session.disconnect()
        } expect: { transcript in
            // Facts of the fixture, whoever the adapter: a wrong client or a wrong adapter fails here.
            #expect(transcript.lines.contains("configurationDone: stopped reason=breakpoint hitBreakpoints=[#1]"))
            #expect(transcript.lines.contains("configurationDone: top main.main \(source):34"))
            #expect(transcript.lines.contains("next: top main.main \(source):35"))
            #expect(transcript.lines.contains("stepIn: top main.two \(source):14"))
            #expect(transcript.lines.contains("stepOut: top main.main \(source):35"))
            #expect(transcript.lines.contains("variables Locals: y (int) = 2"))
            #expect(transcript.lines.contains("evaluate repl `y+1`: 3 (int)"))
            #expect(transcript.lines.contains("evaluate watch `nosuch`: error, with a message: true"))
            #expect(transcript.lines.contains("threads: stopped thread: * [Go 1] main.main"))
            #expect(transcript.lines.contains("stackTrace[0, 2]: more frames: true"))
            #expect(transcript.lines.contains("stackTrace[0, all]: totalFrames=3"))
        }
    }

    /// Post-mortem in an editor: `mode: core` on a core gdb wrote at a breakpoint. The editor
    /// sees where the program was (threads, stack, locals, an evaluate); a continue says the
    /// program cannot run and leaves it where it was, as dlv dap does (their words differ: the
    /// transcript records the reason alone).
    @Test func coreSession() async throws {
        let source = Fixtures.source("go/stepping/main.go")
        let program = try Fixtures.binary("go/stepping")
        let core = try await CoreDump.gcore(program, at: ["break main.go:34", "run"])
        defer { core.remove() }
        try await differential(fixture: "stepping core", oracle: nil) { session in
            try await session.begin(
                "launch", ["mode": "core", "program": .string(program), "coreFilePath": .string(core.path)], breakpoints: [])
            try await session.recordStop("configurationDone")
            try await session.recordThreads(all: true)
            try await session.recordStack(levels: nil)
            let scopes = try await session.recordScopes()
            try await session.recordVariables(scopes["Locals"] ?? 0, path: "Locals", expand: [])
            try await session.recordEvaluate("y+1", context: "repl")
            try await session.step("continue")
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("configurationDone: stopped reason=exception hitBreakpoints=[]"), "\(transcript.lines)")
            #expect(transcript.lines.contains("configurationDone: top main.main \(source):34"))
            #expect(transcript.lines.contains("threads: stopped thread: * [Go 1] main.main"))
            #expect(transcript.lines.contains("variables Locals: y (int) = 2"))
            #expect(transcript.lines.contains("evaluate repl `y+1`: 3 (int)"))
            #expect(transcript.lines.contains("continue: top main.main \(source):34"))
        }
    }

    /// Log points print their message, expressions evaluated at each pass, and never stop; an
    /// unrecovered panic stops as an exception with its value; exceptionInfo tells it, with the
    /// user's frames of the stack.
    @Test func logPointsAndPanicSession() async throws {
        let source = Fixtures.source("corpus/go/panicfatal/main.go")
        let program = try Fixtures.binary("corpus/go/panicfatal")
        try await differential(fixture: "panicfatal", oracle: nil) { session in
            try await session.begin("launch", ["mode": "exec", "program": .string(program)], breakpoints: []) { session in
                try await session.setLogPoints(source, [(19, "withdraw {amount} from {a.balance}")])
            }
            try await session.recordStop("configurationDone")
            session.recordLogLines()
            try await session.recordException()
            try await session.continueToEnd()
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("log: > [Go 1]: withdraw 3 from 5⏎"), "\(transcript.lines)")
            #expect(transcript.lines.contains("log: > [Go 1]: withdraw 3 from 2⏎"), "\(transcript.lines)")
            #expect(transcript.lines.contains("exceptionInfo: panic: \"overdrawn by 1\""), "\(transcript.lines)")
            #expect(transcript.lines.contains("exceptionInfo: stack: main.withdraw < main.main"), "\(transcript.lines)")
        }
    }

    /// While the program runs: `threads` is answered without stopping it, `pause` stops it,
    /// setBreakpoints is applied (the program halted and resumed) and the breakpoint is hit,
    /// and disconnect ends the program.
    @Test func whileRunningSession() async throws {
        let source = Fixtures.source("go/hot/main.go")
        let program = try Fixtures.binary("go/hot")
        try await differential(fixture: "hot (running)", oracle: nil) { session in
            try await session.begin("launch", ["mode": "exec", "program": .string(program), "args": ["2000000000", "1"]],
                                    breakpoints: [])
            let threads = try await session.client.request("threads", [:])
            session.note("threads", "while running: answered=\(threads["success"].text)")
            try await session.client.request("pause", ["threadId": 1])
            try await session.recordStop("pause", topFrame: false)
            try await session.client.request("continue", ["threadId": .number(Double(session.threadId))])
            try await session.setBreakpoints([(source, 22)])
            try await session.recordStop("setBreakpoints while running")
            try await session.recordEvaluate("seed", context: "watch")
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("threads: while running: answered=true"), "\(transcript.lines)")
            #expect(transcript.lines.contains("pause: stopped reason=pause hitBreakpoints=[]"), "\(transcript.lines)")
            #expect(transcript.lines.contains("setBreakpoints while running: stopped reason=breakpoint hitBreakpoints=[#1]"),
                    "\(transcript.lines)")
            #expect(transcript.lines.contains("setBreakpoints while running: top main.hot \(source):22"), "\(transcript.lines)")
            #expect(transcript.lines.contains("evaluate watch `seed`: 0 (int)"), "\(transcript.lines)")
        }
    }

    /// Conditions and hit conditions: main.hot's first line stops only where `i == 7`, its
    /// second (hit condition "== 3") only at its third hit; one goroutine, so the order is known.
    @Test func conditionsSession() async throws {
        let source = Fixtures.source("go/hot/main.go")
        let program = try Fixtures.binary("go/hot")
        try await differential(fixture: "hot (conditions)", oracle: nil) { session in
            try await session.begin("launch", ["mode": "exec", "program": .string(program), "args": ["20", "1"]], breakpoints: []) {
                session in
                let set = try await session.client.request("setBreakpoints", [
                    "source": ["path": .string(source)],
                    "breakpoints": [["line": 22, "condition": "i == 7"], ["line": 23, "hitCondition": "== 3"]],
                ])
                for breakpoint in set["body"]["breakpoints"].array ?? [] {
                    session.note("setBreakpoints", "verified=\(breakpoint["verified"].text) line=\(breakpoint["line"].text)")
                }
            }
            // dlv 1.20 names no breakpoint in a stop its hit condition allowed; dbg names it.
            try await session.recordStop("configurationDone", hits: false)
            try await session.recordEvaluate("i", context: "watch")
            try await session.step("continue")
            try await session.recordEvaluate("i", context: "watch")
            try await session.disconnect()
        } expect: { transcript in
            // Line 23's third hit (i == 2) comes before line 22's condition holds (i == 7).
            #expect(transcript.lines.contains("configurationDone: top main.hot \(source):23"), "\(transcript.lines)")
            #expect(transcript.lines.contains("evaluate watch `i`: 2 (int)"), "the third hit of line 23: \(transcript.lines)")
            #expect(transcript.lines.contains("continue: top main.hot \(source):22"), "\(transcript.lines)")
            #expect(transcript.lines.contains("evaluate watch `i`: 7 (int)"), "\(transcript.lines)")
        }
    }

    /// goroutineFilters (Delve's -with/-without flags) decide which goroutines `threads` lists:
    /// at main.inspect in Fixtures/go/goroutines, only the goroutine there.
    @Test func goroutineFiltersSession() async throws {
        let source = Fixtures.source("go/goroutines/main.go")
        let program = try Fixtures.binary("go/goroutines")
        try await differential(fixture: "goroutines (filters)", oracle: nil) { session in
            try await session.start(program: program, breakpoints: [(source, 203)], extra: ["goroutineFilters": "-with userloc main.inspect"])
            try await session.recordStop("configurationDone")
            let threads = try await session.client.request("threads", [:])["body"]["threads"].array ?? []
            session.note("threads", "\(threads.count): " + threads.compactMap { $0["name"].string?.split(separator: " (").first.map(String.init) }
                .joined(separator: "; "))
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("threads: 1: * [Go 1] main.inspect"), "\(transcript.lines)")
        }
    }

    /// Values: a struct through a pointer, a slice, a map, an embedded struct; evaluate in every
    /// context with children; a syntax error.
    @Test func valuesSession() async throws {
        let source = Fixtures.source("go/goroutines/main.go")
        let program = try Fixtures.binary("go/goroutines")
        try await differential(fixture: "goroutines", oracle: (program, [])) { session in
            try await session.start(program: program, breakpoints: [(source, 203)])
            try await session.recordStop("configurationDone")
            try await session.recordThreads(all: false)
            try await session.recordStack(startFrame: 0, levels: 3)
            let scopes = try await session.recordScopes()
            try await session.recordVariables(
                scopes["Locals"] ?? 0, path: "Locals",
                expand: ["Locals/o", "Locals/o/", "Locals/skus", "Locals/stock", "Locals/ship", "Locals/sizes"])
            for context in ["repl", "hover", "watch"] {
                try await session.recordEvaluate("o.Lines[0]", context: context)
                try await session.recordEvaluate("skus", context: context)
                try await session.recordEvaluate("len(stock)", context: context)
            }
            try await session.recordEvaluate("1 +", context: "repl")
            try await session.continueToEnd()
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("configurationDone: top main.inspect \(source):203"))
            #expect(transcript.lines.contains("variables Locals/skus: [1] (string) = \"A-101\""))
            #expect(transcript.lines.contains("variables Locals/stock: \"G-700\" (string: int) = 42"))
            #expect(transcript.lines.contains("variables Locals/ship: Carrier (string) = \"DHL\""))
            #expect(transcript.lines.contains("evaluate hover `len(stock)`: 12 (int)"))
            #expect(transcript.lines.contains("evaluate repl `1 +`: error, with a message: true"))
        }
    }

    /// launch in debug mode (the adapter builds the package), with args, cwd, env and
    /// stopOnEntry; a breakpoint after the arguments are read; the program's output for them.
    @Test func debugModeSession() async throws {
        // A scratch copy of the fixture: the adapter builds there (dlv leaves __debug_bin in its
        // directory while it runs), and both sides see the same source path.
        let scratch = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let sourceDirectory = scratch + "/hot"
        try FileManager.default.copyItem(atPath: Fixtures.source("go/hot"), toPath: sourceDirectory)
        let source = sourceDirectory + "/main.go"
        let arguments = ["3", "2"]
        try await differential(
            fixture: "hot (debug mode)", oracle: (try Fixtures.binary("go/hot"), arguments), directory: sourceDirectory
        ) { session in
            try await session.begin("launch", [
                "mode": "debug", "program": .string(sourceDirectory), "args": .array(arguments.map { .string($0) }),
                "cwd": .string(sourceDirectory), "env": ["DBG_DAP_TEST": "1"], "stopOnEntry": true,
            ], breakpoints: [(source, 38)])
            // At the entry point there is no goroutine yet: dlv answers stackTrace with an
            // error there, so only the stop itself is compared.
            try await session.recordStop("configurationDone", topFrame: false)
            try await session.step("continue")
            try await session.recordEvaluate("n", context: "watch")
            try await session.recordEvaluate("g", context: "watch")
            try await session.clearBreakpoints(in: source)
            try await session.continueToEnd()
            try await session.disconnect()
        } expect: { transcript in
            #expect(transcript.lines.contains("configurationDone: stopped reason=entry hitBreakpoints=[]"))
            #expect(transcript.lines.contains("continue: stopped reason=breakpoint hitBreakpoints=[#1]"))
            #expect(transcript.lines.contains("continue: top main.main \(source):38"))
            #expect(transcript.lines.contains("evaluate watch `n`: 3 (int)"))
            #expect(transcript.lines.contains("evaluate watch `g`: 2 (int)"))
        }
    }

    /// attach (mode local) to a running program, a breakpoint in a goroutine, then disconnect
    /// without ending it: the program must run on, untraced.
    @Test func attachSession() async throws {
        let program = try Fixtures.binary("go/hot")
        let source = Fixtures.source("go/hot/main.go")
        try await differential(fixture: "hot (attach)", oracle: nil) { session in
            // One goroutine calling main.hot for far longer than the test runs.
            let scratch = try Fixtures.temporaryDirectory()
            let target = try ProcessRunner.spawn(program, ["2000000000", "1"], output: scratch + "/out")
            defer {
                kill(target, SIGKILL)
                _ = Spawned.exitStatus(of: target)
                try? FileManager.default.removeItem(atPath: scratch)
            }
            try await session.begin("attach", ["mode": "local", "processId": .number(Double(target))], breakpoints: [(source, 22)])
            try await session.recordStop("configurationDone")
            try await session.recordStack(startFrame: 0, levels: 2)
            try await session.recordEvaluate("seed", context: "hover")
            try await session.clearBreakpoints(in: source)
            try await session.disconnect(terminateDebuggee: false)
            // Detached, the program runs on: not stopped by a tracer, using CPU, not ended.
            let ticks = ProcessState.cpuTicks(of: target)
            let runsOn = await Eventually.wait(seconds: 20) {
                ProcessState.cpuTicks(of: target) > ticks + 5 && !ProcessState.isTraceStopped(target)
            }
            var raw: Int32 = 0
            let ended = waitpid(target, &raw, WNOHANG) == target
            session.note("after disconnect", "program runs on: \(runsOn && !ended)")
        } expect: { transcript in
            #expect(transcript.lines.contains("configurationDone: stopped reason=breakpoint hitBreakpoints=[#1]"))
            #expect(transcript.lines.contains("configurationDone: top main.hot \(source):22"))
            #expect(transcript.lines.contains("stackTrace[0, 2]: main.main.func1 \(source):45"))
            #expect(transcript.lines.contains("evaluate hover `seed`: 0 (int)"))
            #expect(transcript.lines.contains("after disconnect: program runs on: true"))
        }
    }

    // MARK: running both sides

    /// Runs `script` against Delve and against dbg (or Delve again while dbg dap is not built),
    /// checks `expect` on each transcript and, given `oracle` (the program and its arguments,
    /// run once without a debugger), the program's exit and output on each adapter; compares the
    /// two transcripts. The adapters run in `directory` (where `dlv dap` builds in debug mode).
    private func differential(
        fixture: String,
        oracle: (program: String, arguments: [String])?,
        directory: String = Fixtures.repositoryRoot,
        script: (SessionRecorder) async throws -> Void,
        expect: (Transcript) -> Void
    ) async throws {
        var expectedOutput: String?
        if let oracle {
            let plain = try await ProcessRunner.run(oracle.program, oracle.arguments)
            try #require(plain.status == 0, "the fixture itself failed: \(plain.text)")
            expectedOutput = plain.text
        }

        let delve = try await runSession(.delve, programOutput: expectedOutput, directory: directory, script: script)
        expect(delve)

        let other: Transcript
        let otherName: String
        let ignoring: [String: String]
        if let why = await Adapter.dbg.unavailability() {
            if Adapter.dbgDAPRequired { Issue.record("dbg dap is required but cannot run: \(why)") }
            print("◇ SKIPPED the dbg side of \(fixture): \(why). Comparing Delve with a second Delve run instead.")
            other = try await runSession(.delve, programOutput: expectedOutput, directory: directory, script: script)
            otherName = "dlv dap (second run)"
            ignoring = [:]
        } else {
            other = try await runSession(.dbg, programOutput: expectedOutput, directory: directory, script: script)
            otherName = "dbg dap"
            ignoring = Self.intendedDifferences
        }
        expect(other)
        let mismatch = Transcript.mismatch(delve, other, ignoring: ignoring)
        #expect(mismatch.isEmpty, """
            the \(fixture) session differs between dlv dap and \(otherName):
            \(mismatch.joined(separator: "\n"))
            \(Transcript.sideBySide(delve, "dlv dap", other, otherName))
            """)
    }

    /// One session against `adapter`; its transcript. Checks on the way what differs by design:
    /// where the program's stdout and its exit code are to be seen, and that the adapter exits 0
    /// after the client disconnects.
    private func runSession(
        _ adapter: Adapter, programOutput expected: String?, directory: String,
        script: (SessionRecorder) async throws -> Void
    ) async throws -> Transcript {
        let server = try await DAPServerProcess.start(adapter, directory: directory)
        defer { server.stop() }
        let client = try server.connect()
        let session = SessionRecorder(client: client)
        do {
            try await script(session)
        } catch {
            await client.close()
            throw DAPTestClient.Failure(description: "\(error)\nadapter output:\n\(server.output)\ntranscript so far:\n\(session.transcript.lines.joined(separator: "\n"))")
        }
        await client.close()
        let status = await server.waitForExit()
        #expect(status == .exited(0), "\(adapter) after disconnect: \(status.map(\.description) ?? "still running")")
        #expect(client.protocolErrors.isEmpty, "\(adapter) sent frames we could not read: \(client.protocolErrors)")

        guard let expected else { return session.transcript }
        let firstLine = String(expected.split(separator: "\n").first ?? "")
        switch adapter {
        case .delve:
            // dlv 1.20: the program's stdout goes to the adapter's own stdout; the exit status
            // only to a console line.
            #expect(server.output.contains(firstLine), "the program's output is not in dlv's stdout: \(server.output)")
            let console = client.events.compactMap { $0["body"]["output"].string }.joined()
            #expect(console.contains("has exited with status 0"), "no exit status in dlv's console output: \(console)")
        case .dbg:
            #expect(session.programOutput == expected, "dbg dap's stdout output events: \(session.programOutput)")
            #expect(session.transcript.lines.contains("exited: exitCode=0"))
        }
        return session.transcript
    }
}
