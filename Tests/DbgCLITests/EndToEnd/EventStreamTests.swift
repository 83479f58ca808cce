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

    /// A breakpoint pending in a library the program has not loaded yet is set when the
    /// library loads: a change, with its address, before the stop at it.
    @Test func aPendingBreakpointSetAtItsLibrarysLoadIsAChange() async throws {
        let debugger = try await FixtureDebugger.launch("c/dynload")
        defer { Task { try? await debugger.detach(kill: true) } }
        let events = debugger.events
        let listener = Task { await Self.untilExit(events) }
        var request = API.Breakpoint(exprString: "plugin_compute")
        request.pending = true
        let pending = try await debugger.createBreakpoint(request)
        #expect(pending.addrs.isEmpty && pending.addr == 0)
        let stop = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(stop.reason == .breakpoint(id: pending.id))
        _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        let seen = await listener.value
        let changes = seen.compactMap { event -> API.Breakpoint? in
            if case .breakpointChanged(let breakpoint, .changed) = event { breakpoint } else { nil }
        }
        #expect(changes.count == 1 && changes.first?.id == pending.id && changes.first?.addrs.isEmpty == false,
                "\(seen.map(Self.describe))")
        let order = seen.map(Self.describe)
        #expect(order.firstIndex(of: "breakpoint \(pending.id) changed") ?? 99 < order.firstIndex { $0.hasPrefix("stopped") } ?? 0,
                "\(order)")
    }

    @Test func aClientThatCannotTellEndsAtOnce() async {
        let events = RecordingClient().events
        #expect(await Self.untilExit(events).isEmpty)
    }
}
