import CSys

/// What the crash rescue must undo in one traced program if dbg dies of a fault (see
/// csys_rescue.h): dbg's int3s with the bytes they replaced, and the scratch areas mapped
/// for out-of-line instructions. Kept by the process's tracer thread as it changes the
/// program; the rescue, on that thread, also stops, rewinds, steps out and detaches the
/// threads it finds. A launched program is not rescued: it dies with dbg (EXITKILL).
struct RescueLedger: Sendable {
    let handle: Int32

    /// Nil when every ledger is in use (the program is then not rescued). `trapsRewound`:
    /// the tracer moves a thread back onto the site as soon as it sees its int3's trap
    /// (TracedProcess); otherwise a thread at a trap already seen is still past the int3.
    init?(pid: Int32, tracer: Int32, rescues: Bool, trapsRewound: Bool) {
        let handle = csys_rescue_open(pid, tracer, rescues ? 1 : 0, trapsRewound ? 1 : 0)
        guard handle >= 0 else { return nil }
        self.handle = handle
        if rescues, let guardian = GuardianExecutable.path { _ = csys_rescue_attach_guardian(handle, guardian) }
    }

    /// Whether a guardian (dbg-guardian) keeps a copy of the sites, to restore the program
    /// even if dbg is killed by SIGKILL.
    var hasGuardian: Bool { csys_rescue_has_guardian(handle) != 0 }

    func close() { csys_rescue_close(handle) }

    func addSite(_ address: UInt64, original: UInt8) { csys_rescue_add_site(handle, address, original) }
    func removeSite(_ address: UInt64) { csys_rescue_remove_site(handle, address) }
    func removeAllSites() { csys_rescue_remove_all_sites(handle) }
    func setSitesInMemory(_ inMemory: Bool) { csys_rescue_set_sites_in_memory(handle, inMemory ? 1 : 0) }

    func addArea(_ address: UInt64, size: UInt64) { csys_rescue_add_area(handle, address, size) }

    /// The trap healer's area in the program (nil: none), which a rescue takes out.
    func setTrapHealer(_ area: UInt64?) {
        csys_rescue_set_healer(
            handle, area ?? 0, UInt64(TrapHealerCode.areaSize), TrapHealerCode.previousActionOffset,
            TrapHealerCode.currentActionOffset)
    }

    /// A system call made to run in `thread` (see InjectedSyscall), until its code and registers
    /// are back: a rescue meanwhile puts them back itself.
    func beginInjection(thread: Int32, saved: user_regs_struct, word: UInt64, number: UInt64, size: UInt64) {
        var registers = saved
        csys_rescue_begin_injection(handle, thread, &registers, word, number, size)
    }
    func endInjection() { csys_rescue_end_injection(handle) }

    /// A function call dbg makes `saved.thread` run (see TracedProcess+Calls), from before its
    /// registers change until they are back: a rescue meanwhile puts them back.
    func beginCall(_ saved: SavedThreadState) {
        var registers = saved.registers.raw
        var floatingPoint = saved.floatingPoint.raw
        saved.xstate.withUnsafeBytes { bytes in
            csys_rescue_begin_call(handle, saved.thread.value, &registers, bytes.baseAddress, bytes.count, &floatingPoint)
        }
    }
    func endCall() { csys_rescue_end_call(handle) }
    func removeAllAreas() { csys_rescue_remove_all_areas(handle) }
}
