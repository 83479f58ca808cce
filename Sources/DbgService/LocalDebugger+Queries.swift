import DbgEngine
import DbgProcess
import DbgSymbols

/// Breakpoints, locations, stacks and values.
extension LocalDebugger {
    func stopped() throws(ServiceError) {
        if exitStatus != nil { throw ServiceError.exited }
        if running { throw ServiceError.running }
    }

    public func createBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) -> API.Breakpoint {
        try refuseForCoreFile()
        try stopped()
        var spec = breakpoint.exprString
        if spec.isEmpty {
            if let function = breakpoint.functionName, !function.isEmpty {
                spec = function
            } else if !breakpoint.file.isEmpty, breakpoint.line > 0 {
                spec = "\(breakpoint.file):\(breakpoint.line)"
            } else if breakpoint.addr != 0 {
                spec = "*0x" + String(breakpoint.addr, radix: 16)
            }
        }
        var request = Target.BreakpointRequest(
            spec: spec, name: breakpoint.name, condition: breakpoint.cond.isEmpty ? nil : breakpoint.cond,
            hitCondition: breakpoint.hitCond.isEmpty ? nil : breakpoint.hitCond, isTracepoint: breakpoint.tracepoint)
        request.functionName = breakpoint.functionName
        request.allowPending = breakpoint.pending ?? false
        request.isTraceReturn = breakpoint.traceReturn
        request.onHit = Self.hitActions(breakpoint)
        let addresses = breakpoint.addrs.isEmpty ? (breakpoint.addr != 0 ? [breakpoint.addr] : []) : breakpoint.addrs
        do {
            let created = Self.apiBreakpoint(try await target.createBreakpoint(request, addresses: addresses))
            broadcaster.publish(.breakpointChanged(created, change: .created))
            return created
        } catch {
            throw ServiceError(error)
        }
    }

    public func createWatchpoint(scope: API.EvalScope, expression: String, type: Int) async throws(ServiceError) -> API.Breakpoint {
        try refuseForCoreFile()
        try stopped()
        guard type & API.WatchType.write != 0 || type & API.WatchType.read != 0 else {
            throw ServiceError("a watchpoint watches reads, writes or both", kind: .badInput)
        }
        let access: WatchAccess = type & API.WatchType.read != 0 ? .readWrite : .write
        do {
            let created = Self.apiBreakpoint(try await target.createWatchpoint(
                expression, access: access, readOnlyRequested: type & API.WatchType.accesses == API.WatchType.read,
                thread: await target.selectedThread, greenThread: Self.goroutine(scope.goroutineID), frame: scope.frame))
            // Delve names a watchpoint by its expression unless a breakpoint has that name
            // (`clear main.counter` then clears it).
            let named = try await namedAfterExpression(created)
            broadcaster.publish(.breakpointChanged(named, change: .created))
            return named
        } catch {
            throw ServiceError(error)
        }
    }

    public func watchLocation(scope: API.EvalScope, expression: String) async throws(ServiceError) -> API.WatchLocation {
        try refuseForCoreFile()
        try stopped()
        do {
            let (address, size) = try await target.watchLocation(
                expression, thread: await target.selectedThread, greenThread: Self.goroutine(scope.goroutineID), frame: scope.frame)
            return API.WatchLocation(address: address, size: size)
        } catch {
            throw ServiceError(error)
        }
    }

    private func namedAfterExpression(_ watchpoint: API.Breakpoint) async throws(EngineError) -> API.Breakpoint {
        guard watchpoint.name.isEmpty, !(await target.breakpointList().contains { $0.name == watchpoint.watchExpr }) else {
            return watchpoint
        }
        try await target.amendBreakpoint(id: watchpoint.id, name: watchpoint.watchExpr, condition: nil, hitCondition: nil,
                                         perGoroutine: nil, isTracepoint: nil, onHit: nil)
        var named = watchpoint
        named.name = watchpoint.watchExpr
        return named
    }

    public func listBreakpoints() async throws(ServiceError) -> [API.Breakpoint] {
        await target.breakpointList().map(Self.apiBreakpoint)
    }

    public func clearBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        let cleared: API.Breakpoint
        do { cleared = Self.apiBreakpoint(try await target.clearBreakpoint(id: id)) } catch { throw ServiceError(error) }
        broadcaster.publish(.breakpointChanged(cleared, change: .removed))
        return cleared
    }

    public func toggleBreakpoint(id: Int) async throws(ServiceError) -> API.Breakpoint {
        let toggled: API.Breakpoint
        do { toggled = Self.apiBreakpoint(try await target.toggleBreakpoint(id: id)) } catch { throw ServiceError(error) }
        broadcaster.publish(.breakpointChanged(toggled, change: .changed))
        return toggled
    }

    public func amendBreakpoint(_ breakpoint: API.Breakpoint) async throws(ServiceError) {
        do {
            try await target.amendBreakpoint(
                id: breakpoint.id, name: breakpoint.name, condition: .some(breakpoint.cond.isEmpty ? nil : breakpoint.cond),
                hitCondition: .some(breakpoint.hitCond.isEmpty ? nil : breakpoint.hitCond),
                perGoroutine: breakpoint.hitCondPerG, isTracepoint: breakpoint.tracepoint,
                onHit: Self.hitActions(breakpoint))
        } catch {
            throw ServiceError(error)
        }
        if let amended = await target.breakpoint(id: breakpoint.id) {
            broadcaster.publish(.breakpointChanged(Self.apiBreakpoint(amended), change: .changed))
        }
    }

    /// Delve's FindLocation: one location per function; a FILE:LINE's addresses together.
    public func findLocation(scope: API.EvalScope, spec: String) async throws(ServiceError) -> [API.Location] {
        if exitStatus != nil { throw ServiceError.exited }
        let found: [LogicalBreakpoint.Location]
        do { found = try await target.resolve(spec) } catch { throw ServiceError(error) }
        let isLineSpec: Bool
        switch try? LocationSpec.parse(spec) {
        case .fileLine?, .line?, .lineOffset?: isLineSpec = true
        default: isLineSpec = false
        }
        let apiLocations = found.map { location in
            API.Location(
                pc: location.address, file: location.file ?? "", line: location.line,
                function: location.functionName.map { API.Function(name: $0, value: 0) })
        }
        guard isLineSpec, var first = apiLocations.first, apiLocations.count > 1 else { return apiLocations }
        first.pcs = apiLocations.map(\.pc)
        return [first]
    }

    public func functionReturnLocations(functionName: String) async throws(ServiceError) -> [UInt64] {
        try stopped()
        do { return try await target.returnLocations(ofFunctionNamed: functionName) } catch { throw ServiceError(error) }
    }

    func apiDefer(_ call: DeferredCall) async -> API.Defer {
        let nowhere = API.Location(pc: 0, file: "", line: 0, function: nil)
        if let reason = call.unreadable { return API.Defer(deferredLoc: nowhere, deferLoc: nowhere, sp: call.sp, unreadable: reason) }
        let places = await target.places(of: call)
        return API.Defer(deferredLoc: Self.apiLocation(places.function), deferLoc: Self.apiLocation(places.statement), sp: call.sp)
    }

    public func listThreads() async throws(ServiceError) -> [API.Thread] {
        try stopped()
        var threads: [API.Thread] = []
        for thread in await target.threadIDs() { threads.append(await apiThread(thread)) }
        return threads
    }

    public func stacktrace(goroutineID: Int64, depth: Int, full: Bool, defers: Bool, config: API.LoadConfig?)
        async throws(ServiceError) -> [API.Stackframe]
    {
        try stopped()
        let thread = await target.selectedThread
        let goroutine = Self.goroutine(goroutineID)
        let frames: [StackFrame]
        // One frame more than asked for tells whether the last one shown is the bottom.
        do { frames = try await target.backtrace(thread: thread, greenThread: goroutine, depth: depth + 2) } catch {
            throw ServiceError(error)
        }
        let deferred = defers ? await target.deferredCalls(thread: thread, greenThread: goroutine, frames: frames) : []
        var result: [API.Stackframe] = []
        for (index, var apiFrame) in Self.apiStackframes(frames, depth: depth).enumerated() {
            if index < deferred.count, !deferred[index].isEmpty {
                var calls: [API.Defer] = []
                for call in deferred[index] { calls.append(await apiDefer(call)) }
                apiFrame.defers = calls
            }
            if full {
                let loadConfig = Self.loadConfig(config ?? .standard)
                apiFrame.arguments = (try? await target.variables(arguments: true, thread: thread, greenThread: goroutine, frame: index, config: loadConfig))?.map(Self.apiVariable)
                apiFrame.locals = (try? await target.variables(arguments: false, thread: thread, greenThread: goroutine, frame: index, config: loadConfig))?.map(Self.apiVariable)
            }
            result.append(apiFrame)
        }
        return result
    }

    public func listLocalVars(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try await variables(arguments: false, scope: scope, config: config)
    }

    public func listFunctionArgs(scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try await variables(arguments: true, scope: scope, config: config)
    }

    private func variables(arguments: Bool, scope: API.EvalScope, config: API.LoadConfig) async throws(ServiceError) -> [API.Variable] {
        try stopped()
        let thread = await target.selectedThread
        do {
            return try await target.variables(
                arguments: arguments, thread: thread, greenThread: Self.goroutine(scope.goroutineID), frame: scope.frame,
                deferredCall: scope.deferredCall, config: Self.loadConfig(config))
                .map(Self.apiVariable)
        } catch {
            throw ServiceError(error)
        }
    }

    public func eval(scope: API.EvalScope, expression: String, config: API.LoadConfig) async throws(ServiceError) -> API.Variable {
        try stopped()
        let thread = await target.selectedThread
        do {
            var loaded = try await target.evaluateAndLoad(
                expression, thread: thread, greenThread: Self.goroutine(scope.goroutineID), frame: scope.frame,
                deferredCall: scope.deferredCall, config: Self.loadConfig(config))
            loaded.name = expression
            return Self.apiVariable(loaded)
        } catch {
            throw ServiceError(error)
        }
    }

    public func set(scope: API.EvalScope, symbol: String, value: String) async throws(ServiceError) {
        try refuseForCoreFile()
        try stopped()
        let thread = await target.selectedThread
        do {
            _ = try await target.evaluateAndLoad(
                "\(symbol) = \(value)", thread: thread, greenThread: Self.goroutine(scope.goroutineID), frame: scope.frame, config: .singleValue)
        } catch {
            throw ServiceError(error)
        }
    }

    public func listFunctions(filter: String) async throws(ServiceError) -> [String] {
        let regex = try Self.filterRegex(filter)
        var names = Set<String>()
        for loaded in await target.loadedImages() {
            for symbol in loaded.image.symbols.functionSymbols {
                let name = SwiftDemangler.demangle(symbol.name) ?? symbol.name
                if regex.map({ (try? $0.firstMatch(in: name)) != nil }) ?? true { names.insert(name) }
            }
        }
        return names.sorted()
    }

    public func listSources(filter: String) async throws(ServiceError) -> [String] {
        let regex = try Self.filterRegex(filter)
        var files = Set<String>()
        for loaded in await target.loadedImages() {
            for file in loaded.image.debugInfo?.allSourceFiles() ?? [] where regex.map({ (try? $0.firstMatch(in: file)) != nil }) ?? true {
                files.insert(file)
            }
        }
        return files.sorted()
    }

    /// A goroutine named by a request: Delve's ids start at 1; -1 (and 0) mean the current one.
    static func goroutine(_ id: Int64) -> Int64? { id > 0 ? id : nil }

    static func filterRegex(_ filter: String) throws(ServiceError) -> Regex<AnyRegexOutput>? {
        guard !filter.isEmpty else { return nil }
        do { return try Regex(filter) } catch { throw ServiceError("bad regular expression '\(filter)'", kind: .badInput) }
    }
}
