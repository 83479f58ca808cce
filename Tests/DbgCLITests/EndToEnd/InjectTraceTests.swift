import DbgTestSupport
import Foundation
import Testing

/// The inject backend changes the program's code while it runs: these check that the
/// program cannot tell. Every function of a fixture patched at once, output unchanged; a Go
/// program whose goroutines' stacks move and whose goroutines are preempted while traced,
/// counts exact; a detach in the middle of a storm of calls, the program's own result right.
@Suite(.serialized) struct InjectTraceTests {
    /// The program's standard output and exit status, run alone or under `dbg trace` (whose
    /// own output goes to `traceFile`).
    static func run(_ fixture: String, _ arguments: [String], tracing pattern: String? = nil, traceFile: String = "/dev/null")
        async throws -> (status: Int32, output: String)
    {
        var command = [try TraceCommandTests.fixture(fixture)] + arguments
        if let pattern {
            command = [try TerminalSession.dbgBinary, "trace", "--backend", "inject", "--output", traceFile, "--exec", command[0],
                       pattern, "--"] + arguments
        }
        let line = command.map(TerminalSession.shellQuote).joined(separator: " ")
        // The program's standard output only: dbg's summary and warnings go to stderr.
        let result = try await ProcessRunner.run("/bin/sh", ["-c", "setarch -R \(line) 2>/dev/null"])
        return (result.status, result.text)
    }

    @Test(arguments: [
        ("c/structs", [String]()), ("c/loops", []), ("c/returns", []), ("c/optimized", []), ("c/inlining", []),
        ("c/tracee", ["300", "4"]), ("c/signals", []), ("c/tiny", []),
    ])
    func everyFunctionPatchedLeavesTheOutputAsItWas(fixture: String, arguments: [String]) async throws {
        let alone = try await Self.run(fixture, arguments)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let traced = try await Self.run(fixture, arguments, tracing: ".", traceFile: directory + "/trace")
        #expect(traced.status == alone.status)
        #expect(traced.output == alone.output)
        let trace = (try? String(contentsOfFile: directory + "/trace", encoding: .utf8)) ?? ""
        #expect(trace.contains("> thread("), "the program was traced: \(trace.prefix(400))")
    }

