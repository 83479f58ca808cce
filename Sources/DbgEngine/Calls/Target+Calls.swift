import DbgProcess
import DbgSymbols

/// Calls of the program's functions (`call f(1)`, and the REPL's `print f(x) + 1` through
/// it), as gdb's `call` and Delve's `call` make them.
///
/// The expression is evaluated in the frame's scope with a `FunctionCaller`: each call in it
/// runs the function on the thread, alone (Target+CallExecution), and gives its result to the
/// rest of the expression; the thread is back as before each call once it returns. A call
/// that stops inside its function (a breakpoint there, a halt) is left as it is, suspended
/// (gdb's dummy frame), the rest of the expression abandoned: the user looks around (`stack`
/// shows the called function above the frame it was called from), then `continue` finishes
/// the innermost such call (its thread alone again) and gives its result, or `abandon`
/// puts every thread back as before the calls. A signal inside a called function stops
/// there too (gdb's default, `unwindonsignal` off): `continue` delivers it.
extension Target {
    /// How many calls stopped inside their functions wait for a `continue` (innermost first).
    /// A Go call stopped inside is not counted: it is no dummy frame, `call -abandon` cannot
    /// put it back, and Delve's stop inside one says nothing more (the API's
    /// `suspendedCalls`, and the REPL's note about it, are gdb's).
    public var suspendedCallCount: Int { debuggerCalls.count }

    /// Whether a `continue` finishes a call stopped inside rather than running the program.
    var hasSuspendedCalls: Bool { !debuggerCalls.isEmpty || suspendedGoCall != nil }

