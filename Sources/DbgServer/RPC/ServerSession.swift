import DbgService
import Glibc

/// What the server keeps between requests, for every connection: the debugger, when the
/// session began, tracepoint stops not yet reported, and whether the server should end.
actor ServerSession {
    let client: any DebuggerClient
    let acceptsMulticlient: Bool
    let attached: Bool
    /// Delve's LastModified: when the executable was last written (its client warns when a
    /// source file is newer); when it cannot be read, when the server started.
    let lastModified: String
    /// Stops still owed to a client after a continue passed tracepoints: Delve's clients expect
    /// one state per tracepoint hit and continue again after each (the last is the real stop).
    private var owedStates: [API.DebuggerState] = []
    private var ended = false
    private var endWaiters: [CheckedContinuation<Void, Never>] = []
    /// Commands that run the program (continue, next, ...) under way: one at most succeeds,
    /// but with several clients another may be on its way to being refused.
    private var resumesInFlight = 0
    private var resuming: Bool { resumesInFlight > 0 }
    /// State requests being answered by the debugger right now, and resuming commands
    /// waiting for them: a state read that began before a continue must finish before the
    /// continue starts (the engine serves both on one thread, which a running program holds).
    private var stateReads = 0
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    /// Counts resuming commands, so a late halt retry never stops the next one.
    private var resumeCount = 0
    /// The program's pid and command line, for the state of a program that is running.
    private var identity: (pid: Int, commandLine: String)?
    /// How the last core dump ended (DumpWait's answer).
    private(set) var lastDump: API.DumpState?

    func remember(_ dump: API.DumpState) { lastDump = dump }

    init(client: any DebuggerClient, acceptsMulticlient: Bool, attached: Bool, executable: String?) {
        self.client = client
        lastModified = executable.flatMap(RFC3339.modificationTime(of:)) ?? RFC3339.now()
        self.acceptsMulticlient = acceptsMulticlient
        self.attached = attached
    }

    /// Delve's State: with `nonBlocking`, answered at once even while the program runs.
    func state(nonBlocking: Bool) async throws(ServiceError) -> API.DebuggerState {
        if nonBlocking, resuming, let identity {
            return API.DebuggerState(pid: identity.pid, targetCommandLine: identity.commandLine, running: true)
        }
        stateReads += 1
        defer {
            stateReads -= 1
            if stateReads == 0 {
                for waiter in drainWaiters { waiter.resume() }
                drainWaiters.removeAll()
            }
        }
        let state = try await client.state(nonBlocking: nonBlocking)
        identity = (state.pid, state.targetCommandLine)
        return state
    }

    func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        if command.name == API.DebuggerCommand.continue, !owedStates.isEmpty {
            return owedStates.removeFirst()
        }
        let resumes = ![API.DebuggerCommand.halt, API.DebuggerCommand.switchThread, API.DebuggerCommand.switchGoroutine]
            .contains(command.name)
        guard resumes else {
            let state = try await client.command(command)
            if command.name == API.DebuggerCommand.halt, resuming {
                let run = resumeCount
                Task { await keepHalting(run) }
            }
            return state
        }
        owedStates.removeAll()
        if identity == nil { identity = try? await state(nonBlocking: true).identityPair }
        while stateReads > 0 { await withCheckedContinuation { drainWaiters.append($0) } }
        resumesInFlight += 1
        resumeCount += 1
        defer { resumesInFlight -= 1 }
        // Tracepoint passes go to clients one state each (Delve's protocol) whatever the
        // client asked: the engine gathers them during the continue.
        var forwarded = command
        forwarded.returnAtTracepoints = nil
        var state = try await client.command(forwarded)
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

    /// A halt can arrive after a continue was accepted but before the engine set the program
    /// running; the engine drops a halt at that moment, so it is sent again until that
    /// continue returns (a second halt of one run is a no-op).
    private func keepHalting(_ run: Int) async {
        for _ in 0..<200 {
            try? await Task.sleep(for: .milliseconds(25))
            guard resuming, resumeCount == run else { return }
            _ = try? await client.command(API.DebuggerCommand(name: API.DebuggerCommand.halt))
        }
    }

    func restart() async throws(ServiceError) {
        owedStates.removeAll()
        identity = nil  // a new process
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

extension API.DebuggerState {
    fileprivate var identityPair: (pid: Int, commandLine: String) { (pid, targetCommandLine) }
}

/// Times as Go's time.Time marshals them (RFC 3339 with nanoseconds, UTC).
enum RFC3339 {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(spec)
    }

    static func modificationTime(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return format(info.st_mtim)
    }

    static func format(_ spec: timespec) -> String {
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
