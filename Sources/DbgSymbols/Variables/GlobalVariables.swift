import CDwarf

/// Global, file-static and package variables by name, found lazily: each unit's top-level
/// names are read (without parsing its tree) only when a lookup gets to that unit, and the
/// tree of a unit is parsed only when a variable is found in it.
///
/// Locations are kept as DWARF gives them: usually DW_OP_addr; thread-local variables keep
/// their DW_OP_form_tls_address / DW_OP_GNU_push_tls_address for the engine to evaluate.
public final class GlobalVariables: Sendable {
    public let debugInfo: DebugInfo

    public init(debugInfo: DebugInfo) {
        self.debugInfo = debugInfo
    }

    /// The variable called `name`: `global_counter`, `main.counter`, `runtime.allgs`,
    /// `ns::x`, `Module.x` (Swift), or a function's static local as `function::name`.
    /// Units are searched in this order, stopping at the first definition: `preferring` (the
    /// current frame's unit, whose file statics win), the units of a Go package named by the
    /// prefix, then all the others. A declaration is returned only if no unit defines it.
    public func variable(named name: String, preferring unit: CompileUnit? = nil) -> Variable? {
        var declaration: Variable?
        for candidate in candidateUnits(for: name, preferring: unit) {
            for variable in variables(named: name, in: candidate) {
                if Self.isDefinition(variable) { return variable }
                declaration = declaration ?? variable
            }
        }
        if declaration == nil, let (function, local) = Self.splitFunctionStatic(name) {
            return functionStatic(local, in: function, preferring: unit)
        }
        return declaration
    }

    /// Every definition of `name` in every unit (C file statics of one name in several files).
    public func variables(named name: String) -> [Variable] {
        debugInfo.units.flatMap { variables(named: name, in: $0) }.filter(Self.isDefinition)
    }

    /// Every named constant with a number (Go's `const`) of every unit, in the DWARF's order.
    /// The enumeration type declaring the enumerator `name` (C's `BLUE`), preferring `unit`'s.
    public func enumerationType(declaring name: String, preferring unit: CompileUnit? = nil) -> DIEOffset? {
        if let unit, let found = names(of: unit).enumerators[name]?.first { return found }
        for candidate in debugInfo.units where candidate.language.namesEnumeratorsAtUnitLevel {
            if let found = names(of: candidate).enumerators[name]?.first { return found }
        }
        return nil
    }

    public func allConstants() -> [NamedConstant] {
        debugInfo.units.flatMap { names(of: $0).constants }
    }

    /// The names of all global variables (top level of each unit), sorted, once each.
    public func allVariableNames() -> [String] {
        Set(debugInfo.units.flatMap { names(of: $0).variables.keys }).sorted()
    }

    /// The same names in the order the DWARF declares them (units in order, then entries),
    /// as Delve lists package variables.
    public func variableNamesInDeclarationOrder() -> [String] {
        var seen = Set<String>()
        return debugInfo.units.flatMap { unit in
            names(of: unit).variables.compactMap { name, offsets in offsets.min().map { ($0, name) } }
                .sorted { $0.0 < $1.0 }.map(\.1)
        }.filter { seen.insert($0).inserted }
    }

    // MARK: Searching units

    private func candidateUnits(for name: String, preferring preferred: CompileUnit?) -> [CompileUnit] {
        var first: [Int] = []
        if let preferred { first.append(preferred.index) }
        if let package = Self.goPackage(of: name) {
            first += debugInfo.units.filter { $0.language.unitsArePackages && $0.name == package }.map(\.index)
        }
        let firstSet = Set(first)
        var seen = Set<Int>()
        return (first + debugInfo.units.map(\.index).filter { !firstSet.contains($0) })
            .filter { seen.insert($0).inserted }
            .map { debugInfo.units[$0] }
    }

    private func variables(named name: String, in unit: CompileUnit) -> [Variable] {
        guard let offsets = names(of: unit).variables[name] else { return [] }
        return offsets.compactMap { offset in
            guard let (entry, detail) = debugInfo.entry(at: offset) else { return nil }
            let scope = Variable.Scope(kind: .unit, offset: unit.offset, depth: 0, ranges: [])
            return Variable(
                entry: entry, origins: Variable.origins(of: entry, tree: detail.tree, debugInfo: debugInfo),
                scope: scope, fileName: { entry, number in Variable.fileName(number, of: entry, debugInfo: self.debugInfo) })
        }
    }

    private func names(of unit: CompileUnit) -> UnitNames { debugInfo.names(of: unit) }

    // MARK: Static locals

    /// A static local of `functionName` (a DW_TAG_variable with a static address inside it).
    private func functionStatic(_ name: String, in functionName: String, preferring preferred: CompileUnit?) -> Variable? {
        for unit in candidateUnits(for: functionName, preferring: preferred) {
            for offset in names(of: unit).functions[functionName] ?? [] {
                guard let (_, detail) = debugInfo.entry(at: offset), let root = detail.tree.index(of: offset) else {
                    continue
                }
                var pending = detail.tree.children(of: root)
                while let index = pending.popLast() {
                    let entry = detail.tree.entries[index]
                    let tag = Int32(entry.tag)
                    if tag == DW_TAG_subprogram { continue }  // a nested function has statics of its own
                    if tag == DW_TAG_variable || tag == DW_TAG_constant {
                        let scope = Variable.Scope(kind: .function, offset: offset, depth: 0, ranges: [])
                        let variable = Variable(
                            entry: entry, origins: Variable.origins(of: entry, tree: detail.tree, debugInfo: debugInfo),
                            scope: scope,
                            fileName: { entry, number in Variable.fileName(number, of: entry, debugInfo: self.debugInfo) })
                        if variable.name == name, variable.staticAddress != nil || variable.isThreadLocal {
                            return variable
                        }
                    }
                    pending += detail.tree.children(of: index)
                }
            }
        }
        return nil
    }

    // MARK: Helpers

    private static func isDefinition(_ variable: Variable) -> Bool {
        variable.location != nil || variable.constantValue != nil
    }

    /// `runtime.allgs` → `runtime`; `net/http.DefaultClient` → `net/http`.
    static func goPackage(of name: String) -> String? {
        let lastSlash = name.lastIndex(of: "/") ?? name.startIndex
        guard let dot = name[lastSlash...].firstIndex(of: "."), dot > name.startIndex else { return nil }
        return String(name[..<dot])
    }

    /// `next_id::counter` → (`next_id`, `counter`).
    static func splitFunctionStatic(_ name: String) -> (function: String, name: String)? {
        let characters = Array(name)
        guard characters.count >= 4 else { return nil }
        for index in stride(from: characters.count - 2, through: 1, by: -1)
        where characters[index] == ":" && characters[index + 1] == ":" && index + 2 < characters.count {
            return (String(characters[..<index]), String(characters[(index + 2)...]))
        }
        return nil
    }
}