    /// Evaluates `expression`, running the functions it calls, in `frame` of `thread`. The
    /// report is the stop the user saw before (`callReturned`, with `lastReturnValues` the
    /// expression's value, nil for `void`), or the stop inside a called function.
    public func call(_ expression: String, thread: ThreadID, frame: Int, config: LoadConfig) async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        _ = try live()
        let (scope, _) = try scopeAndFrame(thread: thread, greenThread: nil, frame: frame)
        var calling = scope
        calling.functionCaller = TargetFunctionCaller(
            target: self, thread: thread, context: scope.context, imagePath: scope.symbols.image.path)
        return try reportOfCalls(named: expression, config: config) { () throws(EvaluationError) in
            let value = try ExpressionEvaluator(scope: calling).evaluate(expression)
            if case .void = value.shape { return nil }
            return value
        }
    }

    /// `continue` while calls are stopped inside: the innermost runs on to its return (its
    /// thread alone, as it ran), then its thread is back as before it; the report is the stop
    /// the user saw before that call, with its result, or the next stop inside.
    public func finishSuspendedCall(config: LoadConfig) async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        if let call = suspendedGoCall {
            return try reportOfCalls(named: call.request.name, config: config) { () throws(EvaluationError) in try resumeGoCall() }
        }
        guard let call = debuggerCalls.last else { throw EngineError("no function called by dbg is stopped", kind: .badInput) }
        return try reportOfCalls(named: call.prototype.name, config: config) { () throws(EvaluationError) in try resumeCall() }
    }

    /// Runs `calls` and reports: the stop before them with what they gave (loaded, named
    /// `name`), or the stop inside a called function that interrupted them.
    private func reportOfCalls(named name: String, config: LoadConfig, _ calls: () throws(EvaluationError) -> Value?)
        throws(EngineError) -> StopReport
    {
        // Parked again, whatever the outcome (a SIGKILL of dbg then leaves the program stopped
        // for the guardian): a call's thread swallowed its parking SIGSTOP when it ran.
        defer { if !hasEnded { traced?.assumeIsolated { $0.park() } } }
        callTraces = []
        goCallResults = nil
        let value: Value?
        do {
            value = try calls()
        } catch .callStopped {
            return stopReportWithCallTraces(lastStop)
        } catch {
            throw EngineError(evaluation: error)
        }
        var report = stopReportWithCallTraces(lastStop)
        report.callReturned = true
        if let results = goCallResults, results.first?.name == value?.name {
            // A Go call: every result by its name (Delve's `Values returned:`), or `~panic`.
            lastReturnValues = results.map { ValueLoader(config: config).load($0) }
            return report
        }
        lastReturnValues = value.map { value in
            var loaded = ValueLoader(config: config).load(value)
            loaded.name = name
            return [loaded]
        }
        return report
    }

    /// Puts every thread with a call stopped inside back as it was before its first call, and
    /// forgets the calls; the report is the stop the user saw before them.
    public func abandonSuspendedCalls() async throws(EngineError) -> StopReport {
        guard !hasEnded else { throw .exited }
        if suspendedGoCall != nil {
            // The goroutine is inside the runtime's debugCallV2: only the protocol's end puts
            // it back (Delve cannot abandon a call either).
            throw EngineError("a Go call cannot be abandoned: 'continue' finishes it", kind: .unsupported)
        }
        guard let outermost = debuggerCalls.first else { throw EngineError("no function called by dbg is stopped", kind: .badInput) }
        abandonAllCalls()
        returnToStop(before: outermost)
        await traced?.park()
        return lastStop
    }

    /// A step inside a called function would resume every thread and meet dbg's return trap
    /// unprepared: refused until the call is finished (`continue`) or abandoned.
    func refuseStepInsideCall() throws(EngineError) {
        guard !hasSuspendedCalls else {
            throw EngineError(
                "not yet: stepping inside a function called by dbg; 'continue' finishes the call, 'call -abandon' abandons it",
                kind: .unsupported)
        }
    }

    /// Every call put back, innermost first (so each thread ends as before its first), and
    /// forgotten: at `abandon`, and before a detach, which must leave the program as it was.
    func abandonAllCalls() {
        while let call = debuggerCalls.popLast() { putBack(call.saved) }
    }

    /// A thread back as before a call (the crash rescue's ledger forgets the call once no
    /// other is left).
    func putBack(_ saved: SavedThreadState) {
        let outermost = debuggerCalls.isEmpty
        traced?.assumeIsolated { process in _ = try? process.restoreAfterCall(saved, outermost: outermost) }
    }

    /// The user's view back as it was before `call`: its stop, thread, frame and the inlined
    /// frames that stop hid.
    func returnToStop(before call: DebuggerCall) {
        lastStop = call.stopBefore
        selectedThread = call.stopBefore.thread ?? call.thread
        selectedFrame = call.selectedFrameBefore
        hiddenInlineFrames = call.hiddenInlineFramesBefore
    }

    private func stopReportWithCallTraces(_ report: StopReport) -> StopReport {
        var report = report
        report.traces = callTraces
        report.watchChange = nil
        callTraces = []
        return report
    }

    /// A stack walker that knows the calls in progress: above a called function's frame, the
    /// stack goes on from the registers its thread had before the call, as gdb walks through
    /// its dummy frame.
    func stackUnwinder(maxDepth: Int) -> StackUnwinder {
        var unwinder = StackUnwinder(images: images, memory: memory, maxDepth: maxDepth)
        for call in debuggerCalls {
            unwinder.debuggerCalls[call.calleeCFA] = StackUnwinder.DebuggerCallFrame(
                returnAddress: call.returnAddress, callerRegisters: call.saved.registers.dwarfValues)
        }
        return unwinder
    }

    // MARK: Prototypes

    /// Whether the symbol at `address` is an indirect function (its resolver).
    private func isIndirectFunction(at address: UInt64, in loaded: LoadedImage) -> Bool {
        let local = loaded.staticAddress(address)
        guard let symbol = loaded.image.symbols.symbol(containing: local) else { return false }
        return symbol.address == local && symbol.isIndirectFunction
    }

    /// Where a call of `callee` goes: the function's entry, or what a pointer to one holds.
    private static func entry(of callee: Value) throws(EvaluationError) -> UInt64 {
        if case .function = callee.shape, let entry = callee.location.address { return entry }
        do { return try callee.pointerValue() } catch { throw .value(error) }
    }

    /// See `FunctionCaller.declaredPrototype`: the resolver of an indirect function is called
    /// first (no arguments, it returns the implementation's address), as gdb does.
    func declaredCallPrototype(of callee: Value, result: ValueType, thread: ThreadID, context: ValueContext)
        throws(EvaluationError) -> FunctionPrototype
    {
        let name = callee.name.isEmpty ? "the function" : callee.name
        var address = try Self.entry(of: callee)
        if let loaded = images.image(containing: address), isIndirectFunction(at: address, in: loaded) {
            let resolver = FunctionPrototype(
                name: name, address: address, parameters: [], result: .pointer(to: .void, language: .c), isVariadic: false,
                isPrototyped: true, convention: .systemV)
            guard let target = try startCall(resolver, arguments: [], thread: thread, context: context),
                  let implementation = try? target.pointerValue(), implementation != 0
            else { throw .invalid("cannot call \(name): its resolver gave no function") }
            address = implementation
        }
        return FunctionPrototype(
            name: name, address: address, parameters: [], result: ValueType.void == result ? nil : result, isVariadic: false,
            isPrototyped: false, convention: .systemV)
    }

    /// What a call of `callee` (a function, or a pointer to one) needs from its debugging
    /// information: its entry, parameters and result, in the calling frame's binary.
    func callPrototype(of callee: Value, imagePath: String) throws(EvaluationError) -> FunctionPrototype {
        let name = callee.name.isEmpty ? "the function" : callee.name
        let address = try Self.entry(of: callee)
        guard let loaded = images.image(containing: address) else {
            throw .invalid("cannot call \(name): no binary of the program holds 0x\(String(address, radix: 16))")
        }
        // Where the debugging information says nothing of its result: gdb's refusal (naming
        // the function as gdb does: as written, or as its assembly's debugging information
        // names it), unless the call is cast (`declaredCallPrototype`).
        guard !isIndirectFunction(at: address, in: loaded), let debugInfo = loaded.image.debugInfo,
              let function = debugInfo.function(containing: loaded.staticAddress(address))
        else { throw .unknownReturnType(name) }
        if debugInfo.unit(containing: function.entry)?.language == .assembly { throw .unknownReturnType(function.name) }
        guard loaded.runtimeAddress(function.entry) == address else {
            throw .invalid("cannot call \(name): 0x\(String(address, radix: 16)) is inside \(function.name), not where a function starts")
        }
        let language = debugInfo.unit(containing: function.entry)?.language ?? .c
        if case .notYet(let reason) = language.rules.functionCalls { throw .invalid(reason) }
        if case .goDebugCall = language.rules.functionCalls {
            guard loaded.path == imagePath else {
                throw .invalid("not yet: calling a Go function of another binary (\(function.name) is in \(loaded.path))")
            }
            return try goCallPrototype(of: function, name: name, address: address, in: loaded)
        }
        let calleeSymbols = symbols(of: loaded.image)
        guard let signature = debugInfo.signature(ofFunctionAt: function.offset), let table = calleeSymbols.types else {
            throw .invalid("cannot call \(name): its prototype cannot be read")
        }
        var parameters: [ValueType] = signature.parameters.map { .dwarf(table.resolve($0)) }
        var result: ValueType? = signature.returnType.map { .dwarf(table.resolve($0)) }
        if loaded.path != imagePath {
            // A library's function (libc's `abs`): its types said without its type table.
            let calleeTypes = calleeSymbols.typeSystem
            var portable: [ValueType] = []
            for parameter in parameters {
                guard let type = PortableCallType.of(parameter, in: calleeTypes) else {
                    throw .invalid("not yet: passing \(calleeTypes.name(of: parameter)) to \(function.name), a function of \(loaded.path)")
                }
                portable.append(type)
            }
            parameters = portable
            if let declared = result {
                guard let type = PortableCallType.of(declared, in: calleeTypes) else {
                    throw .invalid("not yet: a \(calleeTypes.name(of: declared)) result of \(function.name), a function of \(loaded.path)")
                }
                result = type
            }
        }
        return FunctionPrototype(
            name: name, address: address, parameters: parameters, result: result, isVariadic: signature.isVariadic,
            isPrototyped: signature.isPrototyped, convention: language.rules.functionCalls)
    }
}
