import DbgProcess
import DbgService
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
        let (binary, _) = try DelveOracle.fixture("go/samefunc")
        let debugger = try await LocalDebugger.start(.launch(LaunchConfiguration(
            path: binary, standardInput: .nullDevice, standardOutput: .nullDevice, standardError: .nullDevice)))
        defer { Task { try? await debugger.detach(kill: true) } }
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main.go:22"))
        let first = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
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
        let (binary, _) = try DelveOracle.fixture("go/samefunc")
        let debugger = try await LocalDebugger.start(.launch(LaunchConfiguration(
            path: binary, standardInput: .nullDevice, standardOutput: .nullDevice, standardError: .nullDevice)))
        defer { Task { try? await debugger.detach(kill: true) } }
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main.go:22"))
        let first = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        let goroutine = try #require(first.selectedGoroutine?.id)
        _ = try await debugger.clearBreakpoint(id: breakpoint.id)
        let id = try await Self.value(debugger, "id")
        let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.stepOut))
        #expect(state.selectedGoroutine?.id == goroutine)
        #expect(state.currentThread?.function?.name == "main.main.func1")
        #expect(state.currentThread?.line == 41)
        #expect(try await Self.value(debugger, "id") == id)
    }
}
