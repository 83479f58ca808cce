/// The trap healer (TrapHealer/trap-healer.s): in a program dbg attached to, a SIGTRAP
/// handler of dbg's with a table of the breakpoint sites, so that the program outlives a
/// SIGKILL of dbg even while its threads run through breakpoints. The kernel then detaches
/// the program with the int3s in place, and dbg-guardian writes the original bytes back
/// within a moment; a thread that meets an int3 in that moment traps, and the healer puts
/// that site's byte back and runs the instruction, where the thread would have died of
/// SIGTRAP. A launched program needs none: it dies with dbg (PTRACE_O_EXITKILL).
///
/// Installed before the first int3 goes in (one mapping, four injected system calls), taken
/// out at detach. After an exec, before the first int3 of the new program.
extension TracedProcess {
    /// Installs the healer in an attached program that has none, with the sites so far.
    /// Best effort: a program that refuses it (no mapping, no rt_sigaction) is left as it
    /// was and debugged without it.
    func installTrapHealerIfNeeded() {
        guard !isLaunched, sites.healer == nil, !trapHealerTried else { return }
        trapHealerTried = true
        guard let area = trapHealer.install() else { return }
        var table = TrapHealerTable(area: area, memoryFile: memoryDescriptor())
        for address in sites.addresses {
            if let original = sites.original(at: address) { table.set(address, original: original) }
        }
        sites.healer = table
        sites.ledger?.setTrapHealer(area)
    }

    /// Takes the healer at `area` out (detach, the int3s out of memory and the sites forgotten
    /// already).
    func removeTrapHealer(at area: UInt64) {
        trapHealer.remove(at: area)
    }

    private var trapHealer: TrapHealer {
        TrapHealer(
            runInjected: { call in self.runInjected(call) },
            read: { address, count in try? self.readMemory(at: address, count: count) },
            write: { bytes, address in (try? self.writeThroughProtection(bytes, at: address)) != nil },
            ledger: sites.ledger)
    }
}
