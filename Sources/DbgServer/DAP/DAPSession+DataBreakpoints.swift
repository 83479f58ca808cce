import DbgFormat
import DbgService

/// Data breakpoints: the hardware watchpoints an editor sets on a variable (the Variables
/// view's "Break on Value Change") or an expression. dataBreakpointInfo says whether one can
/// be set and names it (a `DAPDataID`); setDataBreakpoints replaces the whole set; a hit stops
/// with reason "data breakpoint" (DAPSession+Execution).
extension DAPSession {
    /// Can be watched: a dataId, a description, the access types. Cannot: `dataId: null` and
    /// why, which DAP answers as a success (the editor then offers nothing).
    func dataBreakpointInfo(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to get data breakpoint info")
        guard let name = try request.arguments.string("name"), !name.isEmpty else {
            throw DAPArguments.WrongType(message: "'name' is missing: the variable's or the expression's")
        }
        let expression: String, frame: DAPFrameRef?
        do {
            (expression, frame) = try dataExpression(named: name, arguments: request.arguments)
        } catch let refusal as DataBreakpointRefusal {
            writer.respond(to: request, body: ["dataId": .null, "description": .string(refusal.reason)])
            return
        }
        do {
            var scope = API.EvalScope()
            if let frame { scope = try await evalScope(frame, client: client) }
            let location = try await client.watchLocation(scope: scope, expression: expression)
            let id = DAPDataID(address: location.address, size: location.size, frame: frame, expression: expression)
            writer.respond(to: request, body: [
                "dataId": .string(id.text),
                "description": .string("\(expression) (\(location.size) bytes at \(VariableFormatter.hex(location.address)))"),
                "accessTypes": ["read", "write", "readWrite"],
                // Without a frame the dataId means the same in a later session.
                "canPersist": .bool(frame == nil),
            ])
        } catch let failure as DAPFailure {
            writer.respond(to: request, body: ["dataId": .null, "description": .string(failure.detail)])
        } catch let error as ServiceError {
            writer.respond(to: request, body: ["dataId": .null, "description": .string(error.message)])
        }
    }

    /// The expression (and the frame it needs) that names `name`: a child of a variables
    /// reference, else an expression in the frame the client gives (the stopped thread's top
    /// frame when it gives none).
    private func dataExpression(named name: String, arguments: DAPArguments) throws -> (String, DAPFrameRef?) {
        if try arguments.bool("asAddress") == true {
            throw DataBreakpointRefusal("dbg watches what an expression names: not an address (asAddress) yet")
        }
        guard let reference = try arguments.int("variablesReference"), reference != 0 else {
            if let id = try arguments.int("frameId") {
                guard let frame = frames.get(id) else { throw DAPFailure("Unable to get data breakpoint info", "unknown frame id \(id)") }
                return (name, frame)
            }
            guard let thread = selectedThread else { throw DataBreakpointRefusal("the program has not stopped yet") }
            return (name, DAPFrameRef(thread: thread, index: 0))
        }
        guard let scope = values.get(reference) else {
            throw DAPFailure("Unable to get data breakpoint info", "unknown variables reference \(reference)")
        }
        switch scope {
        case .locals(let frame, let locals, let returned):
            guard let index = locals.indices.first(where: { DAPVariables.displayName(locals[$0]) == name }) else {
                throw DataBreakpointRefusal("no variable \(name) in this scope")
            }
            guard index >= returned else { throw DataBreakpointRefusal("\(name) is a returned value: no variable holds it") }
            return (locals[index].name, frame)
        case .globals(let globals, let package):
            guard globals.contains(where: { $0.name == name }) else { throw DataBreakpointRefusal("no variable \(name) in this scope") }
            // Delve's way to name a package whose path has slashes: quoted.
            return ((package.contains("/") ? "\"\(package)\"" : package) + "." + name, nil)
        case .registers:
            throw DataBreakpointRefusal("a register has no address to watch")
        case .value(let parent, let expression, let frame):
            let child = children(of: parent, expression: expression, frame: frame, filter: nil).first { $0["name"]?.string == name }
            guard let child else { throw DataBreakpointRefusal("no variable \(name) in this scope") }
            guard let named = child["evaluateName"]?.string, !named.isEmpty else {
                throw DataBreakpointRefusal("no expression names \(name): it cannot be watched")
            }
            return (named, frame)
        }
    }

