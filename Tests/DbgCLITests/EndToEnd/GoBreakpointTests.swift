import DbgProcess
import DbgService
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
}
