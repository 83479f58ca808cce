import DbgProcess
import DbgSymbols

/// Running one call (see Target+Calls): the thread saved, the System V frame written below
/// its stack (SysVCallFrame), its registers set, the function run on the thread alone to the
/// int3 it returns to (TracedProcess+Calls), the result read from where the ABI leaves it,
/// the thread put back. Everything here is synchronous, on the program's executor: it runs
/// inside the evaluation of the expression.
extension Target {
    /// Sets up a call of `prototype`'s function with `arguments` on `thread` and runs it (see
    /// FunctionCaller.call).
    func startCall(_ prototype: FunctionPrototype, arguments: [CallArgument], thread: ThreadID, context: ValueContext)
        throws(EvaluationError) -> Value?
    {
        guard let process = traced else { throw .invalid(EngineError.coreFileMessage) }
        switch prototype.convention {
        case .systemV: break
        case .goDebugCall: return try startGoCall(prototype, arguments: arguments, thread: thread, context: context)
        case .notYet(let reason): throw .invalid(reason)
        }
        let types = context.types
        var passed: [SysVCallFrame.Passed] = []
        for (index, argument) in arguments.enumerated() {
            passed.append(try Self.passed(argument, types: types, position: index + 1, of: prototype.name))
        }
        let resultSize = try Self.resultMemorySize(prototype, types: types)
        let saved: SavedThreadState
        do {
            saved = try process.assumeIsolated { process in Result { () throws(ProcessError) in try process.saveForCall(thread) } }.get()
        } catch {
            throw .invalid("cannot call \(prototype.name): \(error.description)")
        }
        guard let trap = process.assumeIsolated({ $0.callReturnAddress(near: saved.registers.rip) }) else {
            putBack(saved)
            throw .invalid("cannot call \(prototype.name): no scratch area could be mapped in the program for it to return to")
        }
        let layout: SysVCallFrame.Layout
        do {
            layout = try SysVCallFrame.layout(passed, stackPointer: saved.registers.rsp, returnAddress: trap, resultSize: resultSize)
        } catch {
            putBack(saved)
            throw .invalid("cannot call \(prototype.name): the stack pointer 0x\(String(saved.registers.rsp, radix: 16)) leaves no room")
        }
        var registers = saved.registers
        registers.rip = prototype.address
        registers.rsp = layout.entryStackPointer
        let integerRegisters: [WritableKeyPath<Registers, UInt64>] = [\.rdi, \.rsi, \.rdx, \.rcx, \.r8, \.r9]
        for (index, word) in layout.integerRegisters.enumerated() { registers[keyPath: integerRegisters[index]] = word }
        // How many vector registers hold arguments: what a variadic function's prologue reads.
        registers.rax = UInt64(layout.vectorRegisters.count)
        // The ABI's direction flag is clear at a call; a trap flag would stop every instruction.
        registers.eflags &= ~UInt64(0x400 | 0x100)
        // A thread stopped in a system call would restart it, at the function's entry, once
        // resumed: no restart (the saved registers bring it back for the program afterwards).
        registers.origRax = UInt64.max
        var floatingPoint = saved.floatingPoint
        for (index, bytes) in layout.vectorRegisters.enumerated() { floatingPoint.setXMM(index, bytes) }
        let isSet = process.assumeIsolated { process in
            (try? process.writeMemory(layout.memory, at: layout.entryStackPointer)) != nil
                && (try? process.setRegisters(registers, of: thread)) != nil
                && (try? process.setFloatingPointRegisters(floatingPoint, of: thread)) != nil
        }
        guard isSet else {
            putBack(saved)
            throw .invalid("cannot call \(prototype.name): its frame cannot be written below the stack at 0x\(String(layout.entryStackPointer, radix: 16))")
        }
        debuggerCalls.append(DebuggerCall(
            saved: saved, returnAddress: trap, calleeCFA: layout.entryStackPointer &+ 8, prototype: prototype,
            resultBuffer: layout.resultBuffer, context: context, stopBefore: lastStop, selectedFrameBefore: selectedFrame,
            hiddenInlineFramesBefore: hiddenInlineFrames))
        return try resumeCall()
    }

