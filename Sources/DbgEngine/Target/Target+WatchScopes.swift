import DbgProcess
import DbgSymbols

/// Watchpoints on stack variables: the variable lives as long as its frame, so a breaklet
/// where the frame returns clears the watchpoint when it does (as gdb and Delve do), and the
/// stop says so.
extension Target {
    /// Where `address` is as a stack variable of the stack `frame` was evaluated on: the
    /// scope of the frame holding it; nil when it is not on that stack (a global, the heap).
    /// On another thread's stack it is refused: dbg cannot tell when that frame returns.
    func watchScope(of address: UInt64, thread: ThreadID, greenThread: Int64?) throws(EngineError) -> WatchScope? {
        let owner = greenThread.flatMap { try? self.greenThread(id: $0) } ?? currentGreenThread(of: thread)
        let bounds: Range<UInt64>?
        if let owner, owner.stackHi > owner.stackLo {
            bounds = owner.stackLo..<owner.stackHi
        } else {
            bounds = stackMapping(of: thread)
        }
        guard let bounds, bounds.contains(address) else {
            if owner == nil, isOnAnotherThreadsStack(address, than: thread) {
                throw EngineError("not yet: watchpoints on another thread's stack variables")
            }
            return nil
        }
        let frames = try backtrace(thread: thread, greenThread: greenThread)
        // A frame's variables lie below its CFA and above its callees' CFAs: the innermost
        // frame whose CFA is above the address holds it.
        guard let holder = frames.first(where: { ($0.cfa ?? 0) > address }), let cfa = holder.cfa,
              let returnAddress = try? memory.readUInt64(at: cfa &- 8), returnAddress != 0
        else { throw EngineError("cannot watch a stack variable whose frame dbg cannot find") }
        return WatchScope(
            thread: thread, greenThread: owner?.id, greenThreadAddress: owner?.address, stackHi: owner?.stackHi, frameCFA: cfa,
            returnAddress: returnAddress)
    }

    /// Breaklets at the returns of the function that moves green threads' stacks, while a
    /// watchpoint is on such a stack (none for a runtime whose stacks stay put).
    func watchStackMoves() throws(EngineError) {
        guard let name = runtime.stackMoveFunction, breaklets.all(where: { $0.reason == .stackMoved }).isEmpty,
              let executable = images.executable, let function = executable.image.functions(named: name, searchingDWARF: false).first,
              let size = function.symbol?.size,
              let instructions = CodeReader(path: executable.image.path, elf: executable.image.elf).instructions(at: function.entry, size: size)
        else { return }
        let returns = instructions.filter(\.isReturn).map { executable.runtimeAddress(Address($0.address)) }
        guard !returns.isEmpty else { throw EngineError("cannot watch a stack variable: \(name) has no return dbg can find") }
        try addBreaklet(Breaklet(.stackMoved), at: returns)
    }

    /// After the runtime moved a stack: each watchpoint on a moved stack moves by as much as
    /// the stack's top did (its debug register set anew), and its frame with it.
    func followStackMoves() {
        for (id, breakpoint) in breakpoints {
            guard let original = breakpoint.watch, var scope = original.scope, let address = scope.greenThreadAddress,
                  let oldHi = scope.stackHi, let moved = runtime.greenThread(atAddress: address, in: runtimeProgram),
                  moved.id == scope.greenThread, moved.stackHi != oldHi
            else { continue }
            let delta = moved.stackHi &- oldHi
            var watch = original
            scope.stackHi = moved.stackHi
            scope.frameCFA &+= delta
            watch.scope = scope
            watch.address &+= delta
            if !breakpoint.isDisabled {
                disarmWatchpoint(original)
                guard let register = try? takeDebugRegister(address: watch.address, size: watch.size, access: watch.access) else { continue }
                watch.register = register
            }
            breakpoints[id]?.watch = watch
            if let (value, last) = watchedValues[id] {
                var moved = value
                moved.location = .memory(watch.address)
                watchedValues[id] = (moved, last)
            }
        }
    }

    /// The thread's stack mapping (the one its stack pointer is in).
    private func stackMapping(of thread: ThreadID) -> Range<UInt64>? {
        guard let sp = try? registers(of: thread).rsp, let regions = try? program.memoryMap(),
              let region = regions.first(where: { $0.start <= sp && sp < $0.end })
        else { return nil }
        return region.start..<region.end
    }

    private func isOnAnotherThreadsStack(_ address: UInt64, than thread: ThreadID) -> Bool {
        threadIDs().contains { $0 != thread && stackMapping(of: $0)?.contains(address) == true }
    }

    /// The watchpoints whose frames the hit of `address` by `thread` shows returned: each
    /// cleared (its debug register and its breaklet freed), in id order.
    func endWatchScopes(at address: UInt64, thread: ThreadID) -> [LogicalBreakpoint] {
        let ids = breaklets.at(address).compactMap { breaklet -> Int? in
            if case .watchScope(let id) = breaklet.reason { id } else { nil }
        }
        guard !ids.isEmpty, let sp = try? registers(of: thread).rsp else { return [] }
        let greenThread = currentGreenThread(of: thread)?.id
        var ended: [LogicalBreakpoint] = []
        for id in ids.sorted() {
            guard let scope = breakpoints[id]?.watch?.scope else { continue }
            let isItsFrame = scope.greenThread.map { $0 == greenThread } ?? (scope.thread == thread)
            // Returned: the stack pointer back at the CFA (a deeper frame's return is below it).
            guard isItsFrame, sp >= scope.frameCFA, let cleared = try? clearBreakpoint(id: id) else { continue }
            ended.append(cleared)
        }
        return ended
    }

    /// Takes away the breaklet of a watchpoint's scope (when the watchpoint is cleared), and
    /// those at the stack mover's returns when no watchpoint is on a movable stack any more.
    func removeWatchScope(of breakpoint: LogicalBreakpoint) {
        guard let scope = breakpoint.watch?.scope else { return }
        removeBreaklets(.watchScope(id: breakpoint.id), at: [scope.returnAddress])
        if !breakpoints.values.contains(where: { $0.watch?.scope?.greenThreadAddress != nil }) {
            removeBreaklets(.stackMoved, at: breaklets.all { $0.reason == .stackMoved }.map(\.address))
        }
    }
}
