import DbgFormat
import DbgService

extension DAPSession {
    /// The breakpoints of one source file, replacing the ones set there before: kept ones are
    /// amended (condition, hit condition), missing ones cleared, new ones created.
    func setBreakpoints(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set or clear breakpoints")
        guard let source = try request.arguments.object("source"), let path = try source.string("path"), !path.isEmpty else {
            throw DAPFailure("Unable to set or clear breakpoints", "empty file path")
        }
        var wanted: [DAPWantedBreakpoint] = []
        if let lines = try request.arguments.objects("breakpoints") {
            for item in lines {
                guard let line = try item.int("line") else { throw DAPArguments.WrongType(message: "each breakpoint needs a 'line'") }
                wanted.append(DAPWantedBreakpoint(
                    line: line, name: "", condition: try item.string("condition") ?? "",
                    hitCondition: try item.string("hitCondition") ?? "", logMessage: try item.string("logMessage") ?? ""))
            }
        } else if let lines = request.arguments.value["lines"]?.array {
            // The older form: line numbers only.
            for line in lines {
                guard let number = line.integer, let value = Int(exactly: number) else {
                    throw DAPArguments.WrongType(message: "'lines' must be an array of numbers")
                }
                wanted.append(DAPWantedBreakpoint(line: value, name: "", condition: "", hitCondition: "", logMessage: ""))
            }
        }
        let (records, replies) = await replace(sourceBreakpoints[path] ?? [], with: wanted, client: client) { item in
            API.Breakpoint(file: self.serverPath(path), line: item.line, cond: item.condition, hitCond: item.hitCondition,
                           tracepoint: !item.logMessage.isEmpty)
        }
        sourceBreakpoints[path] = records
        writer.respond(to: request, body: ["breakpoints": .array(replies)])
    }

    func setFunctionBreakpoints(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set or clear breakpoints")
        var wanted: [DAPWantedBreakpoint] = []
        for item in try request.arguments.objects("breakpoints") ?? [] {
            guard let name = try item.string("name"), !name.isEmpty else {
                throw DAPArguments.WrongType(message: "each function breakpoint needs a 'name'")
            }
            wanted.append(DAPWantedBreakpoint(line: 0, name: name, condition: try item.string("condition") ?? "",
                                              hitCondition: try item.string("hitCondition") ?? "", logMessage: ""))
        }
        let (records, replies) = await replace(functionBreakpoints, with: wanted, client: client) { item in
            API.Breakpoint(exprString: item.name, cond: item.condition, hitCond: item.hitCondition)
        }
        functionBreakpoints = records
        writer.respond(to: request, body: ["breakpoints": .array(replies)])
    }

    /// Breakpoints at instruction addresses (the disassembly view's), replacing the ones set
    /// before; `offset` bytes from `instructionReference`.
    func setInstructionBreakpoints(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set or clear breakpoints")
        var wanted: [DAPWantedBreakpoint] = []
        for item in try request.arguments.objects("breakpoints") ?? [] {
            guard let reference = try item.string("instructionReference"),
                  let address = Self.address(reference, offset: try item.int("offset") ?? 0)
            else {
                throw DAPArguments.WrongType(message: "each instruction breakpoint needs an 'instructionReference' such as 0x1234")
            }
            wanted.append(DAPWantedBreakpoint(line: 0, name: VariableFormatter.hex(address), condition: try item.string("condition") ?? "",
                                              hitCondition: try item.string("hitCondition") ?? "", logMessage: ""))
        }
        let (records, replies) = await replace(instructionBreakpoints, with: wanted, client: client) { item in
            API.Breakpoint(exprString: "*" + item.name, cond: item.condition, hitCond: item.hitCondition)
        }
        instructionBreakpoints = records
        writer.respond(to: request, body: ["breakpoints": .array(replies)])
    }

    /// The lines of `source` from `line` to `endLine` where a breakpoint would stop (a line
    /// with no code of its own moves a breakpoint to a later one: not listed).
    func breakpointLocations(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to find breakpoint locations")
        guard let source = try request.arguments.object("source"), let path = try source.string("path"), !path.isEmpty,
              let first = try request.arguments.int("line"), first > 0
        else { throw DAPArguments.WrongType(message: "'source.path' and 'line' are needed") }
        let last = max(first, try request.arguments.int("endLine") ?? first)
        guard last - first < 1000 else { throw DAPFailure("Unable to find breakpoint locations", "at most 1000 lines at a time") }
        var lines: [DAPValue] = []
        for line in first...last {
            guard let found = try? await client.findLocation(scope: API.EvalScope(), spec: "\(serverPath(path)):\(line)"),
                  found.contains(where: { $0.line == line })
            else { continue }
            lines.append(["line": .int(Int64(line))])
        }
        writer.respond(to: request, body: ["breakpoints": .array(lines)])
    }

