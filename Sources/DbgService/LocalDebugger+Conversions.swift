import DbgEngine
import DbgProcess
import DbgSymbols

/// Engine values to the API's Delve-shaped ones.
extension LocalDebugger {
    static func apiFunction(_ frame: StackFrame) -> API.Function? {
        guard let name = frame.name ?? frame.function?.name else { return nil }
        let entry = frame.function.map { function in frame.image.map { $0.runtimeAddress(function.entry) } ?? function.entry.value }
        let unit = frame.function.flatMap { function in frame.image?.image.debugInfo?.unit(containing: function.entry) }
        return API.Function(name: name, value: entry ?? 0, optimized: unit?.isOptimizedGo ?? false)
    }

    static func apiLocation(_ frame: StackFrame) -> API.Location {
        API.Location(pc: frame.pc, file: frame.source?.file ?? "", line: frame.source?.line ?? 0, function: apiFunction(frame))
    }

    static func apiBreakpoint(_ breakpoint: LogicalBreakpoint) -> API.Breakpoint {
        let first = breakpoint.locations.first
        // Locations in several functions or files are named as Delve names them.
        let inOneFunction = Set(breakpoint.locations.map(\.functionName)).count <= 1
        let inOneFile = Set(breakpoint.locations.map { "\($0.file ?? ""):\($0.line)" }).count <= 1
        var result = API.Breakpoint(
            id: breakpoint.id, name: breakpoint.name, addrs: breakpoint.locations.map(\.address),
            file: inOneFile ? first?.file ?? "" : "<multiple locations>", line: inOneFile ? first?.line ?? 0 : 0,
            functionName: inOneFunction ? first?.functionName : "(multiple functions)", exprString: breakpoint.spec,
            cond: breakpoint.condition ?? "", hitCond: breakpoint.hitCondition?.description ?? "",
            tracepoint: breakpoint.isTracepoint && !breakpoint.isTraceReturn)
        result.traceReturn = breakpoint.isTraceReturn
        result.hitCondPerG = breakpoint.hitConditionPerGoroutine
        result.totalHitCount = breakpoint.totalHits
        result.hitCount = Dictionary(uniqueKeysWithValues: breakpoint.hitsPerGoroutine.map { (String($0.key), $0.value) })
        result.disabled = breakpoint.isDisabled
        let actions = breakpoint.onHit
        result.variables = actions.expressions.isEmpty ? nil : actions.expressions
        result.stacktrace = actions.stackDepth
        result.goroutine = actions.goroutine
        result.loadArgs = actions.arguments.map(apiLoadConfig) ?? result.loadArgs
        result.loadLocals = actions.locals.map(apiLoadConfig)
        if let watch = breakpoint.watch {
            result.addr = watch.address
            result.addrs = [watch.address]
            result.watchExpr = watch.expression
            let accesses = watch.readOnlyRequested ? API.WatchType.read
                : watch.access == .write ? API.WatchType.write : API.WatchType.read | API.WatchType.write
            // Delve's WatchType carries the size in its high four bits (130: 8 bytes, written).
            result.watchType = accesses | watch.size << API.WatchType.sizeShift
        }
        return result
    }

    /// What the API breakpoint asks each hit to gather.
    static func hitActions(_ breakpoint: API.Breakpoint) -> HitActions {
        var actions = HitActions()
        actions.expressions = breakpoint.variables ?? []
        actions.stackDepth = breakpoint.stacktrace
        actions.goroutine = breakpoint.goroutine
        actions.arguments = breakpoint.loadArgs.map(loadConfig)
        actions.locals = breakpoint.loadLocals.map(loadConfig)
        return actions
    }

    /// Frames as Delve's Stacktrace returns them: at most `depth + 1`, the last marked as the
    /// bottom of the stack only when no frame was left out.
    static func apiStackframes(_ frames: [StackFrame], depth: Int) -> [API.Stackframe] {
        let shown = frames.prefix(depth + 1)
        return shown.enumerated().map { index, frame in
            let sp = frame.registers.values[7] ?? 0
            return API.Stackframe(
                location: apiLocation(frame), frameOffset: Int64(bitPattern: (frame.cfa ?? sp) &- sp),
                bottom: index == shown.count - 1 && frames.count == shown.count, inlined: frame.isInlined)
        }
    }

    func apiTrace(_ hit: TraceHit) async -> API.TracepointHit {
        var api = API.TracepointHit(
            breakpointID: hit.breakpointID, threadID: Int(hit.thread.value), goroutineID: hit.goroutine ?? 0, pc: hit.pc,
            functionName: hit.functionName ?? "",
            arguments: hit.arguments.map { Self.apiVariable($0, flags: API.Variable.argumentFlag) })
        let breakpoint = await target.breakpoint(id: hit.breakpointID)
        api.breakpoint = breakpoint.map(Self.apiBreakpoint)
        if let info = hit.info {
            api.info = await apiBreakpointInfo(info, stackDepth: breakpoint?.onHit.stackDepth ?? 0)
        }
        if hit.isReturn {
            api.isReturn = true
            api.returnValues = hit.returnValues.map { Self.apiVariable($0, flags: API.Variable.returnArgumentFlag) }
        }
        return api
    }

    static func apiVariable(_ value: LoadedValue, flags: UInt16) -> API.Variable {
        var variable = apiVariable(value)
        variable.flags |= flags
        return variable
    }

    static func apiVariable(_ value: LoadedValue) -> API.Variable {
        var variable = API.Variable(
            name: value.name, type: value.type, value: value.value, kind: UInt(value.kind.rawValue),
            children: value.children.isEmpty ? [] : value.children.map(apiVariable))
        variable.addr = value.address
        variable.onlyAddr = value.onlyAddress
        variable.realType = value.realType
        variable.len = value.length
        variable.cap = value.capacity
        variable.base = value.base
        variable.unreadable = value.unreadable ?? ""
        if let bytes = value.stringBytes, String(validating: bytes, as: UTF8.self) == nil { variable.bytes = bytes }
        if value.isShadowed { variable.flags |= API.Variable.shadowedFlag }
        if value.hasNoAddress { variable.flags |= API.Variable.fakeAddressFlag }
        if value.isSwift { variable.flags |= API.Variable.swiftFlag }
        if value.isDescribed { variable.flags |= API.Variable.describedFlag }
        return variable
    }

    static func apiLoadConfig(_ config: LoadConfig) -> API.LoadConfig {
        API.LoadConfig(
            followPointers: config.followPointers, maxVariableRecurse: config.maxVariableRecurse,
            maxStringLen: config.maxStringLength, maxArrayValues: config.maxArrayValues,
            maxStructFields: config.maxStructFields)
    }

    static func loadConfig(_ config: API.LoadConfig) -> LoadConfig {
        LoadConfig(
            followPointers: config.followPointers, maxVariableRecurse: config.maxVariableRecurse,
            maxStringLength: config.maxStringLen, maxArrayValues: config.maxArrayValues,
            maxStructFields: config.maxStructFields)
    }
}
