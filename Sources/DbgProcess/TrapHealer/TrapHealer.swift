import Glibc

/// Installs and removes the trap healer (trap-healer.s) in a stopped program, through what
/// the process controller provides (TracedProcess+TrapHealer). The ptrace trace backend
/// (TracepointSession) has none: there, threads wait at their trap, unseen, while the tracer
/// handles another's hit, and a thread the kernel lets go from a trap drops the SIGTRAP and
/// runs on past the int3, which no handler can mend (see ARCHITECTURE.md).
struct TrapHealer {
    /// Runs an injected system call in a stopped thread of the program: its raw result, nil
    /// when no thread could run it.
    let runInjected: ((Int32) throws(ProcessError) -> InjectedSyscall.Outcome) -> UInt64?
    let read: (_ address: UInt64, _ count: Int) -> [UInt8]?
    /// Writes through page protection; false when it could not.
    let write: (_ bytes: [UInt8], _ address: UInt64) -> Bool
    let ledger: RescueLedger?

    private var size: Int { TrapHealerCode.areaSize }

    /// Maps the area, writes the code and sets SIGTRAP's action to it: the area, nil when the
    /// program refused a step (it is then left as it was).
    func install() -> UInt64? {
        let size = size, ledger = ledger
        guard let area = runInjected({ thread throws(ProcessError) in
            try InjectedSyscall.map(
                thread: thread, size: size, near: 0, protection: PROT_READ | PROT_WRITE, isScratch: false, ledger: ledger)
        }) else { return nil }
        // The action SIGTRAP has now, read into the area, becomes the healer's fallback.
        guard call({ thread throws(ProcessError) in
            try InjectedSyscall.signalAction(
                thread: thread, signal: SIGTRAP, action: 0, previous: area + TrapHealerCode.previousActionOffset, ledger: ledger)
        }), let previous = read(area + TrapHealerCode.previousActionOffset, 32), previous.count == 32
        else { return unmap(area) }
        let words = (0..<4).map { Self.word(previous, at: $0 * 8) }
        let flags = (words[1] & ~TrapHealerCode.saResetHand) | TrapHealerCode.saSigInfo | TrapHealerCode.saRestorer
        let action = [area, flags, area + TrapHealerCode.restorerOffset, words[3]]
            .flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } }
        guard write(TrapHealerCode.bytes, area), write(action, area + TrapHealerCode.actionOffset),
              call({ thread throws(ProcessError) in
                  try InjectedSyscall.protect(thread: thread, address: area, size: size, protection: PROT_READ | PROT_EXEC, ledger: ledger)
              }),
              call({ thread throws(ProcessError) in
                  try InjectedSyscall.signalAction(
                      thread: thread, signal: SIGTRAP, action: area + TrapHealerCode.actionOffset, previous: 0, ledger: ledger)
              })
        else { return unmap(area) }
        return area
    }

    /// Takes the healer at `area` out (the int3s out of memory already): SIGTRAP's action as
    /// it was and the area unmapped. If the program has set an action of its own since, that
    /// stays, and so does the area (its handler may pass SIGTRAPs on to the healer's).
    func remove(at area: UInt64) {
        let ledger = ledger
        // Writable for a moment, for the kernel to write the action in place there.
        guard call({ thread throws(ProcessError) in
            try InjectedSyscall.protect(thread: thread, address: area, size: 4096, protection: PROT_READ | PROT_WRITE, ledger: ledger)
        }), call({ thread throws(ProcessError) in
            try InjectedSyscall.signalAction(
                thread: thread, signal: SIGTRAP, action: 0, previous: area + TrapHealerCode.currentActionOffset, ledger: ledger)
        }), let current = read(area + TrapHealerCode.currentActionOffset, 8), current.count == 8
        else { return }
        guard Self.word(current, at: 0) == area else {
            _ = call { thread throws(ProcessError) in
                try InjectedSyscall.protect(thread: thread, address: area, size: 4096, protection: PROT_READ | PROT_EXEC, ledger: ledger)
            }
            return
        }
        _ = call { thread throws(ProcessError) in
            try InjectedSyscall.signalAction(
                thread: thread, signal: SIGTRAP, action: area + TrapHealerCode.previousActionOffset, previous: 0, ledger: ledger)
        }
        _ = unmap(area)
    }

    /// Whether an injected call ran and succeeded.
    private func call(_ syscall: (Int32) throws(ProcessError) -> InjectedSyscall.Outcome) -> Bool {
        guard let result = runInjected(syscall) else { return false }
        return !InjectedSyscall.isFailure(result)
    }

    /// Unmaps the area; nil, for `install`'s failures.
    private func unmap(_ area: UInt64) -> UInt64? {
        let size = size, ledger = ledger
        _ = runInjected { thread throws(ProcessError) in
            InjectedSyscall.unmap(thread: thread, address: area, size: size, ledger: ledger) ?? .returned(0)
        }
        return nil
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
