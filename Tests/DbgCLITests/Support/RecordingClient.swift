import DbgService
@testable import DbgCLI

/// A DebuggerClient that records the calls the REPL makes and answers from canned
/// values. It tests the REPL's dispatch and printing only: it is not a debugger, and
/// nothing here claims end-to-end behaviour (that comes with the engine).
final class RecordingClient: DebuggerClient, @unchecked Sendable {
    private let lock = Lock()
    private var _calls: [String] = []

    // Canned answers (set by tests before running the REPL).
    var states: [API.DebuggerState] = []
    var defaultState = API.DebuggerState(pid: 42)
    var breakpoints: [API.Breakpoint] = []
    var locations: [String: [API.Location]] = [:]
    var threads: [API.Thread] = []
    var stack: [API.Stackframe] = []
    var locals: [API.Variable] = []
    var arguments: [API.Variable] = []
    var values: [String: API.Variable] = [:]
    var functions: [String] = []
    var sources: [String] = []
    var failures: [String: ServiceError] = [:]
    var registers: [API.Register] = []
    var memory: [UInt64: [UInt8]] = [:]
    var instructions: [API.AsmInstruction] = []
    var types: [String] = []
    var packageVariables: [API.Variable] = []
    var libraries: [API.Image] = []

    var calls: [String] { lock.withLock { _calls } }

    private func record(_ call: String) throws(ServiceError) {
        lock.withLock { _calls.append(call) }
        let name = String(call.prefix { $0 != "(" })
        if let failure = lock.withLock({ failures[name] }) { throw failure }
    }

    private func nextState() -> API.DebuggerState {
        lock.withLock { states.isEmpty ? defaultState : states.removeFirst() }
    }

    private static func scope(_ scope: API.EvalScope) -> String { "g\(scope.goroutineID) f\(scope.frame)" }

    func state(nonBlocking: Bool) async throws(ServiceError) -> API.DebuggerState {
        try record("state")
        return lock.withLock { defaultState }
    }

    func command(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        var text = "command(\(command.name)"
        if let goroutine = command.goroutineID { text += " g\(goroutine)" }
        if let thread = command.threadID { text += " t\(thread)" }
        try record(text + ")")
        return nextState()
    }

    func restart() async throws(ServiceError) { try record("restart") }

    func detach(kill: Bool) async throws(ServiceError) { try record("detach(kill: \(kill))") }