    /// Runs the innermost call on until its function returns (its result; the thread back as
    /// before the call) or stops inside (`.callStopped`, the call left suspended) or fails
    /// (an error, the call abandoned).
    func resumeCall() throws(EvaluationError) -> Value? {
        guard let call = debuggerCalls.last, let process = traced else { throw .invalid("no function called by dbg is running") }
        while true {
            fakeAddresses.forgetAll()
            let stop: CallStop
            do {
                stop = try process.assumeIsolated { process in
                    Result { () throws(ProcessError) in try process.runCall(call.thread, returningTo: call.returnAddress) }
                }.get()
            } catch {
                abandon(call)
                throw .invalid("the call of \(call.prototype.name) failed: \(error.description)")
            }
            switch stop {
            case .returned:
                let result = Result { () throws(EvaluationError) in try resultValue(of: call) }
                abandon(call)
                return try result.get()
            case .stopped(let event):
                try handleStopInCall(event, of: call)
            }
        }
    }

    /// Pops `call` and puts its thread back as before it.
    private func abandon(_ call: DebuggerCall) {
        debuggerCalls.removeLast()
        putBack(call.saved)
        returnToStop(before: call)
    }

    /// What a stop inside a called function means. Returns to let the function run on (a
    /// breakpoint whose condition does not hold, a tracepoint, a library loading); throws
    /// `.callStopped` for a stop the user sees, the call left suspended; throws an error
    /// when the call is over without returning (a signal abandons it; the thread or the
    /// program ended).
    private func handleStopInCall(_ event: StopEvent, of call: DebuggerCall) throws(EvaluationError) {
        switch event {
        case .breakpoint(let thread, let address):
            if breaklets.at(address).contains(where: { $0.reason == .libraryEvent }) {
                refreshImages()
                resolvePendingBreakpoints()
            }
            // A step's internal breakpoints stay for their step: inside the call they are
            // passed. Breakpoints sharing the address all count the hit; the first reports it.
            var stoppedBy: Int?
            for id in breakpointsAt(address) {
                let stops: Bool?
                do {
                    stops = try userBreakpointStops(id: id, thread: thread, address: address, traces: &callTraces)
                } catch {
                    stops = true
                }
                if stops == true && stoppedBy == nil { stoppedBy = id }
            }
            guard let id = stoppedBy else { return }
            throw suspend(StopReport(reason: .breakpoint(id: id), thread: thread, traces: callTraces))
        case .signal(let thread, let info) where info.isHardwareBreakpoint:
            guard let report = watchpointHitNow(thread: thread, traces: callTraces) else { return }
            throw suspend(report)
        case .signal(let thread, let info) where info.isTrapInstruction:
            traced?.assumeIsolated { $0.discardSignal(of: thread) }
            throw suspend(StopReport(reason: .hardcodedBreakpoint, thread: thread, traces: callTraces))
        case .signal(let thread, let info):
            // As gdb (unwindonsignal off): the user sees where; `continue` delivers the signal
            // as it would have been, `call -abandon` puts the thread back without it.
            throw suspend(StopReport(reason: .signal(info), thread: thread, traces: callTraces))
        case .halted(let thread):
            throw suspend(StopReport(reason: .halted, thread: thread, traces: callTraces))
        case .exited(let code):
            debuggerCalls = []
            _ = finish(StopReport(reason: .exited(code: code), thread: nil, traces: callTraces))
            throw .callStopped
        case .killed(let signal, _):
            debuggerCalls = []
            _ = finish(StopReport(reason: .killed(signal: signal), thread: nil, traces: callTraces))
            throw .callStopped
        case .threadExited:
            // Nothing to put back: the thread is gone.
            debuggerCalls.removeLast()
            if debuggerCalls.isEmpty { traced?.assumeIsolated { $0.forgetCall() } }
            returnToStop(before: call)
            throw .invalid("the thread running \(call.prototype.name) exited before the function returned")
        case .exec:
            debuggerCalls = []
            traced?.assumeIsolated { $0.forgetCall() }
            _ = finish(StopReport(reason: .halted, thread: event.thread, traces: callTraces))
            throw .invalid("\(call.prototype.name) executed a new program: the call cannot return (breakpoints are as they were)")
        case .stepped:
            return
        }
    }

    /// A stop inside a called function, shown to the user: the call stays suspended (parked
    /// as any stop, by Target.reportOfCalls).
    private func suspend(_ report: StopReport) -> EvaluationError {
        _ = finish(report)
        return .callStopped
    }

