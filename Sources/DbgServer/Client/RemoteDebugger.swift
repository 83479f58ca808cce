import DbgService
import Synchronization

/// A `DebuggerClient` over Delve's JSON-RPC API v2: what `dbg connect` gives the REPL, so
/// the REPL drives a headless dbg (or Delve) exactly as it drives the local engine.
public final class RemoteDebugger: DebuggerClient {
    private let connection: RPCClientConnection
    private typealias A = RPCArguments
    private typealias R = RPCReplies

    /// How the server shows the source paths it sent (nil: Delve's rule), asked for as
    /// they arrive so that `shownSourcePath` answers at once; Delve's server has no such
    /// method, and is then not asked again.
    private struct ShownPaths {
        var known: [String: String?] = [:]
        var serverKnowsThem = true
    }
    private let shownPaths = Mutex(ShownPaths())

    public func shownSourcePath(_ path: String) -> String? {
        shownPaths.withLock { $0.known[path] ?? nil }
    }

    /// Learns how the server shows `paths` not seen yet; returns `value`.
    private func learningPaths<T>(_ paths: [String], of value: T) async -> T {
        let unknown = shownPaths.withLock { state in
            state.serverKnowsThem ? Array(Set(paths.filter { !$0.isEmpty && state.known[$0] == nil })) : []
        }
        guard !unknown.isEmpty else { return value }
        let reply = try? await connection.call("ShownSourcePaths", A.ShownSourcePaths(Paths: unknown), R.ShownSourcePaths.self)
        shownPaths.withLock { state in
            guard let reply else {
                state.serverKnowsThem = false
                return
            }
            for path in unknown { state.known[path] = .some(reply.Shown[path]) }
        }
        return value
    }

    private func paths(of state: API.DebuggerState) -> [String] {
        (state.currentThread.map { [$0.file] } ?? []) + state.threads.map(\.file)
    }

    /// Connects and agrees on API version 2.
    public init(address: ListenAddress) async throws(ServiceError) {
        connection = try RPCClientConnection(connectingTo: address)
        _ = try await connection.call("SetApiVersion", A.SetAPIVersion(APIVersion: 2), R.Empty.self)
    }

    public func close() {
        connection.close()
    }

    public func state(nonBlocking: Bool) async throws(ServiceError) -> API.DebuggerState {
        let state = try await connection.call("State", A.State(NonBlocking: nonBlocking), R.State.self).State
        return await learningPaths(paths(of: state), of: state)
    }

