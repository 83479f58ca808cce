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
    func clearBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint
    func toggleBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint
    /// Replaces a breakpoint's condition, hit condition, name, tracepoint flag and variables.
    func amendBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError)

    func findLocation(scope: API.EvalScope, spec: String) async throws(ServiceError) -> [API.Location]
    func listThreads() async throws(ServiceError) -> [API.Thread]
    func stacktrace(goroutineID: Int64, depth: Int, full: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    func listLocalVars(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable]
    func listFunctionArgs(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable]
    func eval(scope: API.EvalScope, expression: String, config: API.LoadConfig) async throws(ServiceError) -> API.Variable
    func set(scope: API.EvalScope, symbol: String, value: String) async throws(ServiceError)

    func listFunctions(filter: String) async throws(ServiceError) -> [String]
    func listSources(filter: String) async throws(ServiceError) -> [String]
}
