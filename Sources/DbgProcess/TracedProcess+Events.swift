import Glibc

/// Decoding `waitpid` reports, and the bookkeeping they need whatever the process was
/// doing: new threads, forked children, exec, exits, breakpoint rewinds.
extension TracedProcess {
    /// SIGTRAP's si_code for an int3 (the kernel's "SI_KERNEL").
    static let trapCodeKernel: Int32 = 0x80
    /// SIGTRAP's si_codes for a single step (TRAP_TRACE; TRAP_BRKPT after stepping over
    /// a system call instruction).
    static let trapCodesStep: Set<Int32> = [1, 2]

    /// What `status`, reported for `thread`, means (see ``ThreadReport``).
    func interpret(_ thread: ThreadID, _ status: WaitStatus) -> ThreadReport {
        guard threads[thread] != nil else {
            // A new thread or forked child whose parent's event comes later, or a thread
            // forgotten at an exec. Keep the stopped ones for when their parent reports.
            if status.isEnd { earlyStops.remove(thread) } else { earlyStops.insert(thread) }
            return .ignored
        }
        switch status {
        case .exited(let code):
            return threadEnded(thread, event: .exited(code: code), code: code)
        case .killed(let signal, let core):
            return threadEnded(thread, event: .killed(signal: signal, coreDumped: core), code: 128 + signal.rawValue)
        case .eventStop(let event):
            threads[thread]?.isStopped = true
            return handleEvent(event, of: thread)
        case .signalStop(let signal):
            threads[thread]?.isStopped = true
            return classifySignalStop(signal, of: thread)
        }
    }

    private func threadEnded(_ thread: ThreadID, event: StopEvent, code: Int32) -> ThreadReport {
        threads[thread] = nil
        haltControl.threadExited(thread)
        // The leader's end is reported only after every other thread's: it is the process's.
        guard thread.value == pid else { return .threadExited(code: code) }
        threads = [:]
        return .processEnded(event)
    }

    private func classifySignalStop(_ signal: Signal, of thread: ThreadID) -> ThreadReport {
        // No siginfo: a group-stop (a stopping signal was delivered), not a signal to
        // report. Resuming ends it (ptrace overrides job control).
        guard let info = ptraceSignalInfo(thread) else { return .internalStop }
        if signal == .sigstop {
            if threads[thread]?.expectsStop == true {
                threads[thread]?.expectsStop = false
                applyWatchRegisters(to: thread)  // a new thread's first stop: it has none
                return .expectedStop
            }
            if haltControl.isHaltStop(of: thread) { return .haltStop }
            return .signal(info)  // someone else's SIGSTOP
        }
        if signal == .sigtrap {
            if info.code == Self.trapCodeKernel, let address = rewindToSite(thread) { return .breakpoint(address) }
            if Self.trapCodesStep.contains(info.code) { return .stepped }
        }
        if signal.isInstructionFault && info.isKernelGenerated { moveOutOfSlotAfterFault(thread) }
        return .signal(info)
    }

    /// After an int3: if the byte before the PC is one of our sites, moves the PC back to
    /// the site (where the original instruction will run) and returns its address.
    private func rewindToSite(_ thread: ThreadID) -> UInt64? {
        guard sites.inMemory, var registers = try? ptraceGetRegisters(thread) else { return nil }
        let address = registers.rip &- 1
        guard sites.contains(address) else { return nil }
        registers.rip = address
        guard (try? ptraceSetRegisters(thread, registers)) != nil else { return nil }
        return address
    }

    private func handleEvent(_ event: PtraceEvent, of thread: ThreadID) -> ThreadReport {
        switch event {
        case .clone:
            if let message = try? ptraceEventMessage(thread) { registerNewThread(ThreadID(Int32(truncatingIfNeeded: message))) }
            return .internalStop
        case .fork, .vfork:
            if let message = try? ptraceEventMessage(thread) {
                if event == .vfork { vforkParents.insert(thread) }
                detachForkedChild(ThreadID(Int32(truncatingIfNeeded: message)), sharesMemory: event == .vfork)
            }
            return .internalStop
        case .vforkDone:
            vforkParents.remove(thread)
            if vforkParents.isEmpty && !sites.inMemory { putSitesInMemory() }
            return .internalStop
        case .exec:
            resetAfterExec(thread)
            return .exec
        case .exit, .stop:
            return .internalStop  // not asked for
        }
    }

    /// A thread the process just created. Its first stop (the kernel's SIGSTOP) may have
    /// come already (an early stop) or may be on its way.
    private func registerNewThread(_ thread: ThreadID) {
        if earlyStops.remove(thread) != nil {
            threads[thread] = TracedThread(id: thread, isStopped: true, expectsStop: false)
            applyWatchRegisters(to: thread)
        } else {
            threads[thread] = TracedThread(id: thread, isStopped: false, expectsStop: true)
        }
    }

    /// A forked child goes its own way: wait for its first stop, take our int3s out of its
    /// memory, detach. A vfork child shares the parent's memory until it execs or exits,
    /// so the int3s come out of both until the parent's vfork-done event.
    private func detachForkedChild(_ child: ThreadID, sharesMemory: Bool) {
        if earlyStops.remove(child) == nil {
            guard let (_, status) = try? waitForTracee(child), !status.isEnd else { return }
        }
        if sharesMemory {
            if sites.inMemory { takeSitesOutOfMemory() }
        } else {
            if sites.inMemory {
                for address in sites.addresses {
                    if let original = sites.original(at: address) { _ = ptraceWrite(child, [original], at: address) }
                }
            }
            leaveNothingOfOursIn(child)
        }
        _ = ptraceDetach(child, signal: nil)
    }

    /// What a forked child copied of dbg's from its parent, taken out: the trap healer (the
    /// SIGTRAP action as the program had it) and the scratch areas. Best effort: a call that
    /// something else interrupts leaves the rest in place (harmless, unused).
    private func leaveNothingOfOursIn(_ child: ThreadID) {
        let ledger = sites.ledger
        if let area = sites.healer?.area {
            guard case .returned(let restored)? = try? InjectedSyscall.signalAction(
                thread: child.value, signal: SIGTRAP, action: area + TrapHealerCode.previousActionOffset, previous: 0, ledger: ledger),
                !InjectedSyscall.isFailure(restored),
                case .returned? = InjectedSyscall.unmap(thread: child.value, address: area, size: TrapHealerCode.areaSize, ledger: ledger)
            else { return }
        }
        for area in scratchSlots.areas {
            guard case .returned? = InjectedSyscall.unmap(
                thread: child.value, address: area, size: Int(ScratchSlots.areaSize), ledger: ledger)
            else { return }
        }
    }

    /// After execve the address space and the threads are new: only the leader remains
    /// (an exec from another thread takes the leader's id), and no site exists any more.
    private func resetAfterExec(_ thread: ThreadID) {
        let former = (try? ptraceEventMessage(thread)).map { ThreadID(Int32(truncatingIfNeeded: $0)) }
        let expectsStop = former.flatMap { threads[$0]?.expectsStop } ?? threads[thread]?.expectsStop ?? false
        for old in threads.keys where old != thread { haltControl.threadExited(old) }
        threads = [thread: TracedThread(id: thread, isStopped: true, expectsStop: expectsStop)]
        sites.removeAll()
        watchSlots.freeAll()  // the kernel clears the debug registers at an exec
        trapHealerTried = false
        forgetAllDisplacedSteps()
        earlyStops = []
        vforkParents = []
        closeMemoryFile()
    }
}
