import DbgSymbols

/// The tail calls between a frame and its caller, rebuilt from the DWARF call sites as gdb
/// rebuilds them (dwarf2/frame-tailcall.c, `call_site_find_chain`): when the call that
/// returns to the caller called another function than the one the frame runs, the chains of
/// tail calls (DW_AT_call_tail_call) that lead from that function to the frame's are
/// searched; what all of them share is shown, a frame per tail call, at the address after
/// its jump. Nothing when no chain leads there, or when the chains share nothing.
struct TailCallChain {
    let images: ImageMap

    /// Call sites visited at most, per search: a program's tail calls form a graph that a
    /// search without bound could walk for long.
    static let searchLimit = 1024

    /// The return addresses (runtime) of the tail-call frames between a frame running the
    /// function entered at `calleeEntry` and its caller, which the call returning to
    /// `returnAddress` made; innermost first.
    func framePCs(returningTo returnAddress: UInt64, calleeEntry: UInt64, calleeName: String?) -> [UInt64] {
        guard let loaded = images.image(containing: returnAddress &- 1),
              let site = loaded.image.callSite(returningTo: loaded.staticAddress(returnAddress)),
              let target = site.target
        else { return [] }
        if case .name(let name) = target, name == calleeName { return [] }  // the usual call, found without a search
        guard let first = resolve(target, in: loaded), first != calleeEntry else { return [] }
        var search = Search(calleeEntry: calleeEntry, budget: Self.searchLimit)
        guard visit(first, &search) else { return [] }
        return Self.shared(search.chains)
    }

    private struct Search {
        let calleeEntry: UInt64
        var budget: Int
        /// The return addresses of the tail calls on the current path, outermost first.
        var path: [UInt64] = []
        var chains: [[UInt64]] = []
    }

    /// Follows the tail calls of the function entered at `entry`; false when the search ran
    /// out of budget.
    private func visit(_ entry: UInt64, _ search: inout Search) -> Bool {
        guard let loaded = images.image(containing: entry),
              let function = loaded.image.function(containing: loaded.staticAddress(entry))?.function,
              loaded.runtimeAddress(function.entry) == entry
        else { return true }  // no DWARF there: no tail calls known
        for site in loaded.image.tailCalls(madeBy: function) {
            search.budget -= 1
            guard search.budget >= 0 else { return false }
            let pc = loaded.runtimeAddress(site.returnAddress)
            guard !search.path.contains(pc), let target = site.target.flatMap({ resolve($0, in: loaded) }) else { continue }
            search.path.append(pc)
            defer { search.path.removeLast() }
            if target == search.calleeEntry {
                search.chains.append(search.path)
            } else if !visit(target, &search) {
                return false
            }
        }
        return true
    }

    /// What every chain shows (gdb's `chain_candidate`): the tail calls they all begin with
    /// and those they all end with; innermost first.
    static func shared(_ chains: [[UInt64]]) -> [UInt64] {
        guard let first = chains.first else { return [] }
        var callers = first.count, callees = first.count
        for chain in chains.dropFirst() {
            callers = zip(first.prefix(callers), chain).prefix { $0 == $1 }.count
            callees = zip(first.suffix(callees).reversed(), chain.reversed()).prefix { $0 == $1 }.count
            if callers == 0 && callees == 0 { return [] }
        }
        if callers + callees >= first.count { return first.reversed() }
        return first.suffix(callees).reversed() + first.prefix(callers).reversed()
    }

    /// The runtime entry of a call site's callee: a definition of the same DWARF, or a
    /// function symbol of that name in any binary loaded (gdb's minimal symbol lookup).
    private func resolve(_ target: CallTarget, in loaded: LoadedImage) -> UInt64? {
        switch target {
        case .entry(let address):
            return loaded.runtimeAddress(address)
        case .name(let name):
            for candidate in [loaded] + images.images {
                if let symbol = candidate.image.symbols.symbols(named: name).first(where: { $0.kind == .function && $0.address.value != 0 }) {
                    return candidate.runtimeAddress(symbol.address)
                }
            }
            return nil
        }
    }
}
