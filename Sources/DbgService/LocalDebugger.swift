import Synchronization
import DbgEngine
import DbgProcess
import DbgSymbols

/// The debugger service in this process: a `DebuggerClient` over the engine's `Target`.
/// The REPL uses it directly; the JSON-RPC server serves it to remote clients.
public actor LocalDebugger: DebuggerClient {
    /// How the program was started, so `restart` can do it again.
    let start: API.SessionRequest
    var target: Target
    /// True while a continue/next/step runs: requests that need a stopped program wait for
    /// it; `state(nonBlocking: true)` answers from here at once.
    var running = false
    var exitStatus: Int32?
    var exitSignal: Signal?
    /// The last stop, for the state and the stop banner.
    var lastReport: StopReport?

    public static func start(_ start: API.SessionRequest) async throws(ServiceError) -> LocalDebugger {
        do {
            switch start {
            case .launch(let request): return LocalDebugger(start: start, target: try await Target.launch(request.configuration))
            case .attach(let pid): return LocalDebugger(start: start, target: try await Target.attach(pid: pid))
            case .core(let path, let executable):
                let debugger = LocalDebugger(start: start, target: try await Target.openCore(path, executable: executable))
                await debugger.rememberCoreStop()
                return debugger
            }
        } catch {
            throw ServiceError(error)
        }
    }

    /// The current target's source names (a restart makes a new target).
    private nonisolated let sourceNames: Mutex<SourceNameBook>
    let broadcaster = EventBroadcaster()

    public nonisolated var events: AsyncStream<API.Event> { broadcaster.subscribe() }

    init(start: API.SessionRequest, target: Target) {
        self.start = start
        self.target = target
        self.sourceNames = Mutex(target.sourceNames)
    }

    public nonisolated func shownSourcePath(_ path: String) -> String? {
        sourceNames.withLock { $0 }.shownName(of: path)
    }

    // MARK: State

    public func state(nonBlocking: Bool) async throws(ServiceError) -> API.DebuggerState {
        if running {
            return API.DebuggerState(pid: Int(target.pid), targetCommandLine: commandLine, running: true)
        }
        return await currentState()
    }

    var commandLine: String { target.commandLine.joined(separator: " ") }

    func currentState() async -> API.DebuggerState {
        if let exitStatus {
            return API.DebuggerState(pid: Int(target.pid), targetCommandLine: commandLine, exited: true,
                                     exitStatus: Int(exitStatus),
                                     reason: exitSignal.map { .killed(signal: $0.name, number: Int($0.rawValue)) } ?? .exited(status: Int(exitStatus)))
        }
        let threads = await target.threadIDs()
        let selected = await target.selectedThread
        var apiThreads: [API.Thread] = []
        for thread in threads {
            apiThreads.append(await apiThread(thread))
        }
        var selectedGoroutine: API.Goroutine?
        if let goroutine = await target.selectedGreenThread() { selectedGoroutine = await apiGoroutine(goroutine) }
        var state = API.DebuggerState(
            pid: Int(target.pid), targetCommandLine: commandLine, currentThread: apiThreads.first { $0.id == Int(selected.value) },
            selectedGoroutine: selectedGoroutine, threads: apiThreads, nextInProgress: lastReport?.interruptedStep ?? false,
            reason: lastReport.map { Self.apiStopReason($0.reason) })
        let suspendedCalls = await target.suspendedCallCount
        if suspendedCalls > 0 { state.suspendedCalls = suspendedCalls }
        if lastReport?.callReturned == true { state.callReturned = true }
        if let ended = lastReport?.watchOutOfScope, !ended.isEmpty { state.watchOutOfScope = ended.map(Self.apiBreakpoint) }
        return state
    }

    func apiThread(_ thread: ThreadID) async -> API.Thread {
        let frame = try? await target.location(of: thread)
        var result = API.Thread(
            id: Int(thread.value), pc: frame?.pc ?? 0, file: frame?.source?.file ?? "", line: frame?.source?.line ?? 0,
            function: frame.flatMap(Self.apiFunction), goroutineID: await target.currentGreenThread(of: thread)?.id ?? 0)
        if result.goroutineID != 0 { result.goroutineNoun = await Self.noun(target.greenThreadNoun) }
        if let report = lastReport, report.thread == thread, case .breakpoint(let id) = report.reason,
           let breakpoint = await target.breakpoint(id: id) {
            result.breakpoint = Self.apiBreakpoint(breakpoint)
        }
        if let report = lastReport, report.thread == thread, report.reason == .hardcodedBreakpoint {
            result.breakpoint = API.Breakpoint(name: API.Breakpoint.hardcodedName)
        }
        if let report = lastReport, report.thread == thread, report.reason == .step || report.callReturned,
           let values = await target.lastReturnValues {
            result.returnValues = values.map(Self.apiVariable)
        }
        return result
    }

    static func apiStopReason(_ reason: StopReport.Reason) -> API.StopReason {
        switch reason {
        case .entry: return .entry
        case .breakpoint(let id): return .breakpoint(id: id)
        case .tracepoint(let id): return .tracepoint(id: id)
        case .step: return .step
        case .hardcodedBreakpoint: return .hardcodedBreakpoint
        case .signal(let info): return .signal(name: info.signal.name, number: Int(info.signal.rawValue), text: info.description)
        case .halted: return .halted
        case .exited(let code): return .exited(status: Int(code))
        case .killed(let signal): return .killed(signal: signal.name, number: Int(signal.rawValue))
        }
    }

    // MARK: Execution

    public func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        switch command.name {
        case API.DebuggerCommand.halt where target.isCoreFile:
            return await currentState()
        case API.DebuggerCommand.halt:
            target.halt()
            return API.DebuggerState(pid: Int(target.pid), targetCommandLine: commandLine, running: running)
        case API.DebuggerCommand.switchThread:
            guard let id = command.threadID else { throw ServiceError("switchThread needs a thread id", kind: .badInput) }
            // Any Int may come from a client; thread ids are 32-bit.
            guard let raw = Int32(exactly: id), await target.threadIDs().contains(ThreadID(raw)) else {
                throw ServiceError("no thread \(id)", kind: .notFound)
            }
            await target.select(thread: ThreadID(raw))
            return await currentState()
        case API.DebuggerCommand.switchGoroutine:
            guard let id = command.goroutineID else { throw ServiceError("switchGoroutine needs a goroutine id", kind: .badInput) }
            do { try await target.select(greenThread: id) } catch { throw ServiceError(error) }
            return await currentState()
        default:
            break
        }
        try refuseForCoreFile()
        guard exitStatus == nil else { throw ServiceError.exited }
        guard !running else { throw ServiceError("the program is already running", kind: .running) }
        running = true
        target.beginUserRun()
        let staysOnGoroutine = command.staysOnGoroutine ?? false
        if staysOnGoroutine { await target.setStepsPassOtherGreenThreadsBreakpoints(true) }
        defer {
            running = false
            target.endUserRun()
        }
        let pendingBefore = await target.breakpointList().filter(\.isPending).map(\.id)
        let report: StopReport
        do throws(EngineError) {
            switch command.name {
            case API.DebuggerCommand.continue:
                report = try await target.continueExecution(returningAtTracepoints: command.returnAtTracepoints ?? false)
            case API.DebuggerCommand.next: report = try await target.next()
            case API.DebuggerCommand.step: report = try await target.stepIn()
            case API.DebuggerCommand.stepOut: report = try await target.stepOut()
            case API.DebuggerCommand.stepInstruction: report = try await target.stepInstruction()
            case API.DebuggerCommand.nextInstruction: report = try await target.nextInstruction()
            case API.DebuggerCommand.call:
                guard let expression = command.expr, !expression.isEmpty else {
                    throw EngineError("call needs an expression", kind: .badInput)
                }
                report = try await target.call(
                    expression, thread: await target.selectedThread, frame: command.frame ?? 0,
                    config: command.returnInfoLoadConfig.map(Self.loadConfig) ?? .default)
            case API.DebuggerCommand.abandonCalls: report = try await target.abandonSuspendedCalls()
            default: throw EngineError("unknown command '\(command.name)'")
            }
        } catch {
            throw ServiceError(error)
        }
        if staysOnGoroutine { await target.setStepsPassOtherGreenThreadsBreakpoints(false) }
        lastReport = report
        switch report.reason {
        case .exited(let code): exitStatus = code
        case .killed(let signal):
            exitStatus = 128 + signal.rawValue
            exitSignal = signal
        default: break
        }
        running = false
        var state = await addingBreakpointInfo(to: await currentState(), report: report)
        var hits: [API.TracepointHit] = []
        for trace in report.traces { hits.append(await apiTrace(trace)) }
        state.tracepointHits = hits
        if case .tracepoint = report.reason { state.atTracepoint = true }
        await publishResolvedBreakpoints(pendingBefore)
        if let exitStatus, report.hasEnded {
            broadcaster.publish(.exited(status: Int(exitStatus)))
        } else {
            broadcaster.publish(.stopped(state))
        }
        return state
    }

    /// Breakpoints that were pending (their code not loaded) before a run and are set now: a
    /// library that has them loaded during the run.
    private func publishResolvedBreakpoints(_ pendingBefore: [Int]) async {
        for id in pendingBefore {
            guard let breakpoint = await target.breakpoint(id: id), !breakpoint.isPending else { continue }
            broadcaster.publish(.breakpointChanged(Self.apiBreakpoint(breakpoint), change: .changed))
        }
    }

    public func restart() async throws(ServiceError) {
        try refuseForCoreFile()
        let breakpoints = await target.breakpointList()
        await shutDown(kill: true)
        do throws(EngineError) {
            switch start {
            case .launch(let request): target = try await Target.launch(request.configuration)
            case .attach: throw EngineError("cannot restart a program that was attached to")
            case .core: throw EngineError(EngineError.coreFileMessage, kind: .unsupported)
            }
            let names = target.sourceNames
            sourceNames.withLock { $0 = names }
        } catch {
            throw ServiceError(error)
        }
        exitStatus = nil
        exitSignal = nil
        lastReport = nil
        // Breakpoints come back by their location specs (addresses may have moved).
        // The runtime's built-in ones (negative ids) the new program has of its own.
        for breakpoint in breakpoints where breakpoint.id > 0 {
            let request = Target.BreakpointRequest(
                spec: breakpoint.spec, name: breakpoint.name, condition: breakpoint.condition,
                hitCondition: breakpoint.hitCondition?.description, isTracepoint: breakpoint.isTracepoint, allowPending: true)
            var recreated = request
            recreated.onHit = breakpoint.onHit
            recreated.isTraceReturn = breakpoint.isTraceReturn
            _ = try? await target.createBreakpoint(recreated)
        }
    }

    public func detach(kill: Bool) async throws(ServiceError) {
        await shutDown(kill: kill || target.wasLaunched)
    }

    func shutDown(kill: Bool) async {
        if running { target.halt() }
        await target.end(kill: kill)
    }
}
