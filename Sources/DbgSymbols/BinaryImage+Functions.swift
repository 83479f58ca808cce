/// Finding functions by name, pattern and address.
extension BinaryImage {
    /// Functions named exactly `name`; failing that, those whose name ends with it at a
    /// `.` or `/` boundary (Go: `inspect` finds `main.inspect`), or Swift functions whose
    /// demangled base name is `name`.
    public func functions(named name: String) -> [FunctionLocation] {
        var found = symbols.symbols(named: name).filter { $0.kind == .function }
        if found.isEmpty {
            found = symbols.functionSymbols.filter { Self.isQualifiedMatch($0.name, query: name) || swiftBaseNameMatches($0.name, name) }
        }
        var seen = Set<Address>()
        return found.filter { seen.insert($0.address).inserted }.map(location(for:))
    }

    /// Functions whose name (demangled for Swift) matches `pattern`.
    public func functions(matching pattern: Regex<AnyRegexOutput>) -> [FunctionLocation] {
        var seen = Set<Address>()
        return symbols.functionSymbols.filter { symbol in
            let name = SwiftDemangler.demangle(symbol.name) ?? symbol.name
            return (try? pattern.firstMatch(in: name)) != nil && seen.insert(symbol.address).inserted
        }.map(location(for:))
    }

    /// The function whose code holds `address`: DWARF first, then the symbol table.
    public func function(containing address: Address) -> FunctionLocation? {
        if let function = debugInfo?.function(containing: address) {
            let symbol = symbols.symbol(containing: function.entry)
            return FunctionLocation(name: function.name, entry: function.entry, function: function, symbol: symbol)
        }
        return symbols.symbol(containing: address).map(location(for:))
    }

    func location(for symbol: ELFSymbol) -> FunctionLocation {
        let function = debugInfo?.function(containing: symbol.address).flatMap { $0.entry == symbol.address ? $0 : nil }
        let name = function?.name ?? SwiftDemangler.demangle(symbol.name) ?? symbol.name
        return FunctionLocation(name: name, entry: symbol.address, function: function, symbol: symbol)
    }

    static func isQualifiedMatch(_ name: String, query: String) -> Bool {
        guard name.count > query.count, name.hasSuffix(query) else { return false }
        let boundary = name.dropLast(query.count).last
        return boundary == "." || boundary == "/"
    }

    private func swiftBaseNameMatches(_ symbolName: String, _ query: String) -> Bool {
        guard SwiftDemangler.isMangled(symbolName), let demangled = SwiftDemangler.demangle(symbolName) else {
            return false
        }
        // "values.inspect(x: Swift.Int) -> ()" has the base name "inspect" and the
        // qualified name "values.inspect".
        let qualified = demangled.prefix { $0 != "(" && $0 != " " }
        return qualified == query || Self.isQualifiedMatch(String(qualified), query: query)
    }
}
