import DbgService

/// One DAP client's debugging session: the requests it sends, in order, turned into calls on
/// a `DebuggerClient`, and what happens to the program turned into events.
///
/// Requests are handled one at a time (`handle` is awaited before the next is read), except
/// that a continue or step only starts the program: its stop is reported by a task of its own,
/// so `pause`, `disconnect` and breakpoint changes are served while the program runs.
actor DAPSession {
    let writer: DAPWriter
    let starter: any DAPDebuggeeStarter
    var debuggee: DAPDebuggee? {
        didSet { followEvents(of: debuggee?.client) }
    }
    /// The task that follows the debugger's events (`DAPSession+Events`).
    var eventFollower: Task<Void, Never>?
    var output: DAPProgramOutput?
    var settings = DAPSettings()
    /// Set at `initialize`.
    var clientSupportsVariableType = false
    var clientRunsInTerminal = false
    /// The client opens memory views from a value's memoryReference.
    var clientSupportsMemoryReferences = false
    /// Our runInTerminal request while we wait for the program, and the editor's refusal.
    var terminalRequest: (seq: Int64, refused: String?)?
    /// Our end of the FIFO a program started in the editor's terminal reads before its exec,
    /// kept open until the session ends (closing it before the shell read would lose "go").
    var terminalGo: Int32?
    var initialized = false
    /// The session is over (disconnect): the server ends once the reply is out.
    private(set) var ended = false

    // Running
    /// A continue or step in flight: its task's result, and its number.
    var run: (number: Int, task: Task<Result<API.DebuggerState, ServiceError>, Never>)?
    var runNumber = 0
    /// Runs whose stop someone else reports (a halt to change breakpoints, a disconnect).
    var quietRuns: Set<Int> = []
    var programEnded = false
    /// The exception filters to stop at (setExceptionBreakpoints); every one until told.
    var stoppingExceptions: Set<String> = Set(DAPSession.exceptionFilters.map(\.id))
    /// The last stop, for exceptionInfo.
    var lastStop: API.DebuggerState?

    // What the client saw at the last stop
    var frames = DAPHandles<DAPFrameRef>()
    var values = DAPHandles<DAPValueRef>()
    /// Whether the program has goroutines: DAP threads are then goroutines, as in dlv dap.
    var usesGoroutines = false
    /// The thread (or goroutine) dbg has selected, as the last stop or switch left it.
    var selectedThread: Int?
    /// The OS threads at the last stop (for thread events), nil before the first.
    var knownThreads: Set<Int>?
    /// The threads answered at the last stop, answered again while the program runs.
    var lastThreads: DAPValue?

    // Breakpoints the client set, by source path (and one list of functions), in dbg's ids
    var sourceBreakpoints: [String: [DAPBreakpointRecord]] = [:]
    var functionBreakpoints: [DAPBreakpointRecord] = []
    var instructionBreakpoints: [DAPBreakpointRecord] = []
    /// Data breakpoints (watchpoints): each record's name is its dataId.
    var dataBreakpoints: [DAPBreakpointRecord] = []
    /// Client ids of breakpoints waiting for their code to load.
    var pendingBreakpoints: Set<Int> = []
    /// The last client id given to a breakpoint.
    var lastBreakpointID = 0
    /// The launch configuration, for a restart.
    var launchArguments: DAPArguments?

    /// A headless server's debugger, which a client joins with `attach` mode "remote"
    /// (launch and local attach are refused: the server already debugs a program).
    let remote: DAPDebuggee?
    /// With --accept-multiclient, a disconnect that does not terminate leaves the program and
    /// the server to the next client.
    let remoteOutlivesClient: Bool

    init(writer: DAPWriter, starter: any DAPDebuggeeStarter) {
        self.writer = writer
        self.starter = starter
        remote = nil
        remoteOutlivesClient = false
    }

    init(writer: DAPWriter, remote: DAPDebuggee, outlivesClient: Bool) {
        self.writer = writer
        self.starter = NoStarter()
        self.remote = remote
        remoteOutlivesClient = outlivesClient
    }

    /// A headless server starts nothing new: it has its program.
    private struct NoStarter: DAPDebuggeeStarter {
        func launch(_ launch: DAPLaunch) async throws(ServiceError) -> DAPDebuggee {
            throw ServiceError("the server already debugs a program: use attach with mode \"remote\"")
        }
        func attach(pid: Int32) async throws(ServiceError) -> DAPDebuggee {
            throw ServiceError("the server already debugs a program: use attach with mode \"remote\"")
        }
    }

    var client: (any DebuggerClient)? { debuggee?.client }

    /// Answers one request (or says why not, in one line).
    func handle(_ request: DAPRequest) async {
        do {
            try await dispatch(request)
        } catch let wrong as DAPArguments.WrongType {
            writer.fail(seq: request.seq, command: request.command, message: "Invalid arguments for '\(request.command)'",
                        detail: wrong.message)
        } catch let failure as DAPFailure {
            writer.fail(seq: request.seq, command: request.command, message: failure.message, detail: failure.detail,
                        showUser: failure.showUser)
        } catch {
            writer.fail(seq: request.seq, command: request.command, message: "Internal Error", detail: "\(error)")
        }
    }

    private func dispatch(_ request: DAPRequest) async throws {
        switch request.command {
        case "initialize": try initialize(request)
        case "launch": try await launch(request)
        case "attach": try await attach(request)
        case "configurationDone": try await configurationDone(request)
        case "disconnect": try await disconnect(request)
        case "terminate": try await terminate(request)
        case "pause": try await pause(request)
        case "threads": try await threads(request)
        case "setBreakpoints": try await whileHalted { try await self.setBreakpoints(request) }
        case "setFunctionBreakpoints": try await whileHalted { try await self.setFunctionBreakpoints(request) }
        case "setInstructionBreakpoints": try await whileHalted { try await self.setInstructionBreakpoints(request) }
        case "setDataBreakpoints": try await whileHalted { try await self.setDataBreakpoints(request) }
        case "setExceptionBreakpoints": try setExceptionBreakpoints(request)
        default:
            guard !programEnded else {
                throw DAPFailure("Unable to process '\(request.command)'", "the program has exited")
            }
            guard run == nil else {
                throw DAPFailure("Unable to process '\(request.command)'", "the program is running")
            }
            try await dispatchStopped(request)
        }
    }

    /// Requests that need the program stopped.
    private func dispatchStopped(_ request: DAPRequest) async throws {
        switch request.command {
        case "continue": try await resume(request, command: API.DebuggerCommand.continue)
        case "next": try await resume(request, command: API.DebuggerCommand.next)
        case "stepIn": try await resume(request, command: API.DebuggerCommand.step)
        case "stepOut": try await resume(request, command: API.DebuggerCommand.stepOut)
        case "stackTrace": try await stackTrace(request)
        case "scopes": try await scopes(request)
        case "variables": try await variables(request)
        case "evaluate": try await evaluate(request)
        case "setVariable": try await setVariable(request)
        case "readMemory": try await readMemory(request)
        case "writeMemory": try await writeMemory(request)
        case "disassemble": try await disassemble(request)
        case "loadedSources": try await loadedSources(request)
        case "modules": try await modules(request)
        case "exceptionInfo": try await exceptionInfo(request)
        case "breakpointLocations": try await breakpointLocations(request)
        case "dataBreakpointInfo": try await dataBreakpointInfo(request)
        case "setExpression": try await setExpression(request)
        case "restart": try await restart(request)
        case "completions": try await completions(request)
        case "source":
            // Every source dbg names has a path; there is nothing to fetch by reference.
            throw DAPFailure("Unable to find source", "dbg names every source by its path (no source references)")
        default:
            throw DAPFailure("Unsupported command", "cannot process '\(request.command)' request")
        }
    }

    func requireClient(_ action: String) throws(DAPFailure) -> any DebuggerClient {
        guard let client else { throw DAPFailure(action, "no program is being debugged: send launch or attach first") }
        return client
    }

    /// Ends the session once the reply has been sent.
    func markEnded() { ended = true }

    /// The client's id for dbg's breakpoint `id` (the same number until a restart).
    func clientBreakpointID(_ id: Int) -> Int {
        let all = sourceBreakpoints.values.flatMap { $0 } + functionBreakpoints + instructionBreakpoints + dataBreakpoints
        return all.first { $0.id == id }?.clientID ?? id
    }

    /// Whether the session has let its program go (detached or killed it).
    var endedDebugging: Bool { debuggee == nil && programEnded }

    /// What a lost client means for the program: a launched one is killed, an attached one
    /// left running (dlv dap's rule).
    var killsOnLoss: Bool { !(debuggee?.attached ?? false) }
}

