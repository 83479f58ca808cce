extension TypeTable {
    /// The type's name as its language writes it: C declarators (`struct point *`,
    /// `int [2][3]`, `double (*)(double, double)`, `char * const`), Go's own names (`[]int`,
    /// `map[string]int`, `*main.Order`, which Go's DWARF spells out).
    public func name(of type: DwarfType) -> String {
        if type.offset.value != 0, let cached = cachedName(of: type.offset) { return cached }
        let name = TypeNamer(table: self).name(type)
        if type.offset.value != 0 { cacheName(name, of: type.offset) }
        return name
    }

    /// The name of the type at `offset` (`void` for nil).
    public func name(of offset: DIEOffset?) -> String {
        name(of: resolve(offset))
    }
}

/// Builds type names; every walk is bounded so that corrupt DWARF cannot loop.
struct TypeNamer {
    let table: TypeTable
    private static let depthLimit = 32

    func name(_ type: DwarfType) -> String {
        switch type.language.typeSpelling {
        case .go: return goName(type, depth: 0)
        case .c: return cName(type, depth: 0)
        case .asNamed: return type.name ?? cName(type, depth: 0)
        }
    }

    // MARK: C

    private func cName(_ type: DwarfType, depth: Int) -> String {
        let (base, declarator) = cParts(type, inner: "", depth: depth)
        return declarator.isEmpty ? base : base + " " + declarator
    }

    /// Splits a C type into its base (`struct point`, `const char`) and its declarator with
    /// the name left out (`*`, `[2][3]`, `(*)(int)`): declarators wrap from the inside out.
    private func cParts(_ type: DwarfType, inner: String, depth: Int) -> (base: String, declarator: String) {
        guard depth < Self.depthLimit else { return ("<recursive type>", inner) }
        switch type.kind {
        case .pointer(let target):
            return pointerParts(sigil: "*", target: target, inner: inner, depth: depth)
        case .reference(let target, let isRValue):
            return pointerParts(sigil: isRValue ? "&&" : "&", target: target, inner: inner, depth: depth)
        case .pointerToMember(let target, let containing):
            let owner = containing.map { cName(table.resolve($0), depth: depth + 1) } ?? "?"
            return pointerParts(sigil: owner + "::*", target: target, inner: inner, depth: depth)
        case .qualified:
            // Gather the whole chain (`const volatile`): on a pointer the qualifiers go after the
            // star (`char * const`), on anything else before the base (`const char`).
            var qualifiers: [String] = []
            var current = type
            while case .qualified(let qualifier, let target) = current.kind, qualifiers.count < Self.depthLimit {
                qualifiers.append(qualifier == .atomic ? "_Atomic" : qualifier.rawValue)
                current = table.resolve(target)
            }
            let words = qualifiers.joined(separator: " ")
            switch current.kind {
            case .pointer, .reference, .pointerToMember:
                return cParts(current, inner: words + (inner.isEmpty ? "" : " " + inner), depth: depth + 1)
            default:
                let (base, declarator) = cParts(current, inner: inner, depth: depth + 1)
                return (words + " " + base, declarator)
            }
        case .array(let shape):
            let dimensions = shape.dimensions.isEmpty
                ? "[]" : shape.dimensions.map { $0.count.map { "[\($0)]" } ?? "[]" }.joined()
            return cParts(table.resolve(shape.element), inner: inner + dimensions, depth: depth + 1)
        case .subroutine(let signature):
            var parameters = signature.parameters.map { cName(table.resolve($0), depth: depth + 1) }
            if signature.isVariadic { parameters.append("...") }
            if parameters.isEmpty && signature.isPrototyped { parameters = ["void"] }
            let list = "(" + parameters.joined(separator: ", ") + ")"
            return cParts(table.resolve(signature.returnType), inner: inner + list, depth: depth + 1)
        default:
            return (ownName(type), inner)
        }
    }

    private func pointerParts(sigil: String, target: DIEOffset?, inner: String, depth: Int) -> (base: String, declarator: String) {
        let pointee = table.resolve(target)
        let combined = sigil + Self.spaced(inner)
        switch pointee.kind {
        case .array, .subroutine:
            return cParts(pointee, inner: "(" + combined + ")", depth: depth + 1)
        default:
            return cParts(pointee, inner: combined, depth: depth + 1)
        }
    }

    /// Declarator pieces join without a space (`**`, `*[3]`), qualifier words with one (`* const`).
    private static func spaced(_ inner: String) -> String {
        guard let first = inner.first else { return "" }
        return first.isLetter || first == "_" ? " " + inner : inner
    }

    private func ownName(_ type: DwarfType) -> String {
        if let qualified = type.qualifiedName { return qualified }
        switch type.kind {
        case .aggregate(let aggregate):
            let name = type.name ?? "{...}"
            return type.language.tagsTypeNames || type.name == nil ? aggregate.kind.rawValue + " " + name : name
        case .enumeration:
            let name = type.name ?? "{...}"
            return type.language.tagsTypeNames || type.name == nil ? "enum " + name : name
        case .unspecified:
            return type.name ?? "void"
        case .unknown:
            return "<unknown type>"
        default:
            return type.name ?? "<unnamed type>"
        }
    }

    // MARK: Go

    /// Go's DWARF names every type; the fallbacks build Go syntax for the odd unnamed one.
    private func goName(_ type: DwarfType, depth: Int) -> String {
        if let name = type.name { return name }
        guard depth < Self.depthLimit else { return "<recursive type>" }
        switch type.kind {
        case .pointer(let target):
            return target.map { "*" + goName(table.resolve($0), depth: depth + 1) } ?? "unsafe.Pointer"
        case .typedef(let target), .qualified(_, let target):
            return goName(table.resolve(target), depth: depth + 1)
        case .array(let shape):
            let dimensions = shape.dimensions.map { $0.count.map { "[\($0)]" } ?? "[]" }.joined()
            return dimensions + goName(table.resolve(shape.element), depth: depth + 1)
        case .subroutine(let signature):
            let parameters = signature.parameters.map { goName(table.resolve($0), depth: depth + 1) }
            let result = signature.returnType.map { " " + goName(table.resolve($0), depth: depth + 1) } ?? ""
            return "func(" + parameters.joined(separator: ", ") + ")" + result
        case .aggregate:
            return "struct {...}"
        default:
            return ownName(type)
        }
    }
}
