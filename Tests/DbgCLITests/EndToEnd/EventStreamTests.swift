import DbgTestSupport
import Testing
import DbgService

/// `DebuggerClient.events` from the real service: breakpoint changes, each stop and the exit,
/// in the order they happened, to every listener.
@Suite struct EventStreamTests {
    /// The events up to and including the exit (or the stream's end).
    static func untilExit(_ events: AsyncStream<API.Event>) async -> [API.Event] {
        var seen: [API.Event] = []
        for await event in events {
            seen.append(event)
            if case .exited = event { break }
        }
        return seen
    }

    static func describe(_ event: API.Event) -> String {
        switch event {
        case .stopped(let state): return "stopped \(state.reason.map { "\($0)" } ?? "?") line \(state.currentThread?.line ?? 0)"
        case .breakpointChanged(let breakpoint, let change): return "breakpoint \(breakpoint.id) \(change)"
        case .exited(let status): return "exited \(status)"
        }
    }

    @Test func stopsBreakpointsAndTheExitInOrder() async throws {
        let debugger = try await FixtureDebugger.launch("c/hello")
        defer { Task { try? await debugger.detach(kill: true) } }
        // Two listeners, subscribed before anything happens: both see everything.
        let (firstEvents, secondEvents) = (debugger.events, debugger.events)
        let first = Task { await Self.untilExit(firstEvents) }
        let second = Task { await Self.untilExit(secondEvents) }
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "main"))
        let stop = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.next))
        _ = try await debugger.clearBreakpoint(id: breakpoint.id)
        let end = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(end.exited)
        #expect(end.reason == .exited(status: end.exitStatus))

        let expected = [
            "breakpoint \(breakpoint.id) created",
            "stopped breakpoint(id: \(breakpoint.id)) line \(stop.currentThread?.line ?? 0)",
            "stopped step line",
            "breakpoint \(breakpoint.id) removed",
            "exited \(end.exitStatus)",
        ]
        for listener in [first, second] {
            let seen = await listener.value.map(Self.describe)
            #expect(seen.count == expected.count, "\(seen)")
            for (event, prefix) in zip(seen, expected) {
                #expect(event.hasPrefix(prefix), "\(seen)")
            }
        }
    }

    @Test func aClientThatCannotTellEndsAtOnce() async {
        let events = RecordingClient().events
        #expect(await Self.untilExit(events).isEmpty)
    }
}
