import DbgService
import Glibc

/// What the server keeps between requests, for every connection: the debugger, when the
/// session began, tracepoint stops not yet reported, and whether the server should end.
actor ServerSession {
    let client: any DebuggerClient
    let acceptsMulticlient: Bool
    let attached: Bool
    /// Delve's LastModified: when the binary was loaded (here: when the server started).
    let startTime = RFC3339.now()
    /// Stops still owed to a client after a continue passed tracepoints: Delve's clients expect
    /// one state per tracepoint hit and continue again after each (the last is the real stop).
    private var owedStates: [API.DebuggerState] = []
    private var ended = false
    private var endWaiters: [CheckedContinuation<Void, Never>] = []

    init(client: any DebuggerClient, acceptsMulticlient: Bool, attached: Bool) {
        self.client = client
        self.acceptsMulticlient = acceptsMulticlient
        self.attached = attached
    }

    func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        if command.name == API.DebuggerCommand.continue, !owedStates.isEmpty {
            return owedStates.removeFirst()
        }
        if command.name != API.DebuggerCommand.halt { owedStates.removeAll() }
        var state = try await client.command(command)
        guard let hits = state.tracepointHits, !hits.isEmpty, command.name == API.DebuggerCommand.continue else {
            return state
        }
        let breakpoints = (try? await client.listBreakpoints()) ?? []
        var states = hits.map { TracepointStates.state(for: $0, breakpoints: breakpoints, after: state) }
        state.tracepointHits = nil
        states.append(state)
        let first = states.removeFirst()
        owedStates = states
        return first
    }

    func restart() async throws(ServiceError) {
        owedStates.removeAll()
        try await client.restart()
    }

    /// The server stops serving: after a Detach, or when the only client leaves.
    func end() {
        ended = true
        for waiter in endWaiters { waiter.resume() }
        endWaiters.removeAll()
    }

    func waitForEnd() async {
        if ended { return }
        await withCheckedContinuation { endWaiters.append($0) }
    }

    var hasEnded: Bool { ended }
}

/// Times as Go's time.Time marshals them (RFC 3339 with nanoseconds, UTC).
enum RFC3339 {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let nanos = String(spec.tv_nsec)
        let fraction = String(repeating: "0", count: max(0, 9 - nanos.count)) + nanos
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }
}
