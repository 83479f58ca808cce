import Synchronization

/// The ELF symbols of one binary. Lookups by name scan the table (a scan of 100,000 names
/// costs well under a millisecond, less than building a dictionary would at open), once per
/// name: the answer is kept (a trace asks for `runtime.types` at every Go interface value it
/// loads, and the scans were a third of its time); the address order is built on the first
/// lookup by address.
public struct SymbolIndex: Sendable {
    /// Every symbol as read, sharing storage with the ELF file's array.
    public let all: [ELFSymbol]
    private let addressOrder = AddressOrder()
    private let answers = NameAnswers()

    public init(_ all: [ELFSymbol]) { self.all = all }

    public var isEmpty: Bool { all.isEmpty }

    /// Defined functions, objects and thread-locals named `name`.
    public func symbols(named name: String) -> [ELFSymbol] {
        answers.symbols(named: name) { all.filter { $0.name == name && Self.isLookupCandidate($0) } }
    }

    /// The symbol whose extent holds `address`; a zero-sized symbol counts only at its own address.
    public func symbol(containing address: Address) -> ELFSymbol? {
        let order = addressOrder.indices(of: all)
        var low = 0, high = order.count
        while low < high {
            let middle = (low + high) / 2
            if all[Int(order[middle])].address <= address { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        guard index >= 0 else { return nil }
        // Aliases share an address: any one of them whose extent covers the address will do.
        let start = all[Int(order[index])].address
        while index >= 0, all[Int(order[index])].address == start {
            let symbol = all[Int(order[index])]
            if symbol.range.contains(address) { return symbol }
            index -= 1
        }
        return nil
    }

    /// Defined function symbols, for listing and pattern search.
    public var functionSymbols: [ELFSymbol] { all.filter { $0.kind == .function && $0.isDefined } }

    static func isLookupCandidate(_ symbol: ELFSymbol) -> Bool {
        symbol.isDefined && (symbol.kind == .function || symbol.kind == .object || symbol.kind == .threadLocal)
    }

    /// The symbols found for each name asked, up to a few thousand names (then forgotten).
    private final class NameAnswers: Sendable {
        private static let limit = 4096
        private let answers = Mutex<[String: [ELFSymbol]]>([:])

        func symbols(named name: String, scan: () -> [ELFSymbol]) -> [ELFSymbol] {
            if let known = answers.withLock({ $0[name] }) { return known }
            let found = scan()
            answers.withLock { answers in
                if answers.count >= Self.limit { answers.removeAll() }
                answers[name] = found
            }
            return found
        }
    }

    /// Indices of defined code and data symbols sorted by address, computed once on demand.
    private final class AddressOrder: Sendable {
        private let cached = Mutex<[Int32]?>(nil)

        func indices(of symbols: [ELFSymbol]) -> [Int32] {
            if let ready = cached.withLock({ $0 }) { return ready }
            let order = symbols.indices
                .filter { SymbolIndex.isLookupCandidate(symbols[$0]) && symbols[$0].kind != .threadLocal }
                .sorted { symbols[$0].address < symbols[$1].address }
                .map { Int32($0) }
            cached.withLock { $0 = order }
            return order
        }
    }
}
