/// The ELF symbols of one binary, indexed by name and by address.
public struct SymbolIndex: Sendable {
    public let symbols: [ELFSymbol]
    /// Indices of defined function and object symbols, sorted by address.
    private let byAddress: [Int32]
    /// Name → the first symbol of that name; further ones (static twins) in `duplicates`.
    private let byName: [String: Int32]
    private let duplicates: [String: [Int32]]

    public init(_ all: [ELFSymbol]) {
        let symbols = all.filter { $0.isDefined && ($0.kind == .function || $0.kind == .object || $0.kind == .threadLocal) }
        self.symbols = symbols
        var byName: [String: Int32] = [:]
        var duplicates: [String: [Int32]] = [:]
        byName.reserveCapacity(symbols.count)
        for (index, symbol) in symbols.enumerated() {
            if let previous = byName.updateValue(Int32(index), forKey: symbol.name) {
                duplicates[symbol.name, default: []].append(previous)
            }
        }
        self.byName = byName
        self.duplicates = duplicates
        self.byAddress = symbols.indices
            .filter { symbols[$0].kind != .threadLocal }
            .sorted { symbols[$0].address < symbols[$1].address }
            .map { Int32($0) }
    }

    public var isEmpty: Bool { symbols.isEmpty }

    public func symbols(named name: String) -> [ELFSymbol] {
        guard let last = byName[name] else { return [] }
        return ((duplicates[name] ?? []) + [last]).map { symbols[Int($0)] }
    }

    /// The symbol whose extent holds `address`; a zero-sized symbol counts only at its own address.
    public func symbol(containing address: Address) -> ELFSymbol? {
        var low = 0, high = byAddress.count
        while low < high {
            let middle = (low + high) / 2
            if symbols[Int(byAddress[middle])].address <= address { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        guard index >= 0 else { return nil }
        // Aliases share an address: any one of them whose extent covers the address will do.
        let start = symbols[Int(byAddress[index])].address
        while index >= 0, symbols[Int(byAddress[index])].address == start {
            let symbol = symbols[Int(byAddress[index])]
            if symbol.range.contains(address) { return symbol }
            index -= 1
        }
        return nil
    }

    /// Function symbols, for listing and regular-expression search.
    public var functionSymbols: [ELFSymbol] { symbols.filter { $0.kind == .function } }
}