    /// The common part of both: `wanted` in the client's order; a breakpoint already there
    /// (same line, or same function) is amended, others are created, and the rest cleared.
    private func replace(
        _ existing: [DAPBreakpointRecord], with wanted: [DAPWantedBreakpoint],
        client: any DebuggerClient, make: (DAPWantedBreakpoint) -> API.Breakpoint
    ) async -> ([DAPBreakpointRecord], [DAPValue]) {
        var unclaimed = existing
        var records: [DAPBreakpointRecord] = []
        var replies: [DAPValue] = []
        for item in wanted {
            if records.contains(where: { $0.line == item.line && $0.name == item.name }) {
                replies.append(["verified": false, "message": "breakpoint already exists"])
                continue
            }
            var breakpoint: API.Breakpoint
            var clientID: Int
            do throws(ServiceError) {
                if let index = unclaimed.firstIndex(where: { $0.line == item.line && $0.name == item.name }) {
                    let kept = unclaimed.remove(at: index)
                    clientID = kept.clientID
                    breakpoint = make(item)
                    breakpoint.id = kept.id
                    if kept.condition != item.condition || kept.hitCondition != item.hitCondition
                        || kept.logMessage.isEmpty != item.logMessage.isEmpty
                    {
                        try await client.amendBreakpoint(breakpoint)
                    }
                    breakpoint = try await client.listBreakpoints().first { $0.id == kept.id } ?? breakpoint
                } else {
                    breakpoint = try await create(make(item), client: client)
                    lastBreakpointID += 1
                    clientID = lastBreakpointID
                }
            } catch {
                replies.append(["verified": false, "message": .string(error.message)])
                continue
            }
            records.append(DAPBreakpointRecord(clientID: clientID, id: breakpoint.id, line: item.line, name: item.name,
                                               condition: item.condition, hitCondition: item.hitCondition, logMessage: item.logMessage))
            replies.append(reply(for: breakpoint, clientID: clientID))
            if Self.isPending(breakpoint) { pendingBreakpoints.insert(clientID) } else { pendingBreakpoints.remove(clientID) }
        }
        for stale in unclaimed { _ = try? await client.clearBreakpoint(id: stale.id) }
        return (records, replies)
    }

    /// Creates a breakpoint; one whose place is in no code loaded yet (a library the program
    /// will dlopen) is kept pending, to be set when that code loads, as LLDB's and gdb's
    /// adapters do (an editor's breakpoint is in a file the user has open: it is not a typo).
    /// Before the exec of a program started in the editor's terminal, every breakpoint waits
    /// for the program (the code there is the shell's).
    func create(_ breakpoint: API.Breakpoint, client: any DebuggerClient) async throws(ServiceError) -> API.Breakpoint {
        do {
            return try await client.createBreakpoint(breakpoint)
        } catch where error.kind == .notLoaded || error.kind == .notFound || terminalGo != nil {
            var pending = breakpoint
            pending.pending = true
            return try await client.createBreakpoint(pending)
        }
    }

    /// Tells the client that a pending breakpoint is set by now (its library loaded): a
    /// `breakpoint` event, verified, with the line it went to.
    func announceResolved(_ breakpoint: API.Breakpoint) {
        let records = sourceBreakpoints.values.flatMap { $0 } + functionBreakpoints + instructionBreakpoints
        guard !Self.isPending(breakpoint),
              let record = records.first(where: { $0.id == breakpoint.id && pendingBreakpoints.contains($0.clientID) })
        else { return }
        pendingBreakpoints.remove(record.clientID)
        writer.event("breakpoint", body: ["reason": "changed", "breakpoint": reply(for: breakpoint, clientID: record.clientID)])
    }

    /// A breakpoint set nowhere yet: its code is not loaded.
    static func isPending(_ breakpoint: API.Breakpoint) -> Bool { breakpoint.addrs.isEmpty && breakpoint.addr == 0 }

    private func reply(for breakpoint: API.Breakpoint, clientID: Int) -> DAPValue {
        var body: [String: DAPValue] = ["id": .int(Int64(clientID)), "verified": .bool(!Self.isPending(breakpoint))]
        if breakpoint.line > 0 { body["line"] = .int(Int64(breakpoint.line)) }
        if !breakpoint.file.isEmpty { body["source"] = source(breakpoint.file) }
        if Self.isPending(breakpoint) { body["message"] = "pending: not in the code loaded so far (set when a library that has it loads)" }
        return .object(body)
    }

    /// A source as the client names it (after substitutePath's rules, server to client).
    func source(_ path: String) -> DAPValue {
        let shown = clientPath(path)
        let name = shown.split(separator: "/").last.map(String.init) ?? shown
        return ["name": .string(name), "path": .string(shown)]
    }

    /// substitutePath: the client's paths to the debugged binary's, and back; the first rule
    /// whose prefix matches applies.
    func serverPath(_ path: String) -> String { Self.substitute(path, settings.substitutePath) }
    func clientPath(_ path: String) -> String { Self.substitute(path, settings.substitutePath.map { ($0.to, $0.from) }) }

    static func substitute(_ path: String, _ rules: [(from: String, to: String)]) -> String {
        for rule in rules where !rule.from.isEmpty && path.hasPrefix(rule.from) {
            let rest = path.dropFirst(rule.from.count)
            guard rest.isEmpty || rest.hasPrefix("/") || rule.from.hasSuffix("/") else { continue }
            return rule.to + rest
        }
        return path
    }
}

/// A breakpoint as a setBreakpoints or setFunctionBreakpoints request asks for it.
struct DAPWantedBreakpoint: Sendable {
    let line: Int
    let name: String
    let condition: String
    let hitCondition: String
    let logMessage: String
}
