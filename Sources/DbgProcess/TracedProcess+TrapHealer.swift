import Glibc

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
        let size = TrapHealerCode.areaSize
        guard let area = runInjected({ thread throws(ProcessError) in
            try InjectedSyscall.map(thread: thread, size: size, near: 0, protection: PROT_READ | PROT_WRITE, ledger: sites.ledger)
        }) else { return }
        var installed = false
        defer {
            if !installed {
                _ = runInjected { thread throws(ProcessError) in
                    InjectedSyscall.unmap(thread: thread, address: area, size: size, ledger: sites.ledger) ?? .returned(0)
                }
            }
        }
        // The action SIGTRAP has now, read into the area, becomes the healer's fallback.
        guard let queried = runInjected({ thread throws(ProcessError) in
            try InjectedSyscall.signalAction(
                thread: thread, signal: SIGTRAP, action: 0, previous: area + TrapHealerCode.previousActionOffset,
                ledger: sites.ledger)
        }), !InjectedSyscall.isFailure(queried),
            let previous = try? readMemory(at: area + TrapHealerCode.previousActionOffset, count: 32)
        else { return }
        let words = (0..<4).map { index in previous[index * 8..<index * 8 + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        let flags = (words[1] & ~TrapHealerCode.saResetHand) | TrapHealerCode.saSigInfo | TrapHealerCode.saRestorer
        let action = [area, flags, area + TrapHealerCode.restorerOffset, words[3]]
            .flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
        guard (try? writeThroughProtection(TrapHealerCode.bytes, at: area)) != nil,
              (try? writeThroughProtection(action, at: area + TrapHealerCode.actionOffset)) != nil,
              let protected = runInjected({ thread throws(ProcessError) in
                  try InjectedSyscall.protect(
                      thread: thread, address: area, size: size, protection: PROT_READ | PROT_EXEC, ledger: sites.ledger)
              }), !InjectedSyscall.isFailure(protected),
              let set = runInjected({ thread throws(ProcessError) in
                  try InjectedSyscall.signalAction(
                      thread: thread, signal: SIGTRAP, action: area + TrapHealerCode.actionOffset, previous: 0,
                      ledger: sites.ledger)
              }), !InjectedSyscall.isFailure(set)
        else { return }
        installed = true
        var table = TrapHealerTable(area: area, memoryFile: memoryDescriptor())
        for address in sites.addresses {
            if let original = sites.original(at: address) { table.set(address, original: original) }
        }
        sites.healer = table
        sites.ledger?.setTrapHealer(area)
    }

    /// Takes the healer at `area` out (detach, the int3s out of memory and the sites forgotten
    /// already): SIGTRAP's action as it was and the area unmapped. If the program has set an
    /// action of its own since, that stays, and so does the area (its handler may pass
    /// SIGTRAPs on to the healer's).
    func removeTrapHealer(at area: UInt64) {
        let size = TrapHealerCode.areaSize
        let ledger = sites.ledger
        // Writable for a moment, for the kernel to write the action in place there.
        guard let opened = runInjected({ thread throws(ProcessError) in
            try InjectedSyscall.protect(thread: thread, address: area, size: 4096, protection: PROT_READ | PROT_WRITE, ledger: ledger)
        }), !InjectedSyscall.isFailure(opened),
            let read = runInjected({ thread throws(ProcessError) in
                try InjectedSyscall.signalAction(
                    thread: thread, signal: SIGTRAP, action: 0, previous: area + TrapHealerCode.currentActionOffset, ledger: ledger)
            }), !InjectedSyscall.isFailure(read),
            let current = try? readMemory(at: area + TrapHealerCode.currentActionOffset, count: 8)
        else { return }
        let handler = current.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard handler == area else {
            _ = runInjected { thread throws(ProcessError) in
                try InjectedSyscall.protect(thread: thread, address: area, size: 4096, protection: PROT_READ | PROT_EXEC, ledger: ledger)
            }
            return
        }
        _ = runInjected { thread throws(ProcessError) in
            try InjectedSyscall.signalAction(
                thread: thread, signal: SIGTRAP, action: area + TrapHealerCode.previousActionOffset, previous: 0, ledger: ledger)
        }
        _ = runInjected { thread throws(ProcessError) in
            InjectedSyscall.unmap(thread: thread, address: area, size: size, ledger: ledger) ?? .returned(0)
        }
    }
}
