import CSys

/// Hardware watchpoints: x86-64's debug registers, written with PTRACE_POKEUSER into every
/// thread, and into each thread the program creates later (the kernel gives a new thread
/// none of its parent's). A hit is a SIGTRAP (TRAP_HWBKPT) whose DR6 says which register.
extension TracedProcess {
    /// Watches `size` bytes at `address` in every thread; returns the debug register used
    /// (the handle for `removeWatchpoint`). The program must be stopped.
    public func addWatchpoint(address: UInt64, size: Int, access: WatchAccess) throws(ProcessError) -> Int {
        guard DebugRegisterSlots.sizes.contains(size) else {
            throw .watchpointRefused("cannot watch \(size) bytes: a hardware watchpoint covers 1, 2, 4 or 8")
        }
        guard address % UInt64(size) == 0 else {
            throw .watchpointRefused("cannot watch 0x\(String(address, radix: 16)): \(size) bytes must be aligned to \(size)")
        }
        guard let index = watchSlots.take(.init(address: address, size: size, access: access)) else {
            throw .watchpointRefused("no free hardware watchpoint: at most \(DebugRegisterSlots.count) at once")
        }
        // In an attached program: if dbg is killed, the kernel keeps the debug registers, and
        // the healer lets their traps go instead of the program dying of SIGTRAP.
        installTrapHealerIfNeeded()
        for thread in threads.keys where threads[thread]?.isStopped == true {
            guard applyWatchRegisters(to: thread) else {
                watchSlots.free(index)
                for other in threads.keys where threads[other]?.isStopped == true { _ = applyWatchRegisters(to: other) }
                throw .watchpointRefused("the kernel refused a debug register for 0x\(String(address, radix: 16))")
            }
        }
        return index
    }

    /// Stops watching with debug register `index`, in every thread.
    public func removeWatchpoint(_ index: Int) {
        watchSlots.free(index)
        for thread in threads.keys where threads[thread]?.isStopped == true { _ = applyWatchRegisters(to: thread) }
    }

    /// Writes DR0-DR3 and DR7 of a stopped thread from the table (addresses first: the
    /// kernel checks each enabled register's address when DR7 is written).
    @discardableResult
    func applyWatchRegisters(to thread: ThreadID) -> Bool {
        // A thread that never had a watchpoint needs no write (most threads, most sessions).
        if watchSlots.isEmpty && !(threads[thread]?.hasWatchRegisters ?? false) { return true }
        var ok = csys_ptrace_poke_debugreg(thread.value, 7, 0) == 0
        for (index, slot) in watchSlots.slots.enumerated() {
            guard let slot else { continue }
            ok = ok && csys_ptrace_poke_debugreg(thread.value, Int32(index), slot.address) == 0
        }
        ok = ok && csys_ptrace_poke_debugreg(thread.value, 7, watchSlots.dr7) == 0
        threads[thread]?.hasWatchRegisters = !watchSlots.isEmpty
        return ok
    }

    /// The debug registers (0-3) whose watchpoint `thread` just hit, from its DR6, which is
    /// cleared for the next hit. Empty when the trap was not a watchpoint's.
    public func takeWatchpointHits(of thread: ThreadID) -> [Int] {
        var dr6: UInt64 = 0
        guard csys_ptrace_peek_debugreg(thread.value, 6, &dr6) == 0 else { return [] }
        let hits = DebugRegisterSlots.triggered(byDR6: dr6)
        if !hits.isEmpty { _ = csys_ptrace_poke_debugreg(thread.value, 6, 0) }
        return hits.filter { watchSlots.slots[$0] != nil }
    }
}
