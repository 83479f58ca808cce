/// Everything a front end (the REPL, the JSON-RPC server's sessions) asks of a debugger.
///
/// The REPL talks to the debugger only through this protocol: in-process (the service
/// itself) or over JSON-RPC (`dbg connect`), so both are the same code and the API cannot
/// fall behind the REPL. Methods mirror Delve's RPCServer methods; errors are one-line
/// `ServiceError`s.
public protocol DebuggerClient: Sendable {
    /// The state now; with `nonBlocking` it answers at once even while the program runs.
    func state(nonBlocking: Bool) async throws(ServiceError) -> API.DebuggerState
    /// continue, next, step, stepOut, stepInstruction, nextInstruction, switchThread,
    /// switchGoroutine, halt. Returns when the program stops again (or exits).
    func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState
    func restart() async throws(ServiceError)
    /// Ends the session: a launched program is killed, an attached one detached unless `kill`.
    func detach(kill: Bool) async throws(ServiceError)

    func createBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) -> API.Breakpoint
    func listBreakpoints() async throws(ServiceError) -> [API.Breakpoint]
    /// Delve's CreateWatchpoint: a watchpoint on what `expression` names, evaluated in `scope`;
    /// `type` is API.WatchType's bits.
    func createWatchpoint(scope: API.EvalScope, expression: String, type: Int) async throws(ServiceError) -> API.Breakpoint
    /// Not in Delve's API: where a watchpoint on `expression` would watch (an editor asks before
    /// it offers a data breakpoint), or, thrown, why it cannot.
    func watchLocation(scope: API.EvalScope, expression: String) async throws(ServiceError) -> API.WatchLocation
    func clearBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint
    func toggleBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint
    /// Replaces a breakpoint's condition, hit condition, name, tracepoint flag and variables.
    func amendBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError)

    func findLocation(scope: API.EvalScope, spec: String) async throws(ServiceError) -> [API.Location]
    /// How a source path of the debugged binaries is shown when not by Delve's rule: a C
    /// file as gdb names it (`c/hello.c`); nil for Go's files, and from a remote debugger.
    func shownSourcePath(_ path: String) -> String?
    /// The addresses of the RET instructions of a function: where return tracepoints go.
    func functionReturnLocations(functionName: String) async throws(ServiceError) -> [UInt64]
    func listThreads() async throws(ServiceError) -> [API.Thread]
    /// One page of the program's goroutines: from index `start`, at most `count` (0: no limit),
    /// those every filter keeps; grouped when `grouping.groupBy` is not `.none`. A program
    /// that is not Go has none.
    /// `scope`: where a channel filter's expression is evaluated.
    func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping,
                        scope: API.EvalScope?) async throws(ServiceError) -> API.GoroutineList
    /// `defers`: each frame with its pending deferred calls (Go).
    func stacktrace(goroutineID: Int64, depth: Int, full: Bool, defers: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    func listLocalVars(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable]
    func listFunctionArgs(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable]
    func eval(scope: API.EvalScope, expression: String, config: API.LoadConfig) async throws(ServiceError) -> API.Variable
    func set(scope: API.EvalScope, symbol: String, value: String) async throws(ServiceError)

    func listFunctions(filter: String) async throws(ServiceError) -> [String]
    func listSources(filter: String) async throws(ServiceError) -> [String]

    /// The registers of the scope's frame, in Delve's order (rip, rsp, rax, rbx, rcx, rdx, then
    /// by DWARF number); the x87/SSE ones too with `includeFloatingPoint`. A caller's frame
    /// has only the registers the unwinder recovered.
    func listRegisters(scope: API.EvalScope, includeFloatingPoint: Bool) async throws(ServiceError) -> [API.Register]
    /// `length` bytes of the program's memory at `address` (at most 1 MiB per request).
    func examineMemory(address: UInt64, length: Int) async throws(ServiceError) -> [UInt8]
    /// Writes `bytes` at `address` (at most 1 MiB per request). Not in Delve's API: over
    /// JSON-RPC it is refused.
    func writeMemory(address: UInt64, bytes: [UInt8]) async throws(ServiceError)
    /// The instructions in `[start, end)`, or of the function holding `start` when `end` is 0.
    /// `flavor`: "gnu" (AT&T, also the default for "") or "intel".
    func disassemble(scope: API.EvalScope, start: UInt64, end: UInt64, flavor: String)
        async throws(ServiceError) -> [API.AsmInstruction]
    /// Type names (`struct node`, `main.T`) matching the regular expression, sorted.
    func listTypes(filter: String) async throws(ServiceError) -> [String]
    /// Global and package variables whose names match the regular expression, with values.
    func listPackageVars(filter: String, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable]
    /// The shared libraries loaded in the program (the executable is not one).
    func listDynamicLibraries() async throws(ServiceError) -> [API.Image]
    /// Writes a core file of the stopped program at `path` (Delve's `dump`); returns when it
    /// is written.
    func dumpCore(to path: String) async throws(ServiceError) -> API.DumpState

    /// What happens from now on (stops, breakpoint changes, the exit), in order: each access
    /// is a new stream of its own. A client that cannot tell (over Delve's JSON-RPC, which
    /// has no notifications) gives a stream that ends at once.
    var events: AsyncStream<API.Event> { get }
}

extension DebuggerClient {
    public func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping)
        async throws(ServiceError) -> API.GoroutineList
    {
        try await listGoroutines(start: start, count: count, filters: filters, grouping: grouping, scope: nil)
    }

    public func stacktrace(goroutineID: Int64, depth: Int, full: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    {
        try await stacktrace(goroutineID: goroutineID, depth: depth, full: full, defers: false, config: config)
    }

    public func shownSourcePath(_ path: String) -> String? { nil }

    public func writeMemory(address: UInt64, bytes: [UInt8]) async throws(ServiceError) {
        throw ServiceError("writing memory is not part of Delve's API", kind: .unsupported)
    }

    public func createWatchpoint(scope: API.EvalScope, expression: String, type: Int) async throws(ServiceError) -> API.Breakpoint {
        throw ServiceError("watchpoints are not supported by this client yet", kind: .unsupported)
    }

    public func watchLocation(scope: API.EvalScope, expression: String) async throws(ServiceError) -> API.WatchLocation {
        throw ServiceError("where a watchpoint would watch is not part of Delve's API", kind: .unsupported)
    }

    public func dumpCore(to path: String) async throws(ServiceError) -> API.DumpState {
        throw ServiceError("core dumps are not supported by this client yet", kind: .unsupported)
    }

    public var events: AsyncStream<API.Event> { AsyncStream { $0.finish() } }
}
