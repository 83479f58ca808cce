import CSys

/// Displaced steps: a thread resumed from a breakpoint site gets past the site's
/// instruction without the int3 coming out and without a single step of its own. The
/// instruction runs from a copy in a scratch slot followed by a jump back (or is emulated:
/// relative calls and jumps), as the trace backend does, so a continue past a breakpoint
/// costs no extra stop. Sites whose instruction cannot run elsewhere (branches on flags,
/// RIP-relative operands out of a slot's reach) are stepped over the classic way.
///
/// A thread found inside a slot when the program stops is put back where the original
/// code has it (the site itself, marked as already reported, or the instruction after it),
/// so stacks, registers and steps never see the scratch area.
extension TracedProcess {
    /// The engine's instruction decoder; displaced steps are off until it is set.
    public func setDisplacementPlanner(_ planner: DisplacementPlanner?) {
        displacementPlanner = planner
    }

    /// Whether a continue from the site at `address` runs its instruction out of line.
    public func hasDisplacedStep(at address: UInt64) -> Bool { displacedSites[address] != nil }

    /// Plans the displaced step of a new site (from insertBreakpoint, the program stopped).
    func planDisplacedStep(at address: UInt64) {
        guard let planner = displacementPlanner, displacedSites[address] == nil,
              let code = try? readAvailableMemory(at: address, count: 16), !code.isEmpty,
              let slot = takeSlot(near: address)
        else { return }
        guard let plan = planner(code, address, slot) else {
            scratchSlots.release(slot)
            undisplaceableSites.insert(address)
            return
        }
        if plan.slotBytes.isEmpty {
            scratchSlots.release(slot)
            displacedSites[address] = DisplacedSite(plan: plan, slot: nil)
            return
        }
        guard plan.slotBytes.count <= Int(DisplacedPlan.slotSize),
              (try? writeThroughProtection(plan.slotBytes, at: slot)) != nil
        else {
            scratchSlots.release(slot)
            return
        }
        displacedSites[address] = DisplacedSite(plan: plan, slot: slot)
        slotOwners[slot] = address
    }

    /// Forgets the displaced step of a removed site (no thread is in its slot: the program
    /// is stopped and threads were moved out of slots at the stop).
    func forgetDisplacedStep(at address: UInt64) {
        undisplaceableSites.remove(address)
        guard let site = displacedSites.removeValue(forKey: address) else { return }
        if let slot = site.slot {
            slotOwners[slot] = nil
            scratchSlots.release(slot)
        }
    }

    /// After an exec or the end: the scratch areas are gone with the address space.
    func forgetAllDisplacedSteps() {
        displacedSites = [:]
        slotOwners = [:]
        undisplaceableSites = []
        callTrap = nil
        scratchSlots.removeAll()
        sites.ledger?.removeAllAreas()
    }

    /// Moves a thread stopped on the site at `address` past it; false when the site has no
    /// displaced step (the caller steps over it the classic way).
    func applyDisplacedStep(at address: UInt64, thread: ThreadID) -> Bool {
        guard let site = displacedSites[address], let registers = try? ptraceGetRegisters(thread),
              registers.rip == address
        else { return false }
        let (moved, pushed) = site.plan.step.moving(registers)
        if let pushed {
            let bytes = withUnsafeBytes(of: pushed.littleEndian) { Array($0) }
            guard (try? writeThroughProtection(bytes, at: moved.rsp)) != nil else { return false }
        }
        return (try? ptraceSetRegisters(thread, moved)) != nil
    }

    /// A thread whose displaced instruction faulted in its slot goes back to the site before
    /// the signal is delivered: the program's handler must see the fault at the program's
    /// own address (Go's runtime turns a nil check's fault into a panic by that address, and
    /// dies of a fault in code it does not know). The signal is then delivered at the site
    /// (`stepOverReportedSites` does not displace a thread with a fault to deliver).
    func moveOutOfSlotAfterFault(_ thread: ThreadID) {
        guard !scratchSlots.areas.isEmpty, var registers = try? ptraceGetRegisters(thread),
              let owner = slotOwner(at: registers.rip), registers.rip == owner.slot
        else { return }
        registers.rip = owner.site  // (only out-of-line copies run in slots: nothing was pushed)
        _ = try? ptraceSetRegisters(thread, registers)
    }