/// A request that failed: `message` is the summary an editor shows, `detail` what went wrong.
struct DAPFailure: Error {
    let message: String
    let detail: String
    var showUser = false

    init(_ message: String, _ detail: String, showUser: Bool = false) {
        self.message = message
        self.detail = detail
        self.showUser = showUser
    }
}

/// Launch and attach settings that change later answers (dlv dap's names and defaults).
struct DAPSettings: Sendable {
    var stopOnEntry = false
    var stackTraceDepth = 50
    var showGlobalVariables = false
    var showRegisters = false
    var hideSystemGoroutines = false
    /// maxThreads: how many threads (goroutines) `threads` lists at most (the selected one is
    /// always among them); 1024 by default, as dlv dap.
    var maxThreads = 1024
    /// goroutineFilters: which goroutines `threads` lists (Delve's -with/-without flags).
    var goroutineFilters: [API.GoroutineFilter] = []
    /// substitutePath: (the client's prefix, the binary's prefix).
    var substitutePath: [(from: String, to: String)] = []
    /// outputMode "local": the program writes where dbg does, not to output events.
    var programOutputToClient = true
}

/// A frame the client may ask about: the thread (or goroutine) and the frame's index.
struct DAPFrameRef: Sendable {
    let thread: Int
    let index: Int
}

/// What a variables reference expands to.
enum DAPValueRef: Sendable {
    /// A scope of a frame: its locals (arguments first), the package's globals, or registers.
    /// `returned`: how many of them, first, are what a step out's function returned (no
    /// expression names them in the frame).
    case locals(DAPFrameRef, [API.Variable], returned: Int)
    case globals([API.Variable], package: String)
    case registers([API.Register])
    /// A value's children; `expression` evaluates to it in `frame` (for reloading children
    /// that were not loaded, and for the children's own evaluate names).
    case value(API.Variable, expression: String, frame: DAPFrameRef?)
}

/// One breakpoint the client set: dbg's id, and what the client asked for.
struct DAPBreakpointRecord: Sendable {
    /// The id the client knows (stable across a restart, which gives dbg's breakpoints new ones).
    var clientID: Int
    /// dbg's id.
    var id: Int
    let line: Int
    let name: String
    let condition: String
    let hitCondition: String
    /// A log point's message (`{expression}`s in it are evaluated at each pass); empty for a
    /// breakpoint that stops.
    var logMessage = ""
    /// A data breakpoint's access type (DAP's "read", "write", "readWrite"); empty for others.
    var access = ""
}
