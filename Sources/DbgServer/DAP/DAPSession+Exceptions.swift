import DbgFormat
import DbgService

extension DAPSession {
    /// The kinds of exception a stop can be, which the client may choose not to stop at.
    static let exceptionFilters: [(id: String, label: String)] = [
        ("panic", "Unrecovered panics (Go)"), ("fatal error", "Fatal errors (Go)"), ("signal", "Signals"),
    ]

    /// The exception filters the client wants to stop at (all of them until it says).
    func setExceptionBreakpoints(_ request: DAPRequest) throws {
        let filters = try request.arguments.strings("filters") ?? []
        let known = Set(Self.exceptionFilters.map(\.id))
        if let unknown = filters.first(where: { !known.contains($0) }) {
            throw DAPFailure("Unable to set exception breakpoints", "no filter '\(unknown)' (dbg has \(known.sorted().joined(separator: ", ")))")
        }
        stoppingExceptions = Set(filters)
        writer.respond(to: request)
    }

    /// The filter a stop falls under, if it is an exception.
    static func exceptionFilter(of state: API.DebuggerState) -> String? {
        if let breakpoint = state.currentThread?.breakpoint, breakpoint.id < 0 {
            return breakpoint.name == "unrecovered-panic" ? "panic" : "fatal error"
        }
        if case .signal? = state.reason { return "signal" }
        return nil
    }

    /// What stopped the program as an exception: a Go panic (its value) or fatal error, or a
    /// signal; with the stack where it happened.
    func exceptionInfo(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to get exception info")
        guard let stop = lastStop, let kind = Self.exceptionKind(stop) else {
            throw DAPFailure("Unable to get exception info", "the program did not stop for an exception")
        }
        let thread = try request.arguments.int("threadId") ?? selectedThread ?? -1
        var body: [String: DAPValue] = ["exceptionId": .string(kind.id), "breakMode": "unhandled"]
        switch kind.id {
        case "panic":
            let scope = API.EvalScope(goroutineID: usesGoroutines ? Int64(thread) : -1, frame: 0)
            if let reason = await panicValue(goroutine: scope.goroutineID, client: client) { body["description"] = .string(reason) }
        default:
            body["description"] = .string(kind.description)
        }
        if let frames = try? await stack(of: thread, depth: settings.stackTraceDepth, client: client) {
            // As dlv dap: the runtime's own frames left out of a user goroutine's stack.
            let user = frames.contains { !($0.location.function?.name ?? "").hasPrefix("runtime.") }
            var text = "Stack:\n"
            for (index, frame) in frames.enumerated() {
                let name = frame.location.function?.name ?? "???"
                if user && usesGoroutines && name.hasPrefix("runtime.") { continue }
                let pc = String(frame.location.pc, radix: 16)
                text += "\t\(index)  0x\(String(repeating: "0", count: max(0, 16 - pc.count)))\(pc) in \(name)\n"
                text += "\t    at \(frame.location.file):\(frame.location.line)\n"
            }
            body["details"] = ["stackTrace": .string(text)]
        }
        writer.respond(to: request, body: .object(body))
    }

    /// A panic's value, its dynamic value shown (`"overdrawn by 1"`, not the interface around it).
    func panicValue(goroutine: Int64, client: any DebuggerClient) async -> String? {
        let scope = API.EvalScope(goroutineID: goroutine, frame: 0)
        guard let value = try? await client.eval(scope: scope, expression: "runtime.curg._panic.arg", config: DAPVariables.loadConfig)
        else { return nil }
        if value.variableKind == .interface, let data = value.children.first { return DAPVariables.text(data).value }
        return DAPVariables.text(value).value
    }

    /// The exception a stop was, if it was one: Go's runtime breakpoints or a signal.
    static func exceptionKind(_ state: API.DebuggerState) -> (id: String, description: String)? {
        if let breakpoint = state.currentThread?.breakpoint, breakpoint.id < 0 {
            return breakpoint.name == "unrecovered-panic" ? ("panic", "panic") : ("fatal error", "fatal error")
        }
        if case .signal(let name, _, let text)? = state.reason { return (name, text) }
        return nil
    }
}
