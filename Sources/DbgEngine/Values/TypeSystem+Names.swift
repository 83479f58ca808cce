import DbgSymbols

/// Type names as Delve shows them: Go's own names, and for C the C name of named types
/// (`struct point`, `node_t`, `unsigned int`) with Go's order for what C declarators
/// wrap around a name: `*struct node`, `[5]int`, `[2][3]int`, `*const char`.
extension TypeSystem {
    public func name(of type: ValueType) -> String {
        name(of: type, depth: 0)
    }

    private func name(of type: ValueType, depth: Int) -> String {
        guard depth < Self.depthLimit else { return "<recursive type>" }
        switch type {
        case .builtin(let builtin):
            return builtin.name
        case .function(let language):
            return language.rules.functionTypeName
        case .pointer(let pointee, let language):
            return pointerName(to: pointee, language: language, depth: depth)
        case .array(let element, let count, _):
            return "[\(count)]" + name(of: element, depth: depth + 1)
        case .swift(let name):
            return name.displayName
        case .dwarf(let dwarf):
            if dwarf.language == .swift, let swiftName = swiftName(of: type) { return swiftName.displayName }
            return dwarfName(dwarf, depth: depth)
        }
    }

    private func pointerName(to pointee: ValueType, language: SourceLanguage, depth: Int) -> String {
        let rules = language.rules
        if rules.hasUnsafePointer, pointee.dwarfType?.offset.value == 0 { return "unsafe.Pointer" }
        if !rules.dwarfNamesTypesAsWritten, case .function = shape(of: pointee), let table, let signature = pointee.dwarfType {
            // A C function pointer reads best in C: `double (*)(double, double)`.
            return table.name(of: signature).replacingFirst(" (", with: " (*)(")
        }
        return "*" + name(of: pointee, depth: depth + 1)
    }

    private func dwarfName(_ type: DwarfType, depth: Int) -> String {
        guard let table else { return type.name ?? "<unknown type>" }
        // Go's DWARF names every type the way Go writes it.
        if type.language.rules.dwarfNamesTypesAsWritten { return type.name ?? table.name(of: type) }
        switch type.kind {
        case .pointer(let target) where type.name == nil:
            return pointerName(to: resolve(target), language: type.language, depth: depth)
        case .array(let shape) where type.name == nil:
            let dimensions = shape.dimensions.isEmpty
                ? "[]" : shape.dimensions.map { $0.count.map { "[\($0)]" } ?? "[]" }.joined()
            return dimensions + name(of: resolve(shape.element), depth: depth + 1)
        case .qualified(let qualifier, let target):
            let word = qualifier == .atomic ? "_Atomic" : qualifier.rawValue
            return word + " " + name(of: resolve(target), depth: depth + 1)
        default:
            return table.name(of: type)
        }
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced (unchanged without one).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
