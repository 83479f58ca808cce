/// The breaklets at each address. An address with any breaklet needs its int3; adding the
/// first and removing the last are what change memory, and say so.
struct BreakletTable: Sendable {
    private var byAddress: [UInt64: [Breaklet]] = [:]

    /// The breaklets at `address`, in the order the run loop weighs them.
    func at(_ address: UInt64) -> [Breaklet] {
        (byAddress[address] ?? []).sorted { $0.reason < $1.reason }
    }

    func hasAny(at address: UInt64) -> Bool { byAddress[address]?.isEmpty == false }

    /// The ids of the breakpoints with a breaklet at `address`, in order.
    func breakpointIDs(at address: UInt64) -> [Int] {
        (byAddress[address] ?? []).compactMap { breaklet in
            if case .breakpoint(let id) = breaklet.reason { id } else { nil }
        }.sorted()
    }

    /// The condition of breakpoint `id`'s breaklet at `address`.
    func condition(ofBreakpoint id: Int, at address: UInt64) -> BreakpointCondition? {
        byAddress[address]?.first { $0.reason == .breakpoint(id: id) }?.condition
    }

    /// Adds (or replaces) the breaklet for its reason; true when the address had none.
    @discardableResult
    mutating func add(_ breaklet: Breaklet, at address: UInt64) -> Bool {
        var here = byAddress[address] ?? []
        let wasEmpty = here.isEmpty
        here.removeAll { $0.reason == breaklet.reason }
        here.append(breaklet)
        byAddress[address] = here
        return wasEmpty
    }

    /// Removes the breaklets for `reason` at `address`; true when the address has none left.
    @discardableResult
    mutating func remove(_ reason: Breaklet.Reason, at address: UInt64) -> Bool {
        guard var here = byAddress[address] else { return false }
        here.removeAll { $0.reason == reason }
        byAddress[address] = here.isEmpty ? nil : here
        return here.isEmpty
    }

    /// Removes every breaklet `matching`; returns the addresses left with none.
    mutating func removeAll(where matching: (Breaklet) -> Bool) -> [UInt64] {
        var emptied: [UInt64] = []
        for (address, here) in byAddress {
            let kept = here.filter { !matching($0) }
            guard kept.count != here.count else { continue }
            byAddress[address] = kept.isEmpty ? nil : kept
            if kept.isEmpty { emptied.append(address) }
        }
        return emptied.sorted()
    }

    /// Every (address, breaklet) for which `matching` holds.
    func all(where matching: (Breaklet) -> Bool) -> [(address: UInt64, breaklet: Breaklet)] {
        byAddress.flatMap { address, here in here.filter(matching).map { (address, $0) } }
    }

    /// Forgets everything (after an exec, the address space is new and holds no int3).
    mutating func removeAll() { byAddress = [:] }
}