    /// The slot `pc` is in, the site that owns it and the length of the site's instruction;
    /// nil outside every slot in use.
    private func slotOwner(at pc: UInt64) -> (slot: UInt64, site: UInt64, length: UInt64)? {
        guard let slot = scratchSlots.slot(containing: pc), let address = slotOwners[slot],
              let site = displacedSites[address]
        else { return nil }
        return (slot, address, UInt64(site.plan.instructionLength))
    }

    /// Puts every stopped thread found inside a slot back at the original code: at its site
    /// (the copied instruction has not run; the site counts as reported, so the next
    /// continue does not report it again) or at the instruction after the site (the copy
    /// ran and the jump back has not).
    func moveThreadsOutOfSlots() {
        guard !scratchSlots.areas.isEmpty else { return }
        for thread in threads.values where thread.isStopped {
            guard var registers = try? ptraceGetRegisters(thread.id), let owner = slotOwner(at: registers.rip)
            else { continue }
            if registers.rip == owner.slot {
                registers.rip = owner.site
                threads[thread.id]?.reportedPC = owner.site
            } else if registers.rip == owner.slot &+ owner.length {
                registers.rip = owner.site &+ owner.length
            } else {
                continue
            }
            _ = try? ptraceSetRegisters(thread.id, registers)
        }
    }

    /// Unmaps the scratch areas before a detach (every thread stopped, none expecting a
    /// stop of ours), so the program is left as it was. A signal that arrives meanwhile is
    /// kept for the thread to receive as it is let go.
    func unmapScratchAreas() {
        defer { forgetAllDisplacedSteps() }
        guard let thread = threads.values.filter({ $0.isStopped && !$0.expectsStop && $0.signalToDeliver == nil })
            .map(\.id).min()
        else { return }
        for area in scratchSlots.areas {
            guard case .interrupted(let status)? = InjectedSyscall.unmap(
                thread: thread.value, address: area, size: Int(ScratchSlots.areaSize), ledger: sites.ledger)
            else { continue }
            if case .signalStop(let signal) = WaitStatus(status), signal != .sigtrap {
                threads[thread]?.signalToDeliver = signal
            }
            return
        }
    }

    /// A free slot within reach of `address`, mapping a new scratch area near it if needed.
    func takeSlot(near address: UInt64) -> UInt64? {
        // A RIP-relative operand of the copy must still reach its target from the slot.
        let reach: UInt64 = (1 << 31) - 2 * ScratchSlots.areaSize
        if let slot = scratchSlots.take(near: address, reach: reach) { return slot }
        guard scratchSlots.areas.count < 64, let area = mapScratchArea(near: address) else { return nil }
        scratchSlots.add(area: area)  // in the ledger already (InjectedSyscall.map)
        return scratchSlots.take(near: address, reach: reach)
    }

    /// Maps one scratch area (read+exec) in the program, below `address` when there is room.
    private func mapScratchArea(near address: UInt64) -> UInt64? {
        // Below the code when there is room (a PIE's neighbourhood), else 256 MiB above it (a
        // binary linked at 0x400000, as Go's are): either way within a RIP-relative reach.
        // Without a hint the kernel maps near the stack, gigabytes from low code.
        let hint = (address > 0x200_0000 ? address - 0x100_0000 : address + 0x1000_0000) & ~(ScratchSlots.areaSize - 1)
        return runInjected { thread throws(ProcessError) in
            try InjectedSyscall.map(thread: thread, size: Int(ScratchSlots.areaSize), near: hint, ledger: sites.ledger)
        }
    }
}

/// A site's displaced step and the slot its copy lives in (nil when emulated).
struct DisplacedSite {
    var plan: DisplacedPlan
    var slot: UInt64?
}
