/// The global variables that DWARF declares, by address: the ELF data symbols that carry
/// their names (a DWARF global has its symbol), sorted. What Delve calls its package
/// variables, and names an address by in a disassembly (`[runtime.writeBarrier]`).
public struct VariableAddresses: Sendable {
    public struct Entry: Sendable, Hashable {
        public var address: Address
        public var name: String
    }

    /// By address, then by the symbol table's order.
    public let entries: [Entry]

    public init(variableNames: some Sequence<String>, symbols: SymbolIndex) {
        var addressOfName: [String: Address] = [:]
        for symbol in symbols.all where symbol.isDefined && symbol.kind == .object && addressOfName[symbol.name] == nil {
            addressOfName[symbol.name] = symbol.address
        }
        entries = variableNames.compactMap { name in addressOfName[name].map { Entry(address: $0, name: name) } }
            .sorted { ($0.address, $0.name) < ($1.address, $1.name) }
    }

    /// The variable at `address` or, failing that, the one before it, as Delve's symLookup
    /// finds it: only when some variable starts at or after `address` (an address past the
    /// last variable's start has no name), and never a variable at address 0.
    public func variable(atOrBefore address: Address) -> Entry? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].address < address { low = middle + 1 } else { high = middle }
        }
        guard low < entries.count else { return nil }
        let index = entries[low].address > address ? low - 1 : low
        guard index >= 0, entries[index].address != Address(0) else { return nil }
        return entries[index]
    }
}
