import DbgProcess

/// Watchpoints: user breakpoints on data, each a hardware debug register in every thread.
/// At a hit the watched value is read again and reported with the one seen before.
extension Target {
    /// Watches what `expression` names (a variable, a field, an element: it must have an
    /// address, and a size a debug register covers), evaluated in a frame of `thread`.
    public func createWatchpoint(_ expression: String, access: WatchAccess, readOnlyRequested: Bool = false,
                                 thread: ThreadID, greenThread: Int64?, frame: Int) throws(EngineError) -> LogicalBreakpoint
    {
        let (value, address, size) = try watchableValue(expression, thread: thread, greenThread: greenThread, frame: frame)
        let scope = try watchScope(of: address, thread: thread, greenThread: greenThread)
        if let existing = breakpoints.values.first(where: { $0.watch?.address == address && $0.watch?.size == size }) {
            throw EngineError("Breakpoint exists at 0x\(String(address, radix: 16)) with id \(existing.id)", kind: .alreadyExists)
        }
        let register = try takeDebugRegister(address: address, size: size, access: access)
        var breakpoint = LogicalBreakpoint(id: nextBreakpointID, spec: expression, locations: [])
        breakpoint.watch = Watchpoint(expression: expression, access: access, readOnlyRequested: readOnlyRequested,
                                      address: address, size: size, register: register, scope: scope)
        if let scope {
            do throws(EngineError) {
                if scope.greenThreadAddress != nil { try watchStackMoves() }
                try addBreaklet(Breaklet(.watchScope(id: breakpoint.id)), at: [scope.returnAddress])
            } catch {
                traced?.assumeIsolated { $0.removeWatchpoint(register) }
                throw error
            }
        }
        breakpoints[breakpoint.id] = breakpoint
        watchedValues[breakpoint.id] = (value, ValueLoader(config: .default).load(value))
        nextBreakpointID += 1
        return breakpoint
    }

    /// Where a watchpoint on `expression` would watch, without setting one (an editor asks
    /// before it offers a data breakpoint); throws why it cannot be watched. Whether the debug
    /// registers take that size and alignment is only known when one is set.
    public func watchLocation(_ expression: String, thread: ThreadID, greenThread: Int64?, frame: Int)
        throws(EngineError) -> (address: UInt64, size: Int)
    {
        let (_, address, size) = try watchableValue(expression, thread: thread, greenThread: greenThread, frame: frame)
        return (address, size)
    }

    /// The value `expression` names, its address and size, if it is one a watchpoint can watch.
    private func watchableValue(_ expression: String, thread: ThreadID, greenThread: Int64?, frame: Int)
        throws(EngineError) -> (value: Value, address: UInt64, size: Int)
    {
        guard !hasEnded else { throw .exited }
        let value = try evaluate(expression, thread: thread, greenThread: greenThread, frame: frame, deferredCall: 0)
        guard case .memory = value.location, let address = value.address, !value.isLiteral else {
            throw EngineError("cannot watch \(expression): it has no address")
        }
        return (value, address, Int(clamping: value.types.size(of: value.type) ?? 0))
    }

    /// A watchpoint enabled again (`toggle`): a debug register anew, maybe another one.
    func armWatchpoint(_ id: Int) throws(EngineError) {
        guard let watch = breakpoints[id]?.watch else { return }
        breakpoints[id]?.watch?.register = try takeDebugRegister(address: watch.address, size: watch.size, access: watch.access)
    }

    func takeDebugRegister(address: UInt64, size: Int, access: WatchAccess) throws(EngineError) -> Int {
        let result: Result<Int, ProcessError> = try live().assumeIsolated { process in
            Result { () throws(ProcessError) in try process.addWatchpoint(address: address, size: size, access: access) }
        }
        return try result.mapError(EngineError.from).get()
    }

    func disarmWatchpoint(_ watch: Watchpoint) {
        guard !hasEnded else { return }
        traced?.assumeIsolated { $0.removeWatchpoint(watch.register) }
    }

    /// A thread's debug-register trap: the watchpoint it hit, counted, with its value's change.
    func watchpointHit(thread: ThreadID, traces: [TraceHit]) async -> StopReport? {
        watchpointHitNow(thread: thread, traces: traces)
    }

    /// `watchpointHit`, from synchronous code on the program's executor (a function the
    /// debugger called writes a watched variable).
    func watchpointHitNow(thread: ThreadID, traces: [TraceHit]) -> StopReport? {
        guard let traced else { return nil }
        let registers = traced.assumeIsolated { process in
            process.discardSignal(of: thread)
            return process.takeWatchpointHits(of: thread)
        }
        guard let id = breakpoints.values.first(where: { watch in
            watch.watch.map { registers.contains($0.register) && !watch.isDisabled } ?? false
        })?.id else { return nil }
        // The value seen moves on at every hit, stopping or not: a stop's old value is the
        // one before the access that stopped (gdb's).
        var change: WatchChange?
        if let (value, last) = watchedValues[id] {
            let now = ValueLoader(config: .default).load(value)
            watchedValues[id] = (value, now)
            change = WatchChange(old: last, new: now)
        }
        // Its condition and hit condition, as a breakpoint's; a condition that cannot be
        // evaluated stops the program, so the user sees why.
        if let text = breakpoints[id]?.condition, let condition = try? BreakpointCondition(text),
           !((try? conditionHolds(condition, thread: thread)) ?? true) {
            return nil
        }
        guard breakpoints[id]?.recordHit(by: currentGreenThread(of: thread)?.id ?? Int64(thread.value)) == true else { return nil }
        var report = StopReport(reason: .breakpoint(id: id), thread: thread, traces: traces)
        report.watchChange = change
        return report
    }

}