    /// A real program, Lua's interpreter built -O2, every function of it patched (those that
    /// cannot be are named): the script's output is unchanged. Its SSE loads through rip
    /// (`movdqa 0x27ae4(%rip),%xmm0` in `luaL_buffinit`) once made the whole trace fail, and
    /// the launched program then hung dbg, stopped on its way out.
    @Test func everyFunctionOfLuaPatchedLeavesItsOutputAsItWas() async throws {
        let lua = try await RealLuaBuild.program()
        let binary = DelveOracle.repositoryRoot + "/Fixtures/build/" + lua.relativeBinary
        let script = DelveOracle.repositoryRoot + "/Fixtures/corpus/real/busy.lua"
        let alone = try await ProcessRunner.run(binary, [script])
        #expect(alone.status == 0 && alone.text.contains("THE,QUICK,BROWN"), "\(alone.text)")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let traced = try await ProcessRunner.run("/bin/sh", ["-c", [
            try TerminalSession.dbgBinary, "trace", "--backend", "inject", "--output", directory + "/trace", "--exec", binary, ".", "--",
            script,
        ].map(TerminalSession.shellQuote).joined(separator: " ") + " 2>" + directory + "/stderr"])
        let stderr = (try? String(contentsOfFile: directory + "/stderr", encoding: .utf8)) ?? ""
        #expect(traced.status == 0, "\(stderr.suffix(800))")
        #expect(traced.text == alone.text)
        #expect(stderr.contains("luaL_buffinit ") && !stderr.contains("not traced: luaL_buffinit"), "\(stderr.suffix(800))")
        // Cold parts split off functions are entered by jumps, never called: not traced.
        #expect(!stderr.contains(".cold"), "\(stderr.suffix(800))")
        let trace = (try? String(contentsOfFile: directory + "/trace", encoding: .utf8)) ?? ""
        #expect(trace.contains("> thread(") && trace.contains("luaH_resize(L=(*lua_State)(0x"), "\(trace.prefix(400))")
    }

    /// Lua's table, call, VM and string functions, traced by the inject backend (pointers and
    /// integers read straight from its ring records after each probe's first, as numbers and
    /// addresses; C strings copied by the recorder at the event) and by the ptrace backend
    /// with a stack (every event loaded whole, while the thread is stopped): the same lines.
    @Test func luaTracedByNumbersIsWhatItsWholeEventsSay() async throws {
        let lua = try await RealLuaBuild.program()
        let binary = DelveOracle.repositoryRoot + "/Fixtures/build/" + lua.relativeBinary
        let script = DelveOracle.repositoryRoot + "/Fixtures/corpus/real/busy.lua"
        let pattern = "^(luaH_(get|new|newkey|resize|setint|free)|luaD_(call|callnoyield|precall|poscall|pcall|rawrunprotected|"
            + "growstack|reallocstack|shrinkstack|inctop|throw)|luaV_(lessthan|tointeger|finishget|finishset|objlen)|"
            + "luaS_new|lua_getfield|lua_setfield|lua_pushstring|luaL_checklstring)$"
        func lines(_ options: [String]) async throws -> [String] {
            let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["trace"] + options + ["--exec", binary, pattern, "--", script])
            #expect(run.status == 0 && !run.text.contains("not traced"), "\(run.text.suffix(800))")
            return run.text.split(separator: "\n").filter { $0.hasPrefix(">") }.map { String($0).replacing(/thread\(\d+\)/, with: "thread") }
        }
        let injected = try await lines(["--backend", "inject"])
        #expect(injected.count > 3000)
        #expect(injected.contains { $0.contains("luaH_resize(L=(*lua_State)(0x") })
        #expect(injected.contains { $0.contains("=> (*CallInfo nil)") })
        // (Not luaS_newlstr: its string is counted, not ended by a NUL, and what follows its
        // bytes is a buffer's leftovers, pointers that differ between two runs.)
        #expect(injected.filter { $0.contains("str=\"") }.count > 250, "strings copied at the event")
        // luaD_throw is in two pieces, its cold one first in DWARF: entered at its own symbol,
        // with its arguments (it was traced as a function without debugging information).
        #expect(injected.contains { $0.contains("luaD_throw(L=(*lua_State)(0x") && $0.hasSuffix("errcode=2)") })
        let whole = try await lines(["--backend", "ptrace", "--stack", "1"])
        #expect(injected.count == whole.count)
        let differing = zip(injected, whole).filter { $0 != $1 }
        #expect(differing.isEmpty, "\(differing.count) lines differ: \(differing.prefix(5))")
    }

    /// gofmt's printer traced by the inject backend, which reads values after the event, and
    /// by ptrace, which reads them at it: the same lines, but for what lay on the goroutine's
    /// stack (a variadic call's slice, in its caller's frame, which the next call writes
    /// over), said to be unreadable there; it showed other calls' values (half the lines).
    @Test func gofmtTracedLateNeverShowsAnotherCallsStack() async throws {
        try await RealGofmtBuild.prepare()
        let source = RealGofmtBuild.goRoot + "/src/go/printer/printer.go"
        let pattern = #"go/printer\.(\(\*printer\)\.(writeByte|setPos|linebreak|flush|print)|walkBinary|diffPrec|nlimit)$"#
        func lines(_ options: [String]) async throws -> [String] {
            let run = try await ProcessRunner.run("/bin/sh", ["-c", ([try TerminalSession.dbgBinary, "trace"] + options
                + ["--exec", RealGofmtBuild.binary, pattern, "--", source]).map(TerminalSession.shellQuote).joined(separator: " ") + " 2>&1 >/dev/null"])
            #expect(run.status == 0, "\(run.text.suffix(500))")
            // Heap addresses differ between two runs.
            return run.text.split(separator: "\n").filter { $0.hasPrefix(">") }.map {
                String($0).replacing(/goroutine\(\d+\)/, with: "goroutine").replacing(/0xc[0-9a-f]+/, with: "0xc")
            }
        }
        let injected = try await lines(["--backend", "inject"])
        let whole = try await lines(["--backend", "ptrace", "--stack", "1"])
        #expect(injected.count == whole.count && injected.count > 10_000)
        let wrong = zip(injected, whole).filter { $0 != $1 && !$0.contains("(unreadable on the stack of the call") }
        #expect(wrong.isEmpty, "\(wrong.count) lines differ: \(wrong.prefix(3))")
        #expect(zip(injected, whole).filter { $0 == $1 }.count > injected.count / 2)
    }

    /// The same single-threaded program traced by the inject and the uprobe backends: the
    /// same lines, in the same order (the thread's id aside). tiny's functions are patched
    /// whole (too short for two patches); tracee's, one patch per probe; a Swift program's too.
    @Test(arguments: [
        ("c/tiny", ["1000"], "^(tick|triple)$", 4000), ("c/tracee", ["1000", "1"], "^checksum$", 2000),
        ("swift/values", [], "values\\.(describe|largest)", 10),
    ])
    func theInjectBackendSeesWhatUprobesSee(fixture: String, arguments: [String], pattern: String, lineCount: Int) async throws {
        func lines(_ backend: String) async throws -> [String] {
            let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
                "trace", "--backend", backend, "--exec", try TraceCommandTests.fixture(fixture), pattern, "--",
            ] + arguments)
            #expect(run.status == 0, "\(run.text.suffix(500))")
            return run.text.split(separator: "\n").filter { $0.hasPrefix(">") }.map { line in
                String(line).replacing(/thread\(\d+\)/, with: "thread")
            }
        }
        let injected = try await lines("inject")
        #expect(injected.count == lineCount)
        #expect(injected == (try await lines("uprobe")))
    }

    @Test func goStacksMoveAndGoroutinesArePreemptedWhileTraced() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
            "trace", "--backend", "inject", "--output", directory + "/trace", "--exec", try TraceCommandTests.fixture("go/growth"),
            "main\\.(deep|spin)$", "--", "500", "4",
        ])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("deep=128000 sum=132011"), "\(run.text)")
        #expect(run.text.contains("main.deep  128000 calls, 128000 returns"), "\(run.text)")
        #expect(run.text.contains("main.spin  2 calls, 2 returns"), "\(run.text)")
        // Every return of deep is its call's result: depth 0 returns seed % 7, each level adds one.
        let trace = try String(contentsOfFile: directory + "/trace", encoding: .utf8)
        #expect(trace.split(separator: "\n").filter { $0.hasPrefix("> goroutine(") && $0.contains("main.deep(") }.count == 128_000)
    }

    /// A Go thread's thread pointer leads to its `m`, whose `procid` is the thread id: every
    /// event names the thread it ran on (JSON shows it; the text shows the goroutine).
    @Test func goEventsNameTheirThreads() async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, [
            "trace", "--backend", "inject", "--json", "--exec", try TraceCommandTests.fixture("go/goids"), "main\\.work", "--", "5", "3",
        ])
        #expect(run.status == 0, "\(run.text)")
        let events = run.text.split(separator: "\n").filter { $0.hasPrefix("{\"event\"") }
        #expect(events.count == 30)
        #expect(events.allSatisfy { !$0.contains("\"thread\":0,") }, "\(events.prefix(3))")
    }

    @Test func aDetachInAStormOfCallsLeavesTheProgramsResultRight() async throws {
        let calls = 100_000_000, threads = 4
        let alone = try await Self.run("c/tracee", ["\(calls)", "\(threads)", "0"])
        #expect(alone.output.hasPrefix("calls=\(calls * threads) sum="))
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["\(calls)", "\(threads)", "0"])
        await program.waitForThreads(threads + 1)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let trace = directory + "/trace"
        let tracer = try Spawned(
            try TerminalSession.dbgBinary, ["trace", "--backend", "inject", "--output", trace, "--pid", "\(program.pid)", "^checksum$"])
        // Until a good many events have come through.
        var size = 0
        for _ in 0..<400 where size < 1 << 20 {
            usleep(25_000)
            size = ((try? FileManager.default.attributesOfItem(atPath: trace))?[.size] as? Int) ?? 0
        }
        #expect(size >= 1 << 20, "the trace flowed")
        kill(tracer.pid, SIGINT)
        let traced = tracer.wait(seconds: 60)
        #expect(traced.status == 0, "\(traced.text)")
        #expect(traced.text.contains("Trace summary (inject): "), "\(traced.text.suffix(500))")
        let maps = (try? String(contentsOfFile: "/proc/\(program.pid)/maps", encoding: .utf8)) ?? ""
        #expect(!maps.contains("dbg-trace-ring"), "the ring left in the program")
        #expect(TraceCommandTests.anonymousCodeMappings(of: program.pid).isEmpty, "the code area left in the program")
        let finished = program.wait(seconds: 120)
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text == alone.output, "the program's result, as when it runs alone")
    }
}