    // MARK: Arguments and results

    /// How an argument is passed, by its type's class.
    private static func passed(_ argument: CallArgument, types: TypeSystem, position: Int, of function: String)
        throws(EvaluationError) -> SysVCallFrame.Passed
    {
        let value: Value
        switch argument {
        case .copied(let bytes, _): return .copied(bytes)
        case .value(let given): value = given
        }
        let notYet = EvaluationError.invalid("not yet: passing \(value.typeName) by value (argument \(position) of \(function))")
        do {
            switch types.shape(of: value.type) {
            case .integer, .boolean, .enumeration, .pointer, .function:
                return .integer(try value.scalar().bits)
            case .float(let size) where size <= 8, .complex(let size) where size <= 8:
                return .vector(try value.bytes())
            case .float:
                return .memory(try value.bytes(), alignment: 16)  // long double: on the stack
            case .complex(let size) where size == 16:
                return .aggregate(try value.bytes(), classes: [.vector, .vector])
            case .aggregate:
                let bytes = try value.bytes()
                if bytes.count > 16 { return .memory(bytes, alignment: 8) }
                guard !bytes.isEmpty, let classes = SysVReturnLocation(types: types).eightbyteClasses(of: value.type, size: bytes.count)
                else { throw notYet }
                return .aggregate(bytes, classes: classes)
            default:
                throw notYet
            }
        } catch let error as ValueError {
            throw .value(error)
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw notYet
        }
    }

    /// The size of the buffer a result returned in memory needs (nil: in registers).
    private static func resultMemorySize(_ prototype: FunctionPrototype, types: TypeSystem) throws(EvaluationError) -> UInt64? {
        guard let result = prototype.result else { return nil }
        let notYet = EvaluationError.invalid("not yet: calling \(prototype.name), which returns \(types.name(of: result))")
        switch types.shape(of: result) {
        case .aggregate:
            guard let size = types.size(of: result), size > 0 else { throw notYet }
            if size > 16 { return size }
            guard SysVReturnLocation(types: types).eightbyteClasses(of: result, size: Int(size)) != nil else { throw notYet }
            return nil
        case .complex(let size) where size > 16:
            throw notYet
        default:
            return nil
        }
    }

    /// What the function returned, read where the ABI leaves it (rax, rdx; xmm0, xmm1; st0;
    /// the result buffer), as a value of the calling frame's.
    private func resultValue(of call: DebuggerCall) throws(EvaluationError) -> Value? {
        guard let type = call.prototype.result else { return nil }
        let types = call.context.types
        let unreadable = EvaluationError.invalid("cannot read what \(call.prototype.name) returned")
        guard let registers = try? program.registers(of: call.thread),
              let floatingPoint = try? program.floatingPointRegisters(of: call.thread)
        else { throw unreadable }
        let size = Int(clamping: types.size(of: type) ?? 0)
        let bytes: [UInt8]
        switch types.shape(of: type) {
        case .void:
            return nil
        case .integer, .boolean, .enumeration, .pointer, .function:
            bytes = littleEndianBytes(registers.rax, count: min(size, 8))
        case .float(let floatSize) where floatSize <= 8:
            bytes = Array(floatingPoint.xmm(0).prefix(floatSize))
        case .float:
            // long double: the x87 stack's top, its 10 bytes in a 16-byte value.
            bytes = floatingPoint.st(0) + [UInt8](repeating: 0, count: max(size - 10, 0))
        case .aggregate, .complex:
            if let buffer = call.resultBuffer {
                guard let read = try? memory.read(at: buffer, count: size) else { throw unreadable }
                bytes = read
            } else {
                let vectors = [floatingPoint.xmm(0), floatingPoint.xmm(1)].map { littleEndianValue($0.prefix(8)) }
                guard case .bytes(let inRegisters)? = SysVReturnLocation(types: types).location(
                    of: type, integers: [registers.rax, registers.rdx], vectors: vectors)
                else { throw unreadable }
                bytes = inRegisters
            }
        default:
            throw .invalid("not yet: results of type \(types.name(of: type))")
        }
        return Value.constant(bytes, type: type, context: call.context, name: call.prototype.name)
    }
}