    func createBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) -> API.Breakpoint {
        try record("createBreakpoint(\(breakpoint.exprString) name=\(breakpoint.name) cond=\(breakpoint.cond) trace=\(breakpoint.tracepoint))")
        return lock.withLock {
            var created = breakpoint
            created.id = (breakpoints.map(\.id).max() ?? 0) + 1
            breakpoints.append(created)
            return created
        }
    }

    func listBreakpoints() async throws(ServiceError) -> [API.Breakpoint] {
        try record("listBreakpoints")
        return lock.withLock { breakpoints }
    }

    func clearBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        try record("clearBreakpoint(\(id))")
        return try lock.withLock { () throws(ServiceError) -> API.Breakpoint in
            guard let index = breakpoints.firstIndex(where: { $0.id == id }) else { throw ServiceError("no breakpoint with id \(id)") }
            return breakpoints.remove(at: index)
        }
    }

    func toggleBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        try record("toggleBreakpoint(\(id))")
        return try lock.withLock { () throws(ServiceError) -> API.Breakpoint in
            guard let index = breakpoints.firstIndex(where: { $0.id == id }) else { throw ServiceError("no breakpoint with id \(id)") }
            breakpoints[index].disabled.toggle()
            return breakpoints[index]
        }
    }

    func amendBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) {
        try record("amendBreakpoint(\(breakpoint.id) cond=\(breakpoint.cond) hitCond=\(breakpoint.hitCond) perG=\(breakpoint.hitCondPerG) vars=\(breakpoint.variables ?? []) stack=\(breakpoint.stacktrace) trace=\(breakpoint.tracepoint))")
        lock.withLock {
            if let index = breakpoints.firstIndex(where: { $0.id == breakpoint.id }) { breakpoints[index] = breakpoint }
        }
    }

    func findLocation(scope: API.EvalScope, spec: String) async throws(ServiceError) -> [API.Location] {
        try record("findLocation(\(spec))")
        guard let found = lock.withLock({ locations[spec] }) else { throw ServiceError("location \"\(spec)\" not found") }
        return found
    }

    func listThreads() async throws(ServiceError) -> [API.Thread] {
        try record("listThreads")
        return lock.withLock { threads }
    }

    func functionReturnLocations(functionName: String) async throws(ServiceError) -> [UInt64] {
        try record("functionReturnLocations(\(functionName))")
        return []
    }

    func listGoroutines(start: Int, count: Int, filters: [API.GoroutineFilter], grouping: API.GoroutineGrouping,
                        scope: API.EvalScope?) async throws(ServiceError) -> API.GoroutineList
    {
        try record("listGoroutines(\(start), \(count))")
        return API.GoroutineList(goroutines: [], nextStart: -1)
    }

    func stacktrace(goroutineID: Int64, depth: Int, full: Bool, defers: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    {
        try record("stacktrace(g\(goroutineID) depth \(depth) full \(full))")
        return lock.withLock { Array(stack.prefix(depth + 1)) }
    }

    func listLocalVars(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try record("listLocalVars(\(Self.scope(scope)))")
        return lock.withLock { locals }
    }

    func listFunctionArgs(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try record("listFunctionArgs(\(Self.scope(scope)))")
        return lock.withLock { arguments }
    }

    func eval(scope: API.EvalScope, expression: String, config: API.LoadConfig) async throws(ServiceError) -> API.Variable {
        try record("eval(\(Self.scope(scope)) \(expression))")
        guard let value = lock.withLock({ values[expression] }) else { throw ServiceError("could not find symbol value for \(expression)") }
        return value
    }

    func set(scope: API.EvalScope, symbol: String, value: String) async throws(ServiceError) {
        try record("set(\(Self.scope(scope)) \(symbol) = \(value))")
    }

    func listFunctions(filter: String) async throws(ServiceError) -> [String] {
        try record("listFunctions(\(filter))")
        return lock.withLock { functions }
    }

    func listSources(filter: String) async throws(ServiceError) -> [String] {
        try record("listSources(\(filter))")
        return lock.withLock { sources }
    }

    func listRegisters(scope: API.EvalScope, includeFloatingPoint: Bool) async throws(ServiceError) -> [API.Register] {
        try record("listRegisters(\(Self.scope(scope)) fp \(includeFloatingPoint))")
        return lock.withLock { registers }
    }

    func examineMemory(address: UInt64, length: Int) async throws(ServiceError) -> [UInt8] {
        try record("examineMemory(0x\(String(address, radix: 16)) \(length))")
        guard let bytes = lock.withLock({ memory[address] }), bytes.count >= length else {
            throw ServiceError("cannot read \(length) bytes at 0x\(String(address, radix: 16))")
        }
        return Array(bytes.prefix(length))
    }

    func disassemble(scope: API.EvalScope, start: UInt64, end: UInt64, flavor: String) async throws(ServiceError) -> [API.AsmInstruction] {
        try record("disassemble(0x\(String(start, radix: 16)) 0x\(String(end, radix: 16)) \(flavor))")
        return lock.withLock { instructions }
    }

    func listTypes(filter: String) async throws(ServiceError) -> [String] {
        try record("listTypes(\(filter))")
        return lock.withLock { types }
    }

    func listPackageVars(filter: String, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try record("listPackageVars(\(filter))")
        return lock.withLock { packageVariables }
    }

    func listDynamicLibraries() async throws(ServiceError) -> [API.Image] {
        try record("listDynamicLibraries")
        return lock.withLock { libraries }
    }
}
