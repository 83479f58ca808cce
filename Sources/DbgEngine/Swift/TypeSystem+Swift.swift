import DbgSymbols

/// Swift types seen through DWARF: a type entry names its Swift type by its mangled name
/// (`$s6values5PointVD`); what the type is comes from `SwiftTypes`.
extension TypeSystem {
    /// The Swift type a Swift DWARF type stands for: its mangled name, through `let`'s
    /// const, typedefs, and the unnamed one-member struct the compiler wraps a bound generic
    /// type in. Nil when the entry names none.
    public func swiftName(of type: ValueType) -> SwiftTypeName? {
        if case .swift(let name) = type { return name }
        guard let swift, let table, case .dwarf(var dwarf) = type else { return nil }
        for _ in 0..<Self.depthLimit {
            dwarf = table.completed(table.underlying(dwarf))
            if let mangled = dwarf.swiftMangledName { return swift.typeName(mangled: mangled) }
            guard dwarf.name == nil, case .aggregate(let aggregate) = dwarf.kind, aggregate.members.count == 1,
                  let member = aggregate.members.first, let target = member.type
            else { return nil }
            dwarf = table.resolve(target)
        }
        return nil
    }

    /// The shape of a Swift type: numbers, `Bool` and pointers as the other languages' (so
    /// arithmetic and comparisons need nothing of their own), the rest by its layout.
    func swiftShape(of name: SwiftTypeName) -> TypeShape {
        guard let swift else { return .unknown("no Swift metadata for \(name.displayName)") }
        let layout: SwiftLayout
        do {
            layout = try swift.layout(of: name)
        } catch {
            return .unknown(error.description)
        }
        switch layout.kind {
        case .integer(let isSigned): return .integer(size: layout.size, isSigned: isSigned, isChar: false)
        case .float: return .float(size: layout.size)
        case .bool: return .boolean(size: 1)
        case .pointer(let pointee): return .pointer(to: pointee.map { .swift($0) } ?? .void)
        default: return .swift(layout, name)
        }
    }
}
