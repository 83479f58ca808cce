import DbgProcess
import DbgSymbols

/// Calls of Go functions through the runtime's debug-call protocol (`runtime.debugCallV2`,
/// Go's asm_amd64.s), as Delve makes them: the goroutine's thread is sent into debugCallV2
/// as if it had called it; the runtime checks the place is safe (`debugCallCheck`), starts a
/// goroutine of its own for the call and stops at an INT3 for each step, R12 saying which
/// (GoDebugCallStatus). The whole program runs meanwhile, as under Delve: the called function
/// may need other threads (the garbage collector stops the world, a lock, a channel), and the
/// call's goroutine may move to another thread. Arguments and results go by Go's register
/// ABI (GoRegisterAssignment); a string literal is first copied into memory the runtime
/// allocates (a call of `runtime.mallocgc`, as Delve does).
extension Target {
    /// The frame debugCallV2 opens must hold the arguments and results as the stack ABI would
    /// lay them out, plus what the register ABI's alignment may add (Delve's bound).
    private static let registerArgumentSlack: UInt64 = 9 * 8 + 15 * 8

    func startGoCall(_ prototype: FunctionPrototype, arguments: [CallArgument], thread: ThreadID, context: ValueContext)
        throws(EvaluationError) -> Value?
    {
        let types = context.types
        // A thread on its system stack (g0) runs no goroutine: Delve's words.
        guard let goroutine = currentGreenThread(of: thread) else { throw .invalid("no goroutine selected") }
        guard let stackPointer = try? registers(of: thread).rsp else { throw .invalid("selected goroutine not running") }
        // Room for debugCallV2's own frame, as its comment asks.
        guard stackPointer > goroutine.stackLo &+ 256 else { throw .invalid("not enough stack space") }
        var assignment = GoRegisterAssignment(types: types)
        var integers = [UInt64](repeating: 0, count: GoRegisterAssignment.integerRegisterCount)
        var floats: [UInt64] = []
        for (index, argument) in arguments.enumerated() {
            let parameter = prototype.parameters[index]
            let name = index < prototype.parameterNames.count ? prototype.parameterNames[index] : "#\(index + 1)"
            let bytes: [UInt8]
            switch argument {
            case .copied(let text, _):
                let address = try copyIntoGoMemory(text, thread: thread, context: context)
                bytes = littleEndianBytes(address, count: 8) + littleEndianBytes(UInt64(text.count), count: 8)
            case .value(let value):
                do { bytes = try value.bytes() } catch { throw .value(error) }
                // A pointer to a goroutine's stack must not escape into the call (Delve's
                // check): the stack may move or the frame end while the pointer lives on.
                if case .pointer = types.shape(of: parameter), bytes.count >= 8 {
                    let pointer = littleEndianValue(bytes.prefix(8))
                    if pointer >= goroutine.stackLo && pointer < goroutine.stackHi {
                        throw .invalid("cannot use \(value.name.isEmpty ? name : value.name) as argument \(name) in function \(prototype.name): stack object passed to escaping pointer: \(name)")
                    }
                }
            }
            guard let pieces = assignment.assign(parameter) else {
                throw .invalid("not yet: passing \(name) of \(prototype.name) on the stack (its registers are taken)")
            }
            for piece in pieces {
                let end = min(piece.offset + min(piece.size, 8), bytes.count)
                let word = piece.offset < end ? littleEndianValue(bytes[piece.offset..<end]) : 0
                switch piece.bank {
                case .integer: integers[piece.index] = word
                case .float:
                    while floats.count <= piece.index { floats.append(0) }
                    floats[piece.index] = word
                }
            }
        }
        let sizes = (prototype.parameters + prototype.namedResults.map(\.type)).map { (types.size(of: $0) ?? 8 + 7) & ~7 }
        let request = GoDebugCall.Request(
            name: prototype.name, entry: prototype.address, integers: integers, floats: floats,
            frameSize: sizes.reduce(0, +) + Self.registerArgumentSlack)
        var call = try beginGoDebugCall(request, thread: thread, prototype: prototype, context: context)
        let outcome = try runGoDebugCall(&call)
        return results(of: call, outcome)
    }

