import DbgService

/// break, trace, breakpoints, clear, clearall, condition, on, toggle.
extension REPL {
    func breakCommand(_ arguments: String, _ context: CallContext, tracepoint: Bool) async throws {
        _ = try await setBreakpoints(arguments, context, tracepoint: tracepoint)
    }

    func traceCommand(_ arguments: String, _ context: inout CallContext) async throws {
        if context.prefix == .on {
            guard arguments.isEmpty else { throw REPLError("too many arguments to trace") }
            context.breakpoint?.tracepoint = true
            return
        }
        let created = try await setBreakpoints(arguments, context, tracepoint: true)
        // At a function's entry, as Delve does: also a return tracepoint on each of its RET
        // instructions (created quietly), so that what it returns is printed too.
        for tracepoint in created where tracepoint.line > 0 {
            guard let function = tracepoint.functionName, Self.namesFunction(Arguments.breakpoint(arguments).spec),
                  let returns = try? await client.functionReturnLocations(functionName: function)
            else { continue }
            for address in returns {
                var ret = API.Breakpoint(addrs: [address], functionName: function)
                ret.traceReturn = true
                ret.loadArgs = LoadConfigs.short
                _ = try? await client.createBreakpoint(ret)
            }
        }
    }

    /// A location spec that names functions (`f`, `pkg.F`, `/regex/`), not a line or address.
    static func namesFunction(_ spec: String) -> Bool {
        guard let first = spec.first else { return false }
        if first == "/" { return true }
        return !spec.contains(":") && first != "*" && first != "+" && first != "-" && !first.isNumber
    }

    /// `break [name] [locspec] [if cond]`: one breakpoint for the locations the spec
    /// resolves to (one per function for a regular expression). When the first word could be a name but the rest does not resolve, the whole
    /// text is tried as the location (Delve's rule).
    func setBreakpoints(_ arguments: String, _ context: CallContext, tracepoint: Bool, announce: Bool = true) async throws -> [API.Breakpoint] {
        // `break -pending LOC`: kept until a library that has LOC loads (dlopen included).
        if arguments.hasPrefix("-pending ") {
            return try await setPendingBreakpoint(String(arguments.dropFirst("-pending ".count)), tracepoint: tracepoint, announce: announce)
        }
        let request = Arguments.breakpoint(arguments)
        var name = request.name
        var spec = request.spec
        var locations: [API.Location]
        do {
            locations = try await client.findLocation(scope: context.scope, spec: spec)
        } catch {
            guard request.name != nil, let retry = try? await client.findLocation(scope: context.scope, spec: request.specWithoutName) else {
                // A function the program calls from a library not loaded yet (`break realloc`
                // before `continue`): pending on that library, where gdb's breakpoint on the
                // PLT stub moves when the library loads.
                if error.kind == .notLoaded {
                    return try await setPendingBreakpoint(arguments, tracepoint: tracepoint, announce: announce)
                }
                if error.kind == .notFound {
                    throw ServiceError(error.message + " (use 'break -pending \(arguments)' to stop there when a library that has it loads)")
                }
                throw error
            }
            name = nil
            spec = request.specWithoutName
            locations = retry
        }
        // One breakpoint for all the places a name or line has (static functions of one
        // name in several units, a line in several functions), as gdb and Delve set; a
        // regular expression sets one per function it matches, as Delve does.
        if !spec.hasPrefix("/"), locations.count > 1, var merged = locations.first {
            var seen = Set<UInt64>()
            merged.pcs = locations.flatMap { ($0.pcs ?? []).isEmpty ? [$0.pc] : $0.pcs ?? [] }.filter { seen.insert($0).inserted }
            locations = [merged]
        }
        var created: [API.Breakpoint] = []
        for location in locations {
            let addresses = (location.pcs ?? []).isEmpty ? [location.pc] : location.pcs ?? []
            var breakpoint = API.Breakpoint(
                name: name ?? "", addrs: addresses, file: location.file, line: location.line,
                functionName: location.function?.name, exprString: spec, cond: request.condition,
                tracepoint: tracepoint)
            if tracepoint { breakpoint.loadArgs = LoadConfigs.short }
            let result = try await client.createBreakpoint(breakpoint)
            created.append(result)
            if announce { emit(breakpointText.event(result, "set")) }
        }
        return created
    }

    /// A breakpoint kept until a library that has its location loads (dlopen included).
    private func setPendingBreakpoint(_ arguments: String, tracepoint: Bool, announce: Bool) async throws -> [API.Breakpoint] {
        let request = Arguments.breakpoint(arguments)
        var breakpoint = API.Breakpoint(
            name: request.name ?? "", exprString: request.spec, cond: request.condition, tracepoint: tracepoint)
        breakpoint.pending = true
        let result = try await client.createBreakpoint(breakpoint)
        if announce {
            emit(result.addrs.isEmpty
                ? "\(BreakpointText.name(result)) set (pending): \(request.spec) resolves when a library that has it loads\n"
                : breakpointText.event(result, "set"))
        }
        return [result]
    }

