import DbgService

/// The method table: Delve's RPCServer API v2 over a session.
enum RPCMethods {
    /// `version`: what GetVersion reports in Delve's version field (dbg's own version).
    static func dispatcher(for session: ServerSession, version: String) -> RPCDispatcher {
        var table = RPCDispatcher()
        let client = session.client
        typealias A = RPCArguments
        typealias R = RPCReplies
        /// A client's load configuration, kept within what memory allows (the engine sizes its
        /// reads by these numbers); -1 keeps meaning "all fields", as in Delve.
        @Sendable func bounded(_ config: API.LoadConfig?) -> API.LoadConfig {
            guard var config else { return .standard }
            let most = 1 << 20
            config.maxStringLen = min(max(config.maxStringLen, 0), most)
            config.maxArrayValues = min(max(config.maxArrayValues, 0), most)
            config.maxVariableRecurse = min(max(config.maxVariableRecurse, 0), 64)
            config.maxStructFields = config.maxStructFields < 0 ? -1 : min(config.maxStructFields, most)
            return config
        }
        let anyScope = API.EvalScope(goroutineID: -1, frame: 0)
        /// A client's scope, checked: frame numbers count up from 0, and no stack is deeper
        /// than `deepest` (a larger number would only make the engine walk, or overflow).
        @Sendable func checked(_ scope: API.EvalScope?) throws(ServiceError) -> API.EvalScope {
            let scope = scope ?? anyScope
            guard (0...deepest).contains(scope.frame) else { throw ServiceError("frame \(scope.frame) does not exist") }
            return scope
        }

        // The session itself.
        table.add("SetApiVersion", A.SetAPIVersion.self) { arguments throws(ServiceError) in
            guard let version = arguments.APIVersion, version == 2 || version == 1 || version == 0 else {
                throw ServiceError("unknown API version")
            }
            return R.Empty()
        }
        table.add("GetVersion", A.None.self) { _ in
            R.Version(DelveVersion: version, APIVersion: 2, Backend: "native", TargetGoVersion: "",
                      MinSupportedVersionOfGo: "1.19.0", MaxSupportedVersionOfGo: "1.20.0")
        }
        table.add("IsMulticlient", A.None.self) { _ in R.IsMulticlient(IsMulticlient: session.acceptsMulticlient) }
        table.add("ProcessPid", A.None.self) { _ throws(ServiceError) in
            R.ProcessPid(Pid: try await session.state(nonBlocking: true).pid)
        }
        table.add("LastModified", A.None.self) { _ in R.LastModified(Time: session.lastModified) }
        table.add("Recorded", A.None.self) { _ in R.Recorded(Recorded: false, TraceDirectory: "") }
        table.add("AttachedToExistingProcess", A.None.self) { _ in R.Answer(Answer: session.attached) }
        table.add("BuildID", A.None.self) { _ in R.BuildID(BuildID: "") }
        table.add("State", A.State.self) { arguments throws(ServiceError) in
            R.State(State: try await session.state(nonBlocking: arguments.NonBlocking ?? false))
        }
        table.add("Command", API.DebuggerCommand.self) { command throws(ServiceError) in
            R.State(State: try await session.command(command))
        }
        table.add("Restart", A.Restart.self) { arguments throws(ServiceError) in
            if let position = arguments.Position, !position.isEmpty { throw ServiceError("recordings are not supported") }
            if arguments.ResetArgs == true || arguments.Rebuild == true {
                throw ServiceError("restart with new arguments or a rebuild is not supported")
            }
            try await session.restart()
            return R.Restart(DiscardedBreakpoints: [])
        }
        table.add("Detach", A.Detach.self) { arguments throws(ServiceError) in
            try await client.detach(kill: arguments.Kill ?? false)
            return R.Empty()
        }

        // Breakpoints.
        table.add("CreateBreakpoint", A.CreateBreakpoint.self) { arguments throws(ServiceError) in
            var breakpoint = arguments.Breakpoint ?? API.Breakpoint()
            if let expression = arguments.LocExpr, !expression.isEmpty, breakpoint.exprString.isEmpty {
                breakpoint.exprString = expression
            }
            return R.Breakpoint(Breakpoint: try await client.createBreakpoint(breakpoint))
        }
        // Delve's reply is the breakpoint itself (CreateWatchpointOut embeds *api.Breakpoint),
        // not a {"Breakpoint": ...} object as CreateBreakpoint's.
        table.add("CreateWatchpoint", A.CreateWatchpoint.self) { arguments throws(ServiceError) in
            try await client.createWatchpoint(
                scope: try checked(arguments.Scope), expression: arguments.Expr ?? "", type: arguments.`Type` ?? 0)
        }
        table.add("GetBreakpoint", A.BreakpointReference.self) { reference throws(ServiceError) in
            R.Breakpoint(Breakpoint: try await find(reference, in: client))
        }
        table.add("ListBreakpoints", A.ListBreakpoints.self) { _ throws(ServiceError) in
            R.Breakpoints(Breakpoints: try await client.listBreakpoints())
        }
        table.add("ClearBreakpoint", A.BreakpointReference.self) { reference throws(ServiceError) in
            let breakpoint = try await find(reference, in: client)
            return R.Breakpoint(Breakpoint: try await client.clearBreakpoint(id: breakpoint.id))
        }
        table.add("ToggleBreakpoint", A.BreakpointReference.self) { reference throws(ServiceError) in
            let breakpoint = try await find(reference, in: client)
            return R.Breakpoint(Breakpoint: try await client.toggleBreakpoint(id: breakpoint.id))
        }
        table.add("AmendBreakpoint", A.AmendBreakpoint.self) { arguments throws(ServiceError) in
            guard let breakpoint = arguments.Breakpoint else { throw ServiceError("AmendBreakpoint needs a Breakpoint") }
            try await client.amendBreakpoint(breakpoint)
            return R.Empty()
        }

        // Program structure.
        table.add("FindLocation", A.FindLocation.self) { arguments throws(ServiceError) in
            let found = try await client.findLocation(scope: try checked(arguments.Scope), spec: arguments.Loc ?? "")
            // Delve lists every location's addresses, one or more (clients set breakpoints by them).
            return R.Locations(Locations: found.map { location in
                var location = location
                location.pcs = location.pcs ?? [location.pc]
                return location
            })
        }
        table.add("ListFunctions", A.Filter.self) { arguments throws(ServiceError) in
            R.Functions(Funcs: try await client.listFunctions(filter: arguments.Filter ?? ""))
        }
        table.add("ListSources", A.Filter.self) { arguments throws(ServiceError) in
            R.Sources(Sources: try await client.listSources(filter: arguments.Filter ?? ""))
        }
        table.add("ShownSourcePaths", A.ShownSourcePaths.self) { arguments throws(ServiceError) in
            var shown: [String: String] = [:]
            for path in arguments.Paths { shown[path] = client.shownSourcePath(path) }
            return R.ShownSourcePaths(Shown: shown)
        }
        table.add("ListTypes", A.Filter.self) { arguments throws(ServiceError) in
            R.Types(Types: try await client.listTypes(filter: arguments.Filter ?? ""))
        }
        table.add("ListDynamicLibraries", A.None.self) { _ throws(ServiceError) in
            R.Libraries(List: try await client.listDynamicLibraries())
        }
        table.add("FunctionReturnLocations", A.FunctionReturnLocations.self) { arguments throws(ServiceError) in
            R.ReturnLocations(Addrs: try await client.functionReturnLocations(functionName: arguments.FnName ?? ""))
        }

        // Threads, goroutines, stacks.
        table.add("ListThreads", A.None.self) { _ throws(ServiceError) in
            R.Threads(Threads: try await client.listThreads())
        }
        table.add("GetThread", A.GetThread.self) { arguments throws(ServiceError) in
            let id = arguments.Id ?? 0
            guard let thread = try await client.listThreads().first(where: { $0.id == id }) else {
                throw ServiceError("no thread with ID \(id)")
            }
            return R.Thread(Thread: thread)
        }
        table.add("ListGoroutines", A.ListGoroutines.self) { arguments throws(ServiceError) in
            let grouping = API.GoroutineGrouping(
                groupBy: arguments.GroupBy ?? .none, groupByKey: arguments.GroupByKey ?? "",
                maxGroupMembers: arguments.MaxGroupMembers ?? 0, maxGroups: arguments.MaxGroups ?? 0)
            return try await client.listGoroutines(
                start: arguments.Start ?? 0, count: arguments.Count ?? 0, filters: arguments.Filters ?? [], grouping: grouping,
                scope: arguments.EvalScope)
        }
        table.add("Stacktrace", A.Stacktrace.self) { arguments throws(ServiceError) in
            R.Stack(Locations: try await client.stacktrace(
                goroutineID: arguments.Id ?? -1, depth: min(max(arguments.Depth ?? 0, 0), deepest), full: arguments.Full ?? false,
                // Delve's StacktraceReadDefers option is bit 0 of Opts (Defers is its old flag).
                defers: arguments.Defers == true || (arguments.Opts ?? 0) & 1 != 0, config: arguments.Cfg.map { bounded($0) }))
        }

        // Values.
        table.add("ListLocalVars", A.ScopedLoad.self) { arguments throws(ServiceError) in
            R.Variables(Variables: try await client.listLocalVars(scope: try checked(arguments.Scope), config: bounded(arguments.Cfg)))
        }
        table.add("ListFunctionArgs", A.ScopedLoad.self) { arguments throws(ServiceError) in
            R.Arguments(Args: try await client.listFunctionArgs(scope: try checked(arguments.Scope), config: bounded(arguments.Cfg)))
        }
        table.add("ListPackageVars", A.ListPackageVars.self) { arguments throws(ServiceError) in
            R.Variables(Variables: try await client.listPackageVars(filter: arguments.Filter ?? "", config: bounded(arguments.Cfg)))
        }
        table.add("Eval", A.Eval.self) { arguments throws(ServiceError) in
            R.Variable(Variable: try await client.eval(
                scope: try checked(arguments.Scope), expression: arguments.Expr ?? "", config: bounded(arguments.Cfg)))
        }
        table.add("Set", A.Set.self) { arguments throws(ServiceError) in
            try await client.set(scope: try checked(arguments.Scope), symbol: trimmed(arguments.Symbol), value: trimmed(arguments.Value))
            return R.Empty()
        }

        // Machine level.
        table.add("ListRegisters", A.ListRegisters.self) { arguments throws(ServiceError) in
            var scope = try checked(arguments.Scope)
            if arguments.Scope == nil, let thread = arguments.ThreadID, thread != 0 {
                // Delve's registers of a given thread: select it first.
                _ = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.switchThread, threadID: thread))
                scope = anyScope
            }
            let registers = try await client.listRegisters(scope: scope, includeFloatingPoint: arguments.IncludeFp ?? false)
            return R.Registers(Registers: registerText(registers), Regs: registers)
        }
        table.add("ExamineMemory", A.ExamineMemory.self) { arguments throws(ServiceError) in
            let bytes = try await client.examineMemory(address: arguments.Address ?? 0, length: arguments.Length ?? 0)
            return R.Memory(Mem: Base64.encode(bytes), IsLittleEndian: true)
        }
        // Delve's core dumps run in the background, watched with DumpWait; dbg's is written
        // within DumpStart, so DumpWait tells how the last one ended.
        table.add("DumpStart", A.DumpStart.self) { arguments throws(ServiceError) in
            guard let destination = arguments.Destination, !destination.isEmpty else {
                throw ServiceError("DumpStart needs a destination file", kind: .badInput)
            }
            let state = try await client.dumpCore(to: destination)
            await session.remember(state)
            return R.Dump(State: state)
        }
        table.add("DumpWait", A.DumpWait.self) { _ in R.Dump(State: await session.lastDump ?? .none) }
        table.add("DumpCancel", A.None.self) { _ in R.Empty() }
        table.add("Disassemble", A.Disassemble.self) { arguments throws(ServiceError) in
            let flavor: String
            switch arguments.Flavour ?? 0 {
            case 0: flavor = "gnu"
            case 1: flavor = "intel"
            default: throw ServiceError("only the GNU (0) and Intel (1) flavours are supported")
            }
            return R.Disassembly(Disassemble: try await client.disassemble(
                scope: try checked(arguments.Scope), start: arguments.StartPC ?? 0, end: arguments.EndPC ?? 0, flavor: flavor))
        }
        return table
    }

    /// More frames than any real stack has.
    static let deepest = 100_000

    /// A breakpoint by name when one is given, else by id.
    private static func find(_ reference: RPCArguments.BreakpointReference, in client: any DebuggerClient)
        async throws(ServiceError) -> API.Breakpoint
    {
        let all = try await client.listBreakpoints()
        if let name = reference.Name, !name.isEmpty {
            guard let found = all.first(where: { $0.name == name }) else { throw ServiceError("no breakpoint with name \(name)") }
            return found
        }
        let id = reference.Id ?? 0
        guard let found = all.first(where: { $0.id == id }) else { throw ServiceError("no breakpoint with id \(id)") }
        return found
    }

    /// Delve's client splits `set a = 1` at the `=` and sends both sides with their spaces.
    private static func trimmed(_ text: String?) -> String {
        guard var text else { return "" }
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Delve's register text: one per line, names right-aligned to the longest.
    static func registerText(_ registers: [API.Register]) -> String {
        let width = registers.map(\.name.count).max() ?? 0
        return registers.map { String(repeating: " ", count: width - $0.name.count) + $0.name + " = " + $0.value + "\n" }
            .joined()
    }
}