    /// A Go call stopped at a breakpoint inside, run on to its end (`continue`); the user's
    /// view back as it was before the call.
    func resumeGoCall() throws(EvaluationError) -> Value? {
        guard var call = suspendedGoCall else { throw .invalid("no function called by dbg is stopped") }
        suspendedGoCall = nil
        let outcome = try runGoDebugCall(&call)
        lastStop = call.stopBefore
        selectedThread = call.stopBefore.thread ?? call.saved.thread
        selectedFrame = call.selectedFrameBefore
        hiddenInlineFrames = call.hiddenInlineFramesBefore
        return results(of: call, outcome)
    }

    /// The call's results, named (`~r0`, `q`), or its panic (`~panic`), kept for the report;
    /// the first is the value of the call in its expression.
    private func results(of call: GoDebugCall, _ outcome: GoDebugCall.Outcome) -> Value? {
        guard let prototype = call.prototype else { return nil }
        let context = call.context
        let types = context.types
        let results: [Value]
        switch outcome {
        case .returned(let registers, let vectors):
            var reader = GoResultRegisters(types: types, integers: registers, floats: vectors)
            results = prototype.namedResults.map { result in
                guard let bytes = reader.take(result.type) else {
                    return Value(type: result.type, location: .unavailable("returned on the stack"), context: context, name: result.name)
                }
                return Value.constant(bytes, type: result.type, context: context, name: result.name)
            }
        case .panicked(let interface):
            let type = types.type(named: "interface {}", language: .go) ?? .builtin(.goString)
            results = [Value.constant(interface, type: type, context: context, name: "~panic")]
        }
        goCallResults = results
        return results.first
    }

    /// `bytes` copied into memory of the Go heap's (`runtime.mallocgc(len, nil, false)`):
    /// where a string argument that has no address of its own points.
    private func copyIntoGoMemory(_ bytes: [UInt8], thread: ThreadID, context: ValueContext) throws(EvaluationError) -> UInt64 {
        guard !bytes.isEmpty else { return 0 }
        guard let mallocgc = goFunctionEntry("runtime.mallocgc"), let process = traced else {
            throw .invalid("literal string can not be allocated: runtime.mallocgc not found")
        }
        let request = GoDebugCall.Request(
            name: "runtime.mallocgc", entry: mallocgc, integers: [UInt64(bytes.count), 0, 0], floats: [],
            frameSize: 4 * 8 + Self.registerArgumentSlack)
        var call = try beginGoDebugCall(request, thread: thread, prototype: nil, context: context)
        let outcome = try runGoDebugCall(&call)
        guard case .returned(let registers, _) = outcome, let address = registers[.rax], address != 0,
              process.assumeIsolated({ (try? $0.writeMemory(bytes, at: address)) != nil })
        else { throw .invalid("literal string can not be allocated") }
        return address
    }

    /// The entry of a function of the Go program, by its symbol.
    func goFunctionEntry(_ name: String) -> UInt64? {
        guard let executable = images.executable,
              let entry = executable.image.functions(named: name, searchingDWARF: false).first(where: { $0.name == name })?.entry
        else { return nil }
        return executable.runtimeAddress(entry)
    }

