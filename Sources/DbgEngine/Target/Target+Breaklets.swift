import DbgProcess

/// The breaklets at each address, and the int3s they need: the first breaklet at an address
/// writes its int3, the last one's removal takes it out.
extension Target {
    /// Puts `breaklet` at each address (replacing one for the same reason).
    func addBreaklet(_ breaklet: Breaklet, at addresses: some Sequence<UInt64>) throws(EngineError) {
        for address in addresses {
            let process = try live()
            guard breaklets.add(breaklet, at: address) else { continue }
            let failure: ProcessError? = process.assumeIsolated { process in
                do throws(ProcessError) {
                    _ = try process.insertBreakpoint(at: address)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                breaklets.remove(breaklet.reason, at: address)
                throw .from(failure)
            }
        }
    }

    /// Takes the breaklets for `reason` away from each address.
    func removeBreaklets(_ reason: Breaklet.Reason, at addresses: some Sequence<UInt64>) {
        for address in addresses where breaklets.remove(reason, at: address) {
            removeInt3(at: address)
        }
    }

    private func removeInt3(at address: UInt64) {
        guard !hasEnded else { return }
        traced?.assumeIsolated { _ = try? $0.removeBreakpoint(at: address) }
    }

    /// A user's or a runtime's breakpoint at each of its locations, with its condition.
    func addBreaklets(for breakpoint: LogicalBreakpoint) throws(EngineError) {
        if breakpoint.watch != nil { return try armWatchpoint(breakpoint.id) }
        let condition = try breakpoint.condition.map { text throws(EngineError) in try BreakpointCondition(text) }
        try addBreaklet(Breaklet(.breakpoint(id: breakpoint.id), condition: condition), at: breakpoint.locations.map(\.address))
    }

    func removeBreaklets(for breakpoint: LogicalBreakpoint) {
        if let watch = breakpoint.watch { return disarmWatchpoint(watch) }
        removeBreaklets(.breakpoint(id: breakpoint.id), at: breakpoint.locations.map(\.address))
    }

    /// Makes the step breaklets those of the current step plan (none without one): the old
    /// plan's that the new one does not need go, its own come in.
    func syncStepBreaklets() throws(EngineError) {
        let wanted = Set((stepPlan?.stops ?? []).map { StepStop(address: $0.address, reason: $0.reason) })
        let present = Set(breaklets.all(where: \.isStep).map { StepStop(address: $0.address, reason: $0.breaklet.reason) })
        for stale in present.subtracting(wanted) { removeBreaklets(stale.reason, at: [stale.address]) }
        for stop in wanted.subtracting(present) { try addBreaklet(Breaklet(stop.reason), at: [stop.address]) }
    }

    private struct StepStop: Hashable {
        var address: UInt64
        var reason: Breaklet.Reason
    }

    /// The breakpoints that count a hit at `address`.
    func breakpointsAt(_ address: UInt64) -> [Int] {
        breaklets.breakpointIDs(at: address)
    }
}