    /// The client's data breakpoints, replacing the ones set before: kept ones (same dataId
    /// and access type) are amended, the others cleared first (freeing their debug registers
    /// for the new ones), new ones created in the client's order.
    func setDataBreakpoints(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set or clear data breakpoints")
        var wanted: [DAPBreakpointRecord] = []
        for item in try request.arguments.objects("breakpoints") ?? [] {
            guard let dataId = try item.string("dataId"), !dataId.isEmpty else {
                throw DAPArguments.WrongType(message: "each data breakpoint needs a 'dataId' (from dataBreakpointInfo)")
            }
            wanted.append(DAPBreakpointRecord(
                clientID: 0, id: 0, line: 0, name: dataId, condition: try item.string("condition") ?? "",
                hitCondition: try item.string("hitCondition") ?? "", access: try item.string("accessType") ?? "write"))
        }
        var unclaimed = dataBreakpoints
        var kept: [Int: DAPBreakpointRecord] = [:]
        for (index, item) in wanted.enumerated() {
            if let found = unclaimed.firstIndex(where: { $0.name == item.name && $0.access == item.access }) {
                kept[index] = unclaimed.remove(at: found)
            }
        }
        for stale in unclaimed { _ = try? await client.clearBreakpoint(id: stale.id) }
        var records: [DAPBreakpointRecord] = []
        var replies: [DAPValue] = []
        for (index, item) in wanted.enumerated() {
            var record = item
            do throws(ServiceError) {
                if let previous = kept[index] {
                    record.clientID = previous.clientID
                    record.id = previous.id
                    if previous.condition != item.condition || previous.hitCondition != item.hitCondition {
                        try await amend(record, client: client)
                    }
                } else {
                    record.id = try await createDataBreakpoint(item, client: client).id
                    lastBreakpointID += 1
                    record.clientID = lastBreakpointID
                }
            } catch {
                replies.append(["verified": false, "message": .string(error.message)])
                continue
            }
            records.append(record)
            var reply: [String: DAPValue] = ["id": .int(Int64(record.clientID)), "verified": true]
            if record.access == "read" {
                reply["message"] = "x86-64 has no read-only watchpoint: this one stops at writes too"
            }
            replies.append(.object(reply))
        }
        dataBreakpoints = records
        writer.respond(to: request, body: ["breakpoints": .array(replies)])
    }

    /// Data breakpoints on locals whose frames returned: dbg cleared their watchpoints (the
    /// slot will hold another frame's data); the client hears them removed, and the console
    /// says why, in the words the REPL uses.
    func announceEndedWatches(_ state: API.DebuggerState) {
        for ended in state.watchOutOfScope ?? [] {
            let clientID = dataBreakpoints.first { $0.id == ended.id }?.clientID
            dataBreakpoints.removeAll { $0.id == ended.id }
            if let clientID {
                writer.event("breakpoint", body: ["reason": "removed", "breakpoint": ["id": .int(Int64(clientID)), "verified": false]])
            }
            let name = ended.watchExpr.isEmpty ? "\(ended.id)" : ended.watchExpr
            writer.event("output", body: ["category": "console", "output": .string("Watchpoint \(name) went out of scope and was cleared\n")])
        }
    }

    /// The data breakpoints made again in a new program (a restart), where their expressions
    /// still name the same data at its entry; the others are told to the client as unverified
    /// (a C program's globals are not known before its libraries are loaded).
    func recreateDataBreakpoints(client: any DebuggerClient) async {
        var kept: [DAPBreakpointRecord] = []
        for var record in dataBreakpoints {
            do throws(ServiceError) {
                record.id = try await createDataBreakpoint(record, client: client).id
                kept.append(record)
            } catch {
                let message = "not set again at the restart (\(error.message)): set it again once the program stops"
                writer.event("breakpoint", body: ["reason": "changed", "breakpoint": [
                    "id": .int(Int64(record.clientID)), "verified": false, "message": .string(message)]])
            }
        }
        dataBreakpoints = kept
    }

    /// A watchpoint on what the record's dataId names, with its condition and hit condition.
    private func createDataBreakpoint(_ wanted: DAPBreakpointRecord, client: any DebuggerClient)
        async throws(ServiceError) -> API.Breakpoint
    {
        guard let id = DAPDataID(parsing: wanted.name) else {
            throw ServiceError("unknown dataId \(wanted.name): dataBreakpointInfo gives them", kind: .badInput)
        }
        guard let type = Self.watchTypes[wanted.access] else {
            throw ServiceError("unknown accessType \(wanted.access): read, write or readWrite", kind: .badInput)
        }
        // The frame the expression was evaluated in, if the program still has it; else the
        // expression is evaluated where the program stopped (it names a global there).
        var scope = API.EvalScope()
        if let frame = id.frame, let chosen = try? await evalScope(frame, client: client) { scope = chosen }
        let created = try await client.createWatchpoint(scope: scope, expression: id.expression, type: type)
        do throws(ServiceError) {
            guard created.addr == id.address else {
                throw ServiceError("\(id.expression) names other data now (at \(VariableFormatter.hex(created.addr)), not "
                                   + "\(VariableFormatter.hex(id.address))): ask for its data breakpoint again", kind: .badInput)
            }
            if !wanted.condition.isEmpty || !wanted.hitCondition.isEmpty {
                var record = wanted
                record.id = created.id
                try await amend(record, client: client)
            }
        } catch {
            _ = try? await client.clearBreakpoint(id: created.id)
            throw error
        }
        return created
    }

    /// Gives dbg's watchpoint the record's condition and hit condition.
    private func amend(_ record: DAPBreakpointRecord, client: any DebuggerClient) async throws(ServiceError) {
        guard var watchpoint = try await client.listBreakpoints().first(where: { $0.id == record.id }) else {
            throw ServiceError("the data breakpoint is gone", kind: .notFound)
        }
        watchpoint.cond = record.condition
        watchpoint.hitCond = record.hitCondition
        try await client.amendBreakpoint(watchpoint)
    }

    /// DAP's access types as Delve's watch types. x86-64 cannot watch reads alone: "read"
    /// watches reads and writes (the reply says so).
    private static let watchTypes = [
        "read": API.WatchType.read, "write": API.WatchType.write, "readWrite": API.WatchType.read | API.WatchType.write,
    ]
}

/// Why a variable or expression cannot be watched: answered as `dataId: null` with it.
private struct DataBreakpointRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
