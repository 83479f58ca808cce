/// Finding functions by name, pattern and address.
extension BinaryImage {
    /// Functions named exactly `name`; failing that, those whose name ends with it at a
    /// `.` or `/` boundary (Go: `inspect` finds `main.inspect`), or Swift functions whose
    /// demangled base name is `name`.
    /// `searchingDWARF: false` skips the last resort (every unit read for functions without a
    /// symbol), for callers that look through several binaries by symbols first.
    public func functions(named name: String, searchingDWARF: Bool = true) -> [FunctionLocation] {
        var found = symbols.symbols(named: name).filter { $0.kind == .function }
        if found.isEmpty {
            found = symbols.functionSymbols.filter {
                Self.isQualifiedMatch($0.name, query: name) || swiftBaseNameMatches($0.name, name)
                    || Self.isInstantiation($0.name, of: name)
            }
        }
        var seen = Set<Address>()
        let symbols = found.filter { seen.insert($0.address).inserted }.map(location(for:))
        if symbols.isEmpty { return searchingDWARF ? dwarfFunctions(named: name) : [] }
        return symbols + inlinedCopies(of: symbols)
    }

    /// The copies of `functions` that the compiler inlined into callers of their own units
    /// (gdb stops in each as well as in the out-of-line function). Only those units are
    /// read: without link-time optimisation a call is inlined only in its own unit.
    func inlinedCopies(of functions: [FunctionLocation]) -> [FunctionLocation] {
        guard let debugInfo else { return [] }
        var copies: [FunctionLocation] = []
        var seenUnits = Set<Int>()
        for function in functions where function.function != nil {
            guard let unit = debugInfo.unit(containing: function.entry), seenUnits.insert(unit.index).inserted,
                  let detail = try? debugInfo.detail(of: unit)
            else { continue }
            copies += inlinedCopies(named: function.name, in: detail)
        }
        return copies
    }

    private func inlinedCopies(named name: String, in detail: UnitDetail) -> [FunctionLocation] {
        var found: [FunctionLocation] = []
        for function in detail.functions {
            var callLines: [UInt32] = []  // of the enclosing inlined copies, outermost first
            for call in function.inlinedCalls {
                callLines = Array(callLines.prefix(max(call.depth - 1, 0))) + [call.callLine]
                guard call.name == name, let entry = call.entry else { continue }
                found.append(FunctionLocation(
                    name: name, entry: entry, function: function, symbol: nil, inlinedCall: call,
                    callLines: callLines.reversed()))
            }
        }
        return found
    }

    /// Functions that only DWARF knows: static functions without a symbol, and the copies
    /// of a function the compiler inlined (gdb stops in each). Reads every unit, so it is
    /// the last resort of a lookup by name.
    func dwarfFunctions(named name: String) -> [FunctionLocation] {
        guard let debugInfo else { return [] }
        return dwarfFunctions(named: name, in: debugInfo.units)
    }

    /// Functions named `name` that only DWARF knows (static functions without a symbol, and
    /// inlined copies), read from the units whose top-level names include `name` (a function
    /// inlined in a unit has its abstract entry there): the other units are not parsed.
    public func namedDWARFFunctions(_ name: String) -> [FunctionLocation] {
        guard let debugInfo else { return [] }
        return dwarfFunctions(named: name, in: debugInfo.units.filter { debugInfo.names(of: $0).functions[name] != nil })
    }

    /// The functions called `name` defined in `units`, and their inlined copies there.
    private func dwarfFunctions(named name: String, in units: [CompileUnit]) -> [FunctionLocation] {
        guard let debugInfo else { return [] }
        var found: [FunctionLocation] = []
        for unit in units {
            guard let detail = try? debugInfo.detail(of: unit) else { continue }
            for function in detail.functions where function.name == name {
                found.append(FunctionLocation(name: name, entry: function.entry, function: function, symbol: nil))
            }
            found += inlinedCopies(named: name, in: detail)
        }
        return found
    }

    /// Whether this binary calls a function `name` that another binary defines (an
    /// undefined function symbol: what its PLT resolves when the library loads). `.symtab`
    /// names it with its version (`realloc@GLIBC_2.2.5`), `.dynsym` without.
    public func importsFunction(named name: String) -> Bool {
        symbols.all.contains { symbol in
            !symbol.isDefined && symbol.kind == .function
                && (symbol.name == name || (symbol.name.hasPrefix(name) && symbol.name.dropFirst(name.count).first == "@"))
        }
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
        let function = debugInfo?.function(containing: symbol.address).flatMap { Self.isEntry(symbol, of: $0) ? $0 : nil }
        let name = function?.name ?? SwiftDemangler.displayName(symbol.name) ?? CxxDemangler.demangle(symbol.name) ?? symbol.name
        return FunctionLocation(name: name, entry: symbol.address, function: function, symbol: symbol)
    }

    /// Whether `symbol` is where `function` is entered. A function in several pieces (gcc's
    /// hot and cold parts: `luaD_throw` and `luaD_throw.cold`, entered only by a jump) is
    /// entered at the piece its own symbol names, whichever piece DWARF lists first.
    static func isEntry(_ symbol: ELFSymbol, of function: Function) -> Bool {
        guard function.ranges.count > 1 else { return function.entry == symbol.address }
        return function.ranges.contains { $0.low == symbol.address }
            && (symbol.name == function.name || symbol.name == function.linkageName)
    }

    /// Go generics: `main.Sum[go.shape.int_0]` and `main.(*Stack[go.shape.string_0]).Push`
    /// are instantiations of `main.Sum` and `main.(*Stack).Push`, which Delve breaks on all of.
    public static func isInstantiation(_ name: String, of query: String) -> Bool {
        guard name.contains("["), !query.contains("[") else { return false }
        return withoutTypeArguments(name) == query
    }

    /// The name with every bracketed type-argument list taken out.
    static func withoutTypeArguments(_ name: String) -> String {
        var result = ""
        var depth = 0
        for character in name {
            switch character {
            case "[": depth += 1
            case "]": depth = max(depth - 1, 0)
            default: if depth == 0 { result.append(character) }
            }
        }
        return result
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
