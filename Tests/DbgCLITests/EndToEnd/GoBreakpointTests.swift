import DbgService
import DbgTestSupport
import Testing

/// Breakpoints that know goroutines, on ten goroutines running the same function
/// (Fixtures/go/samefunc).
@Suite struct GoBreakpointTests {
    static func start() async throws -> LocalDebugger {
        try await FixtureDebugger.launch("go/samefunc")
    }

    static func resume(_ debugger: LocalDebugger) async throws -> API.DebuggerState {
        try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
    }

    /// `break main.go:22 if runtime.curg.goid == G` stops only goroutine G.
    @Test func conditionOnTheCurrentGoroutine() async throws {
        let debugger = try await Self.start()
        defer { Task { try? await debugger.detach(kill: true) } }
        let probe = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main.go:22"))
        let first = try await Self.resume(debugger)
        let goroutine = try #require(first.selectedGoroutine?.id)
        _ = try await debugger.clearBreakpoint(id: probe.id)
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main.go:22", cond: "runtime.curg.goid == \(goroutine)"))
        for _ in 0..<4 {
            let state = try await Self.resume(debugger)
            #expect(state.selectedGoroutine?.id == goroutine)
            #expect(state.currentThread?.line == 22)
        }
        let curg = try await debugger.eval(scope: API.EvalScope(), expression: "runtime.curg.goid", config: .standard)
        #expect(curg.value == String(goroutine))
    }

    /// `condition -per-g-hitcount ID == 2`: each goroutine stops at its own second hit.
    @Test func hitCountPerGoroutine() async throws {
        let debugger = try await Self.start()
        defer { Task { try? await debugger.detach(kill: true) } }
        var breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main.go:22"))
        breakpoint.hitCond = "== 2"
        breakpoint.hitCondPerG = true
        try await debugger.amendBreakpoint(breakpoint)
        var stopped = Set<Int64>()
        for _ in 0..<5 {
            let state = try await Self.resume(debugger)
            let goroutine = try #require(state.selectedGoroutine?.id)
            let hits = try #require(state.currentThread?.breakpoint?.hitCount[String(goroutine)])
            #expect(hits == 2)
            #expect(stopped.insert(goroutine).inserted, "goroutine \(goroutine) stopped twice")
        }
    }

    /// Where `break FILE:LINE` goes, against Delve: an absolute path works, and a line
    /// without a statement (blank, a comment, a closing brace) is refused as Delve refuses it.
    @Test func fileLineBreakpointsAsDelveSetsThem() async throws {
        let file = DelveOracle.repositoryRoot + "/Fixtures/go/stepping/main.go"
        let script = [
            "break \(file):33", "break main.go:24", "break main.go:25", "break main.go:26", "break main.go:31",
            "break stepping/main.go:40", "break \(file):30",
        ]
        let session = try await LiveSession.run("go/stepping", commands: script)
        let ours = session.outputs.map { GoStepIntoTests.comparable($0.text) }
        let delve = try await GoStepIntoTests.delveOutputs("go/stepping", script)
        #expect(ours == delve)
        #expect(ours[0].hasPrefix("Breakpoint 1 set at 0x"))
        #expect(ours[1].contains("could not find statement"))
    }
}