    /// A continue that passes tracepoints comes back once per pass (Delve's protocol); the
    /// passes are gathered into the final state, as the local debugger reports them, or
    /// with `returnAtTracepoints` handed back one at a time.
    public func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        var passes: [API.TracepointHit] = []
        while true {
            var state = try await connection.call("Command", command, R.State.self).State
            if command.name == API.DebuggerCommand.continue, !state.exited, let pass = TracepointStates.hit(in: state) {
                if command.returnAtTracepoints == true {
                    state.tracepointHits = [pass]
                    state.atTracepoint = true
                    return await learningPaths(paths(of: state), of: state)
                }
                passes.append(pass)
                continue
            }
            let all = passes + (state.tracepointHits ?? [])
            state.tracepointHits = all.isEmpty ? nil : all
            return await learningPaths(paths(of: state), of: state)
        }
    }

    public func restart() async throws(ServiceError) {
        _ = try await connection.call("Restart", A.Restart(), R.Restart.self)
    }

    public func detach(kill: Bool) async throws(ServiceError) {
        _ = try await connection.call("Detach", A.Detach(Kill: kill), R.Empty.self)
        connection.close()
    }

    public func createBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) -> API.Breakpoint {
        let arguments = A.CreateBreakpoint(Breakpoint: breakpoint, LocExpr: breakpoint.exprString, Suspended: breakpoint.pending)
        let created = try await connection.call("CreateBreakpoint", arguments, R.Breakpoint.self).Breakpoint
        return await learningPaths([created.file], of: created)
    }

    /// Delve's reply is the breakpoint itself, not wrapped as CreateBreakpoint's.
    public func createWatchpoint(scope: API.EvalScope, expression: String, type: Int) async throws(ServiceError) -> API.Breakpoint {
        let arguments = A.CreateWatchpoint(Scope: scope, Expr: expression, Type: type)
        return try await connection.call("CreateWatchpoint", arguments, API.Breakpoint.self)
    }

    public func listBreakpoints() async throws(ServiceError) -> [API.Breakpoint] {
        let breakpoints = try await connection.call("ListBreakpoints", A.ListBreakpoints(All: false), R.Breakpoints.self).Breakpoints
        return await learningPaths(breakpoints.map(\.file), of: breakpoints)
    }

    public func clearBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        let cleared = try await connection.call("ClearBreakpoint", A.BreakpointReference(Id: id), R.Breakpoint.self).Breakpoint
        return await learningPaths([cleared.file], of: cleared)
    }

    public func toggleBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        let toggled = try await connection.call("ToggleBreakpoint", A.BreakpointReference(Id: id), R.Breakpoint.self).Breakpoint
        return await learningPaths([toggled.file], of: toggled)
    }

    public func amendBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) {
        _ = try await connection.call("AmendBreakpoint", A.AmendBreakpoint(Breakpoint: breakpoint), R.Empty.self)
    }

    public func findLocation(scope: API.EvalScope, spec: String) async throws(ServiceError) -> [API.Location] {
        let arguments = A.FindLocation(Scope: scope, Loc: spec, IncludeNonExecutableLines: false)
        let locations = try await connection.call("FindLocation", arguments, R.Locations.self).Locations
        return await learningPaths(locations.map(\.file), of: locations)
    }

    public func listThreads() async throws(ServiceError) -> [API.Thread] {
        let threads = try await connection.call("ListThreads", A.None(), R.Threads.self).Threads
        return await learningPaths(threads.map(\.file), of: threads)
    }

    public func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping,
                               scope: API.EvalScope?) async throws(ServiceError) -> API.GoroutineList
    {
        let arguments = A.ListGoroutines(
            Start: start, Count: count, Filters: filters, GroupBy: grouping.groupBy, GroupByKey: grouping.groupByKey,
            MaxGroupMembers: grouping.maxGroupMembers, MaxGroups: grouping.maxGroups, EvalScope: scope)
        return try await connection.call("ListGoroutines", arguments, API.GoroutineList.self)
    }

    public func stacktrace(goroutineID: Int64, depth: Int, full: Bool, defers: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    {
        // Delve's StacktraceReadDefers option is bit 0 of Opts.
        let arguments = A.Stacktrace(Id: goroutineID, Depth: depth, Full: full, Defers: defers, Opts: defers ? 1 : 0, Cfg: config)
        let frames = try await connection.call("Stacktrace", arguments, R.Stack.self).Locations
        return await learningPaths(frames.map(\.location.file), of: frames)
    }

    public func listLocalVars(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try await connection.call("ListLocalVars", A.ScopedLoad(Scope: scope, Cfg: config), R.Variables.self).Variables
    }

    public func listFunctionArgs(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try await connection.call("ListFunctionArgs", A.ScopedLoad(Scope: scope, Cfg: config), R.Arguments.self).Args
    }

    public func eval(scope: API.EvalScope, expression: String, config: API.LoadConfig) async throws(ServiceError) -> API.Variable {
        try await connection.call("Eval", A.Eval(Scope: scope, Expr: expression, Cfg: config), R.Variable.self).Variable
    }

    public func set(scope: API.EvalScope, symbol: String, value: String) async throws(ServiceError) {
        _ = try await connection.call("Set", A.Set(Scope: scope, Symbol: symbol, Value: value), R.Empty.self)
    }

    public func listFunctions(filter: String) async throws(ServiceError) -> [String] {
        try await connection.call("ListFunctions", A.Filter(Filter: filter), R.Functions.self).Funcs
    }

    public func listSources(filter: String) async throws(ServiceError) -> [String] {
        try await connection.call("ListSources", A.Filter(Filter: filter), R.Sources.self).Sources
    }

    public func listRegisters(scope: API.EvalScope, includeFloatingPoint: Bool) async throws(ServiceError) -> [API.Register] {
        let arguments = A.ListRegisters(ThreadID: 0, IncludeFp: includeFloatingPoint, Scope: scope)
        return try await connection.call("ListRegisters", arguments, R.Registers.self).Regs
    }

    public func examineMemory(address: UInt64, length: Int) async throws(ServiceError) -> [UInt8] {
        let reply = try await connection.call("ExamineMemory", A.ExamineMemory(Address: address, Length: length), R.Memory.self)
        guard let bytes = Base64.decode(reply.Mem) else { throw ServiceError("the server's memory bytes are not base64") }
        return bytes
    }

    public func disassemble(scope: API.EvalScope, start: UInt64, end: UInt64, flavor: String)
        async throws(ServiceError) -> [API.AsmInstruction]
    {
        let arguments = A.Disassemble(Scope: scope, StartPC: start, EndPC: end, Flavour: flavor == "intel" ? 1 : 0)
        let instructions = try await connection.call("Disassemble", arguments, R.Disassembly.self).Disassemble
        return await learningPaths(instructions.map(\.loc.file), of: instructions)
    }

    public func listTypes(filter: String) async throws(ServiceError) -> [String] {
        try await connection.call("ListTypes", A.Filter(Filter: filter), R.Types.self).Types
    }

    public func listPackageVars(filter: String, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try await connection.call("ListPackageVars", A.ListPackageVars(Filter: filter, Cfg: config), R.Variables.self).Variables
    }

    public func functionReturnLocations(functionName: String) async throws(ServiceError) -> [UInt64] {
        try await connection.call(
            "FunctionReturnLocations", A.FunctionReturnLocations(FnName: functionName), R.ReturnLocations.self).Addrs
    }

    public func listDynamicLibraries() async throws(ServiceError) -> [API.Image] {
        try await connection.call("ListDynamicLibraries", A.None(), R.Libraries.self).List
    }

    /// Delve dumps in the background: its progress is waited for, a second at a time, for at
    /// most an hour.
    public func dumpCore(to path: String) async throws(ServiceError) -> API.DumpState {
        var state = try await connection.call("DumpStart", A.DumpStart(Destination: path), R.Dump.self).State
        for _ in 0..<3600 where state.dumping {
            state = try await connection.call("DumpWait", A.DumpWait(Wait: 1000), R.Dump.self).State
        }
        if !state.error.isEmpty { throw ServiceError("error dumping: " + state.error) }
        if state.dumping { throw ServiceError("the core dump did not end within an hour", kind: .failed) }
        return state
    }
}