    /// Sends `thread`'s goroutine into debugCallV2, as a call of it would: its PC pushed,
    /// the frame size written 16 bytes below the new stack pointer.
    private func beginGoDebugCall(_ request: GoDebugCall.Request, thread: ThreadID, prototype: FunctionPrototype?,
                                  context: ValueContext) throws(EvaluationError) -> GoDebugCall
    {
        guard let process = traced else { throw .invalid(EngineError.coreFileMessage) }
        guard let debugCallV2 = goFunctionEntry("runtime.debugCallV2") else {
            throw .invalid("function calls not supported by this version of Go")
        }
        let saved: SavedThreadState
        do {
            saved = try process.assumeIsolated { process in Result { () throws(ProcessError) in try process.saveForCall(thread) } }.get()
        } catch {
            throw .invalid("cannot call \(request.name): \(error.description)")
        }
        var registers = saved.registers
        registers.rsp -= 8
        registers.rip = debugCallV2
        // A thread stopped in a system call would restart it once resumed: no restart.
        registers.origRax = UInt64.max
        let isSet = process.assumeIsolated { [registers] process in
            (try? process.writeMemory(littleEndianBytes(saved.registers.rip, count: 8), at: registers.rsp)) != nil
                && (try? process.writeMemory(littleEndianBytes(request.frameSize, count: 8), at: registers.rsp &- 16)) != nil
                && (try? process.setRegisters(registers, of: thread)) != nil
        }
        guard isSet else {
            putBack(saved)
            throw .invalid("cannot call \(request.name): the goroutine's stack cannot be written")
        }
        return GoDebugCall(
            request: request, saved: saved, stopsAtBreakpoints: prototype != nil, prototype: prototype, context: context,
            stopBefore: lastStop, selectedFrameBefore: selectedFrame, hiddenInlineFramesBefore: hiddenInlineFrames)
    }

    /// Runs the program until the call's protocol ends: the thread back where it was with
    /// its registers as before (the runtime's last INT3, then out of debugCallV2, one
    /// instruction at a time). A user's breakpoint inside stops it (`.callStopped`, the call
    /// kept in `suspendedGoCall`).
    private func runGoDebugCall(_ call: inout GoDebugCall) throws(EvaluationError) -> GoDebugCall.Outcome {
        guard let process = traced else { throw .invalid(EngineError.coreFileMessage) }
        let request = call.request
        defer { forgetGreenThreads() }
        while true {
            fakeAddresses.forgetAll()
            let event: StopEvent
            do {
                event = try process.assumeIsolated { process in Result { () throws(ProcessError) in try process.cont() } }.get()
            } catch {
                throw .invalid("the call of \(request.name) failed: \(error.description)")
            }
            switch event {
            case .signal(let trapped, let info) where info.isTrapInstruction:
                process.assumeIsolated { $0.discardSignal(of: trapped) }
                guard let status = goDebugCallStatus(of: trapped), let current = try? self.registers(of: trapped) else { continue }
                switch status {
                case .refused:
                    call.refusal = goString(at: current.rsp) ?? "call refused by the Go runtime"
                case .frameReady:
                    try enterCalledFunction(request, thread: trapped, registers: current)
                case .returned:
                    let vectors = LiveFrameRegisters.vectorRegisters(of: trapped, in: program, count: GoRegisterAssignment.floatRegisterCount) ?? []
                    call.outcome = .returned(current.dwarfValues, floats: vectors)
                case .panicked:
                    call.outcome = .panicked((try? memory.read(at: current.rsp, count: 16)) ?? [])
                case .restore:
                    try leaveDebugCall(call.saved, thread: trapped, registers: current)
                    if let refusal = call.refusal { throw .invalid(refusal) }
                    guard let outcome = call.outcome else { throw .invalid("the call of \(request.name) ended without returning") }
                    return outcome
                }
            case .exited(let code):
                _ = finish(StopReport(reason: .exited(code: code), thread: nil, traces: []))
                throw .callStopped
            case .killed(let signal, _):
                _ = finish(StopReport(reason: .killed(signal: signal), thread: nil, traces: []))
                throw .callStopped
            case .exec:
                throw .invalid("\(request.name) executed a new program: the call cannot return")
            case .breakpoint(let hitter, let address) where call.stopsAtBreakpoints:
                // Breakpoints sharing the address all count the hit; the first reports it.
                var stoppedBy: Int?
                for id in breakpointsAt(address) {
                    let stops = (try? userBreakpointStops(id: id, thread: hitter, address: address, traces: &callTraces)) ?? true
                    if stops == true && stoppedBy == nil { stoppedBy = id }
                }
                guard let id = stoppedBy else { continue }
                suspendedGoCall = call
                _ = finish(StopReport(reason: .breakpoint(id: id), thread: hitter, traces: callTraces))
                throw .callStopped
            case .breakpoint, .signal, .halted, .stepped, .threadExited:
                // The runtime's own signals reach it as in a continue. Not yet: a halt during
                // a Go call (the call goes on).
                continue
            }
        }
    }

