import DbgService
import DbgTestSupport
import Foundation
import Testing

/// `next` stays on its goroutine while ten goroutines run the same function
/// (Fixtures/go/samefunc), whichever thread the goroutine is on after each time.Sleep.
@Suite struct GoSteppingTests {
    /// The lines `next` visits in samefunc's work() from line 22, simulated from its
    /// variables (the loop body: 21 step, 22 acc += step, 23 if acc%7, 24 acc++, 26 sleep,
    /// 20 loop; 28 return).
    static func expectedLines(from i: Int, acc: Int, step: Int, id: Int, count: Int) -> [Int] {
        var lines: [Int] = []
        var i = i, acc = acc, step = step
        var line = 22
        while lines.count < count {
            switch line {
            case 20: line = i < 10 ? 21 : 28
            case 21: step = id * 100 + i; line = 22
            case 22: acc += step; line = 23
            case 23: line = acc % 7 == 0 ? 24 : 26
            case 24: acc += 1; line = 26
            case 26: i += 1; line = 20
            default: return lines
            }
            lines.append(line)
        }
        return lines
    }

    static func value(_ debugger: LocalDebugger, _ expression: String) async throws -> Int {
        let variable = try await debugger.eval(scope: API.EvalScope(), expression: expression, config: .standard)
        return try #require(Int(variable.value))
    }

    @Test(arguments: [false, true]) func nextStaysOnItsGoroutine(keepingBreakpoint: Bool) async throws {
        let (debugger, breakpoint, first) = try await FixtureDebugger.stopped("go/samefunc", at: "main.go:22")
        defer { Task { try? await debugger.detach(kill: true) } }
        let goroutine = try #require(first.selectedGoroutine?.id)
        #expect(first.currentThread?.line == 22)
        if !keepingBreakpoint { _ = try await debugger.clearBreakpoint(id: breakpoint.id) }
        let id = try await Self.value(debugger, "id")
        let expected = Self.expectedLines(
            from: try await Self.value(debugger, "i"), acc: try await Self.value(debugger, "acc"),
            step: try await Self.value(debugger, "step"), id: id, count: 10)

        var visited: [Int] = []
        var threads = Set<Int>()
        var interruptions = 0
        while visited.count < expected.count {
            let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.next))
            #expect(!state.exited)
            if state.nextInProgress {
                // Another goroutine hit the breakpoint first: reported, and the next `next`
                // completes the step.
                #expect(keepingBreakpoint)
                #expect(state.selectedGoroutine?.id != goroutine)
                #expect(state.currentThread?.line == 22)
                interruptions += 1
                #expect(interruptions < 200)
                continue
            }
            #expect(state.selectedGoroutine?.id == goroutine)
            visited.append(state.currentThread?.line ?? 0)
            threads.insert(state.currentThread?.id ?? 0)
            #expect(try await Self.value(debugger, "id") == id)
        }
        #expect(visited == expected)
        if keepingBreakpoint { #expect(interruptions > 0) }
    }

    /// stepout leaves work() for the goroutine's closure, on the same goroutine.
    @Test func stepoutReturnsToTheSameGoroutine() async throws {
        let (debugger, breakpoint, first) = try await FixtureDebugger.stopped("go/samefunc", at: "main.go:22")
        defer { Task { try? await debugger.detach(kill: true) } }
        let goroutine = try #require(first.selectedGoroutine?.id)
        _ = try await debugger.clearBreakpoint(id: breakpoint.id)
        let id = try await Self.value(debugger, "id")
        let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.stepOut))
        #expect(state.selectedGoroutine?.id == goroutine)
        #expect(state.currentThread?.function?.name == "main.main.func1")
        #expect(state.currentThread?.line == 41)
        #expect(try await Self.value(debugger, "id") == id)
    }

    /// safeDiv panics and its deferred call recovers, setting the named result err: stepout
    /// runs the deferred call and shows the results as Delve does.
    @Test func stepoutRunsDeferredCallsAndShowsResults() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let script = ["break main.safeDiv", "continue", "print \"=S=\"", "stepout"]
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"]))
        let expected = (delve["S"] ?? []).filter { !$0.isEmpty && !$0.contains(" \u{1B}") && !$0.contains(":\t") }
        let ours = try await LiveSession.run("go/goroutines", commands: ["break main.safeDiv", "continue", "stepout"])
        let lines = ours.output(of: "stepout").split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.contains(":\t") }
            .map { $0.replacingOccurrences(of: "./Fixtures/go/goroutines/", with: "./") }
        #expect(expected.contains { $0.hasPrefix("> main.main() ./main.go:253") })
        #expect(lines == expected)
        #expect(lines.contains("\terr: error(*errors.errorString) *{"))
    }

    /// Stepping over a `go` statement never ends in the runtime (newproc is stepped over).
    /// (The breakpoint goes first: line 246 is also the go statement's wrapper, which the new
    /// goroutine runs.)
    @Test func stepOverAGoStatementStaysInMain() async throws {
        let ours = try await LiveSession.run(
            "go/goroutines", commands: ["break main.go:246", "continue", "clearall", "step", "step", "print len(got)"])
        #expect(ours.output(of: "step").hasPrefix("> main.main() ./Fixtures/go/goroutines/main.go:247"))
        #expect(ours.output(of: "step", occurrence: 1).hasPrefix("> main.main() ./Fixtures/go/goroutines/main.go:248"))
        #expect(ours.output(of: "print len(got)").hasPrefix("4"))
    }
}