    func breakpointsCommand(_ arguments: String) async throws {
        guard arguments.isEmpty || arguments == "-a" else { throw REPLError.WrongArguments() }
        let all = try await client.listBreakpoints()
        let shown = arguments == "-a" ? all : all.filter { $0.id >= 0 || !$0.name.isEmpty }
        for breakpoint in shown.sorted(by: { $0.id < $1.id }) {
            emit(breakpointText.listing(breakpoint))
        }
    }

    /// `watch [-r|-w|-rw] EXPR`: a hardware watchpoint on what EXPR names (writes by default).
    func watchCommand(_ arguments: String, _ context: CallContext) async throws {
        var words = arguments.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        var type = API.WatchType.write
        if let flag = words.first, flag.hasPrefix("-") {
            switch flag {
            case "-r": type = API.WatchType.read
            case "-w": type = API.WatchType.write
            case "-rw": type = API.WatchType.read | API.WatchType.write
            default: throw REPLError("wrong flag \(flag): watch [-r|-w|-rw] <expr>")
            }
            words.removeFirst()
        }
        guard let expression = words.first.map({ String($0.drop(while: \.isWhitespace)) }), !expression.isEmpty else {
            throw REPLError("wrong number of arguments: watch [-r|-w|-rw] <expr>")
        }
        let created = try await client.createWatchpoint(scope: context.scope, expression: expression, type: type)
        var line = breakpointText.event(created, "set")
        // x86-64 has no read-only debug register: say what is really watched.
        if type == API.WatchType.read { line = line.dropLast() + " (reads and writes: x86-64 cannot watch reads alone)\n" }
        emit(line)
    }

    func clearCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
        let target = try await breakpoint(arguments)
        let cleared = try await client.clearBreakpoint(id: target.id)
        emit(breakpointText.event(cleared, "cleared"))
    }

    func clearAllCommand(_ arguments: String, _ context: CallContext) async throws {
        let breakpoints = try await client.listBreakpoints()
        var addresses: Set<UInt64>?
        if !arguments.isEmpty {
            let locations = try await client.findLocation(scope: API.EvalScope(goroutineID: -1, frame: 0), spec: arguments)
            addresses = Set(locations.flatMap { [$0.pc] + ($0.pcs ?? []) })
        }
        for breakpoint in breakpoints.sorted(by: { $0.id < $1.id }) where breakpoint.id >= 0 {
            if let addresses, !addresses.contains(breakpoint.addr), addresses.isDisjoint(with: breakpoint.addrs) { continue }
            do {
                _ = try await client.clearBreakpoint(id: breakpoint.id)
                emit(breakpointText.event(breakpoint, "cleared"))
            } catch {
                emit("Couldn't delete \(BreakpointText.name(breakpoint, capitalized: false)) at \(breakpointText.location(breakpoint)): \(error.message)\n")
            }
        }
    }

    func toggleCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
        let target = try await breakpoint(arguments)
        let toggled = try await client.toggleBreakpoint(id: target.id)
        emit(breakpointText.event(toggled, "toggled"))
    }

    func conditionCommand(_ arguments: String, _ context: inout CallContext) async throws {
        if context.prefix == .on {
            // `on BP cond ...`: the breakpoint is `on`'s.
            let parts = Arguments.split2(arguments)
            if parts[0] == "-hitcount" || parts[0] == "-per-g-hitcount" {
                guard parts.count == 2 else { throw REPLError.notEnoughArguments }
                try Arguments.validateHitCondition(parts[1])
                context.breakpoint?.hitCond = parts[1]
                context.breakpoint?.hitCondPerG = parts[0] == "-per-g-hitcount"
            } else {
                guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
                context.breakpoint?.cond = arguments
            }
            return
        }
        var target: API.Breakpoint
        switch try Arguments.condition(arguments) {
        case .expression(let id, let expression):
            target = try await breakpoint(id)
            target.cond = expression
        case .hitCount(let id, let condition, let perGoroutine):
            target = try await breakpoint(id)
            target.hitCond = condition
            target.hitCondPerG = perGoroutine
        case .clear(let id):
            target = try await breakpoint(id)
            target.cond = ""
        }
        try await client.amendBreakpoint(target)
    }

    /// `on BP COMMAND`: the command edits the breakpoint (what it prints or does when hit).
    func onCommand(_ arguments: String, _ context: inout CallContext) async throws {
        let parts = Arguments.split2(arguments)
        guard parts.count == 2, !parts[1].isEmpty else { throw REPLError.notEnoughArguments }
        if parts[1] == "-edit" { throw REPLError.notSupported("on -edit") }
        context.prefix = .on
        context.breakpoint = try await breakpoint(parts[0])
        try await call(parts[1], &context)
        if let edited = context.breakpoint {
            try await client.amendBreakpoint(edited)
        }
    }

    /// A breakpoint by id or by name.
    func breakpoint(_ idOrName: String) async throws -> API.Breakpoint {
        let breakpoints = try await client.listBreakpoints()
        if let id = Int(idOrName) {
            guard let found = breakpoints.first(where: { $0.id == id }) else { throw REPLError("no breakpoint with id \(id)") }
            return found
        }
        guard let found = breakpoints.first(where: { $0.name == idOrName }) else { throw REPLError("no breakpoint with name \(idOrName)") }
        return found
    }
}
