import DbgEngine
import DbgProcess
import DbgSymbols

/// Engine values to the API's Delve-shaped ones.
extension LocalDebugger {
    static func apiFunction(_ frame: StackFrame) -> API.Function? {
        guard let name = frame.name ?? frame.function?.name else { return nil }
        let entry = frame.function.map { function in frame.image.map { $0.runtimeAddress(function.entry) } ?? function.entry.value }
        return API.Function(name: name, value: entry ?? 0)
    }

    static func apiLocation(_ frame: StackFrame) -> API.Location {
        API.Location(pc: frame.pc, file: frame.source?.file ?? "", line: frame.source?.line ?? 0, function: apiFunction(frame))
    }

    static func apiBreakpoint(_ breakpoint: LogicalBreakpoint) -> API.Breakpoint {
        let first = breakpoint.locations.first
        var result = API.Breakpoint(
            id: breakpoint.id, name: breakpoint.name, addrs: breakpoint.locations.map(\.address), file: first?.file ?? "",
            line: first?.line ?? 0, functionName: first?.functionName, exprString: breakpoint.spec,
            cond: breakpoint.condition ?? "", hitCond: breakpoint.hitCondition?.description ?? "",
            tracepoint: breakpoint.isTracepoint && !breakpoint.isTraceReturn)
        result.traceReturn = breakpoint.isTraceReturn
        result.hitCondPerG = breakpoint.hitConditionPerGoroutine
        result.totalHitCount = breakpoint.totalHits
        result.hitCount = Dictionary(uniqueKeysWithValues: breakpoint.hitsPerGoroutine.map { (String($0.key), $0.value) })
        result.disabled = breakpoint.isDisabled
        result.variables = breakpoint.printOnHit.isEmpty ? nil : breakpoint.printOnHit
        return result
    }

    static func apiTrace(_ hit: TraceHit) -> API.TracepointHit {
        var api = API.TracepointHit(
            breakpointID: hit.breakpointID, threadID: Int(hit.thread.value), goroutineID: hit.goroutine ?? 0, pc: hit.pc,
            functionName: hit.functionName ?? "", arguments: hit.arguments.map { .init(name: $0.name, value: $0.value) },
            printed: hit.printed.map { .init(name: $0.expression, value: $0.value) })
        if hit.isReturn {
            api.isReturn = true
            api.returnValues = hit.returnValues.map { .init(name: $0.name, value: $0.value) }
        }
        return api
    }

    static func apiVariable(_ value: LoadedValue) -> API.Variable {
        var variable = API.Variable(
            name: value.name, type: value.type, value: value.value, kind: UInt(value.kind.rawValue),
            children: value.children.map(apiVariable))
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
        return variable
    }

    static func loadConfig(_ config: API.LoadConfig) -> LoadConfig {
        LoadConfig(
            followPointers: config.followPointers, maxVariableRecurse: config.maxVariableRecurse,
            maxStringLength: config.maxStringLen, maxArrayValues: config.maxArrayValues,
            maxStructFields: config.maxStructFields)
    }
}