    /// At the frame-ready INT3 (on the call's new goroutine): the arguments in their
    /// registers, a return to the INT3's next instruction pushed, the function started.
    private func enterCalledFunction(_ request: GoDebugCall.Request, thread: ThreadID, registers current: Registers)
        throws(EvaluationError)
    {
        guard let process = traced else { return }
        var registers = current
        let integerRegisters: [WritableKeyPath<Registers, UInt64>] = [\.rax, \.rbx, \.rcx, \.rdi, \.rsi, \.r8, \.r9, \.r10, \.r11]
        for (index, word) in request.integers.enumerated() where index < integerRegisters.count {
            registers[keyPath: integerRegisters[index]] = word
        }
        registers.rsp -= 8
        registers.rip = request.entry
        let isSet = process.assumeIsolated { [registers] process in
            guard var floatingPoint = try? process.floatingPointRegisters(of: thread) else { return false }
            for (index, word) in request.floats.enumerated() {
                floatingPoint.setXMM(index, littleEndianBytes(word, count: 8) + [UInt8](repeating: 0, count: 8))
            }
            return (try? process.writeMemory(littleEndianBytes(current.rip, count: 8), at: registers.rsp)) != nil
                && (try? process.setRegisters(registers, of: thread)) != nil
                && (try? process.setFloatingPointRegisters(floatingPoint, of: thread)) != nil
        }
        guard isSet else { throw .invalid("cannot call \(request.name): its arguments cannot be written") }
    }

    /// At the last INT3: every register as before the call but RIP and RSP (the runtime
    /// restores the pointers from its frame, which a stack move may have changed), then one
    /// instruction at a time out of debugCallV2, back where the goroutine was.
    private func leaveDebugCall(_ saved: SavedThreadState, thread: ThreadID, registers current: Registers) throws(EvaluationError) {
        guard let process = traced else { return }
        var registers = saved.registers
        registers.rip = current.rip
        registers.rsp = current.rsp
        let isSet = process.assumeIsolated { [registers] process in
            (try? process.setRegisters(registers, of: thread)) != nil
                && (try? process.setFloatingPointRegisters(saved.floatingPoint, of: thread)) != nil
        }
        guard isSet else { throw .invalid("could not restore registers") }
        // debugCallV2's epilogue is 16 moves and a return: the bound only guards against a
        // runtime that is not what its source says.
        for _ in 0..<64 {
            guard let pc = try? self.registers(of: thread).rip, pc != saved.registers.rip else { break }
            let stepped = process.assumeIsolated { process in (try? process.stepInstruction(thread)) }
            guard case .stepped? = stepped else { throw .invalid("could not step out of runtime.debugCallV2") }
        }
        process.assumeIsolated { process in
            if thread == saved.thread {
                // Every register as saved (XSAVE whole), and what dbg knew of the stop.
                _ = try? process.restoreAfterCall(saved, outermost: true)
            } else {
                process.forgetCall()
            }
        }
    }

    /// The protocol's status when `thread` stopped at one of debugCallV2's INT3s (or of the
    /// debugCallNNN frames it opens); nil for any other trap.
    private func goDebugCallStatus(of thread: ThreadID) -> GoDebugCallStatus? {
        guard let registers = try? registers(of: thread),
              let name = images.describe(registers.rip &- 1)?.function?.name,
              name.hasPrefix("runtime.debugCall") || name.hasPrefix("debugCall")
        else { return nil }
        return GoDebugCallStatus(rawValue: registers.r12)
    }

    /// A Go string's text from its header at `address`.
    private func goString(at address: UInt64) -> String? {
        guard let header = try? memory.read(at: address, count: 16) else { return nil }
        let length = littleEndianValue(header[8..<16])
        guard length < 1 << 16, let text = try? memory.read(at: littleEndianValue(header[0..<8]), count: Int(length)) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }
}
