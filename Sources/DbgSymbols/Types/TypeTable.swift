import CDwarf
import Synchronization

/// Resolves type entries into `DwarfType` values, once each, for any thread.
///
/// A type holds the offsets of the types it refers to, so resolving one entry never walks a
/// chain of references: self-referential structs and corrupt cycles cost nothing here. The
/// helpers that do follow chains (`underlying`, `byteSize`, `name`) are bounded.
public final class TypeTable: Sendable {
    public let debugInfo: DebugInfo
    private let state = Mutex(State())

    private struct State {
        var types: [DIEOffset: DwarfType] = [:]
        var names: [DIEOffset: String] = [:]
        /// Declarations completed so far: the definition's offset, or nil when no unit has one.
        var definitions: [DIEOffset: DefinitionSearch] = [:]
        /// Go: type entries by the address of their `runtime._type` (built on first use).
        var goRuntimeTypes: [UInt64: DIEOffset]?
    }

    private enum DefinitionSearch {
        case found(DIEOffset)
        case none
    }

    /// How many typedefs and qualifiers `underlying` and friends follow before giving up.
    static let chainLimit = 64

    public init(debugInfo: DebugInfo) {
        self.debugInfo = debugInfo
    }

    // MARK: Resolving

    /// The type whose entry is at `offset`; nil when there is no entry there at all. An entry
    /// that is not a type, or that cannot be read, gives a type of kind `.unknown`.
    public func type(at offset: DIEOffset) -> DwarfType? {
        if let cached = state.withLock({ $0.types[offset] }) { return cached }
        guard let (entry, detail) = debugInfo.entry(at: offset) else { return nil }
        let unit = debugInfo.unit(containingOffset: offset)
        let builder = TypeBuilder(
            debugInfo: debugInfo, tree: detail.tree, language: unit?.language ?? .c,
            addressSize: UInt64(unit?.addressSize ?? 8))
        let type = builder.build(entry)
        state.withLock { $0.types[offset] = type }
        return type
    }

    /// The type a reference names: `void` for nil, `.unknown` for an offset with no entry.
    public func resolve(_ offset: DIEOffset?) -> DwarfType {
        guard let offset else { return .void }
        return type(at: offset) ?? .unknown(offset, "no debugging entry at \(offset)")
    }

    // MARK: Following references

    /// `type` without its typedefs and qualifiers (const, volatile, restrict, atomic).
    public func underlying(_ type: DwarfType) -> DwarfType {
        var current = type
        for _ in 0..<Self.chainLimit {
            switch current.kind {
            case .typedef(let target), .qualified(_, let target):
                current = resolve(target)
            default:
                return completed(current)
            }
        }
        return .unknown(type.offset, "typedef or qualifier cycle at \(type.offset)", language: type.language)
    }

    /// The size of a value of `type` in bytes: through typedefs and qualifiers, pointers are
    /// address-sized, arrays are their element size times their element count.
    public func byteSize(of type: DwarfType) -> UInt64? {
        byteSize(of: type, depth: 0)
    }

    private func byteSize(of type: DwarfType, depth: Int) -> UInt64? {
        guard depth < Self.chainLimit else { return nil }
        switch type.kind {
        case .typedef(let target), .qualified(_, let target):
            return byteSize(of: resolve(target), depth: depth + 1)
        case .pointer, .reference, .pointerToMember:
            return type.byteSize ?? addressSize(of: type)
        case .array(let shape):
            if let size = type.byteSize { return size }
            guard let count = shape.elementCount,
                  let elementSize = byteSize(of: resolve(shape.element), depth: depth + 1)
            else { return nil }
            let (total, overflow) = count.multipliedReportingOverflow(by: elementSize)
            return overflow ? nil : total
        case .enumeration(let enumeration):
            if let size = type.byteSize { return size }
            if type.isDeclaration, case let definition = completed(type), !definition.isDeclaration {
                return byteSize(of: definition, depth: depth + 1)
            }
            guard let underlying = enumeration.underlying else { return nil }
            return byteSize(of: resolve(underlying), depth: depth + 1)
        case .aggregate where type.isDeclaration:
            let definition = completed(type)
            return definition.isDeclaration ? type.byteSize : byteSize(of: definition, depth: depth + 1)
        case .base, .aggregate, .subroutine, .unspecified, .unknown:
            return type.byteSize
        }
    }

    // MARK: Completing declarations

    /// A struct, union, class or enum that its unit only declares (`typedef struct Handle
    /// Handle;`), completed by the definition of that name in another unit, as gdb does: the
    /// other units' top-level names are read on the first such question only, and the answer
    /// is kept. The type itself when it is complete or when no unit defines it.
    public func completed(_ type: DwarfType) -> DwarfType {
        guard type.isDeclaration, let name = type.qualifiedName ?? type.name, let tags = Self.definitionTags(of: type)
        else { return type }
        if let known = state.withLock({ $0.definitions[type.offset] }) {
            if case .found(let offset) = known, let definition = self.type(at: offset) { return definition }
            return type
        }
        let found = definitionOffset(named: name, tags: tags, language: type.language)
        state.withLock { $0.definitions[type.offset] = found.map { .found($0) } ?? DefinitionSearch.none }
        return found.flatMap { self.type(at: $0) } ?? type
    }

    /// The first definition of `name` with one of `tags` in any unit of `language`, found
    /// from the units' top-level names alone (no unit is parsed but the one defining it).
    private func definitionOffset(named name: String, tags: Set<Int32>, language: SourceLanguage) -> DIEOffset? {
        for unit in debugInfo.units where unit.language == language {
            for entry in unitNames(of: unit).types[name] ?? [] where !entry.isDeclaration && tags.contains(Int32(entry.tag)) {
                return entry.offset
            }
        }
        return nil
    }

    private static func definitionTags(of type: DwarfType) -> Set<Int32>? {
        switch type.kind {
        case .aggregate(let aggregate):
            switch aggregate.kind {
            case .structure, .class: return [DW_TAG_structure_type, DW_TAG_class_type]
            case .union: return [DW_TAG_union_type]
            }
        case .enumeration:
            return [DW_TAG_enumeration_type]
        default:
            return nil
        }
    }

    private func addressSize(of type: DwarfType) -> UInt64 {
        UInt64(debugInfo.unit(containingOffset: type.offset)?.addressSize ?? 8)
    }

    /// The member called `name` of a struct, class or union (through typedefs), searching
    /// direct members first, then anonymous members (C11) and embedded fields (Go), breadth
    /// first as Go promotes fields. Returns the path of members and the total byte offset
    /// (nil when an offset on the path is an expression).
    public func findMember(named name: String, in type: DwarfType) -> (path: [DwarfType.Member], byteOffset: UInt64?)? {
        var level: [(type: DwarfType, path: [DwarfType.Member], offset: UInt64?)] = [(underlying(type), [], 0)]
        var visited = Set<DIEOffset>()
        for _ in 0..<8 {  // embedding depth; also bounds cycles in corrupt DWARF
            var next: [(type: DwarfType, path: [DwarfType.Member], offset: UInt64?)] = []
            for (current, path, offset) in level {
                guard visited.insert(current.offset).inserted else { continue }
                for member in current.members {
                    let memberOffset = offset.flatMap { base in member.byteOffset.map { base + $0 } }
                    if member.name == name { return (path + [member], memberOffset) }
                    if member.name == nil || member.isEmbedded {
                        next.append((underlying(resolve(member.type)), path + [member], memberOffset))
                    }
                }
            }
            if next.isEmpty { return nil }
            level = next
        }
        return nil
    }

    // MARK: Names

    /// Types called `name`: `point`, `struct point`, `node_t`, `main.Order`, `runtime.g`,
    /// `ns::T`. Complete definitions come before declarations. Only types declared at a unit's
    /// top level (or in namespaces and modules) are found, not types local to a function.
    public func types(named name: String) -> [DwarfType] {
        let (wantedTag, bareName) = Self.splitTagKeyword(name)
        // Go declares a package's types in the package's unit: look there first rather than
        // read the names of every unit of the program.
        if let package = Self.goPackage(of: bareName) {
            let home = debugInfo.units.filter { $0.language.unitsArePackages && $0.name == package }
            let found = types(named: bareName, tag: wantedTag, in: home)
            if !found.isEmpty { return found }
            // `ast.File` for go/ast.File: a package named by the last element of its path, as
            // Go source names it (and Delve resolves it).
            if !package.contains("/") {
                let paths = Set(debugInfo.units.filter { $0.language.unitsArePackages && $0.name.hasSuffix("/" + package) }.map(\.name))
                // Go's linker may describe the type in another package's unit: every unit is
                // looked at, once per package path.
                for path in paths.sorted() {
                    let found = types(named: path + bareName.dropFirst(package.count), tag: wantedTag, in: debugInfo.units)
                    if !found.isEmpty { return found }
                }
            }
        }
        return types(named: bareName, tag: wantedTag, in: debugInfo.units)
    }

    /// The package of a Go qualified name: `runtime` of `runtime.g`, `net/http` of
    /// `net/http.Client`; nil for other names.
    static func goPackage(of name: String) -> String? {
        guard let first = name.first, first.isLetter || first == "_" else { return nil }
        let afterPath = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        guard let dot = name[afterPath...].firstIndex(of: ".") else { return nil }
        return String(name[..<dot])
    }

    private func types(named bareName: String, tag wantedTag: Set<Int32>?, in units: [CompileUnit]) -> [DwarfType] {
        var found: [DwarfType] = []
        var seen = Set<DIEOffset>()
        for unit in units {
            for entry in unitNames(of: unit).types[bareName] ?? [] {
                if let wantedTag, !wantedTag.contains(Int32(entry.tag)) { continue }
                guard seen.insert(entry.offset).inserted, let type = type(at: entry.offset) else { continue }
                found.append(type)
            }
        }
        // Definitions first, then typedef-free (Go emits a struct and a typedef of one name).
        return found.enumerated().sorted { a, b in
            let rankA = (a.element.isDeclaration ? 2 : 0) + (Self.isTypedef(a.element) ? 1 : 0)
            let rankB = (b.element.isDeclaration ? 2 : 0) + (Self.isTypedef(b.element) ? 1 : 0)
            return rankA != rankB ? rankA < rankB : a.offset < b.offset
        }.map(\.element)
    }

    /// The Go type whose `runtime._type` is `address` bytes into the runtime's type data
    /// (`runtime.types`), as DW_AT_go_runtime_type says: how an interface's dynamic type,
    /// known to the runtime by that address, maps back to DWARF.
    public func goType(forRuntimeTypeOffset address: UInt64) -> DwarfType? {
        if let index = state.withLock({ $0.goRuntimeTypes }) { return index[address].flatMap(type(at:)) }
        var index: [UInt64: DIEOffset] = [:]
        for unit in debugInfo.units where unit.language.unitsArePackages {
            for entries in unitNames(of: unit).types.values {
                for entry in entries {
                    guard let runtimeType = type(at: entry.offset)?.go?.runtimeType, runtimeType != 0 else { continue }
                    if index[runtimeType] == nil { index[runtimeType] = entry.offset }
                }
            }
        }
        state.withLock { $0.goRuntimeTypes = index }
        return index[address].flatMap(type(at:))
    }

    /// Every type name declared at a unit's top level, as `types(named:)` accepts them
    /// (`struct point` in C), sorted and without duplicates.
    public func allTypeNames() -> [String] {
        var names = Set<String>()
        for unit in debugInfo.units {
            for (name, entries) in unitNames(of: unit).types {
                for entry in entries {
                    names.insert(Self.displayName(name, tag: Int32(entry.tag), language: unit.language))
                }
            }
        }
        return names.sorted()
    }

    /// The names declared at the top of `unit` (read once, cached).
    func unitNames(of unit: CompileUnit) -> UnitNames { debugInfo.names(of: unit) }

    func cachedName(of offset: DIEOffset) -> String? { state.withLock { $0.names[offset] } }
    func cacheName(_ name: String, of offset: DIEOffset) { state.withLock { $0.names[offset] = name } }

    private static func isTypedef(_ type: DwarfType) -> Bool {
        if case .typedef = type.kind { return true }
        return false
    }

    /// `struct point` → ([struct tags], `point`); `point` → (nil, `point`).
    private static func splitTagKeyword(_ name: String) -> (tags: Set<Int32>?, name: String) {
        let trimmed = name.trimmingSpaces()
        let keywords: [(String, Set<Int32>)] = [
            ("struct ", [DW_TAG_structure_type, DW_TAG_class_type]), ("class ", [DW_TAG_class_type, DW_TAG_structure_type]),
            ("union ", [DW_TAG_union_type]), ("enum ", [DW_TAG_enumeration_type]),
        ]
        for (keyword, tags) in keywords where trimmed.hasPrefix(keyword) {
            return (tags, String(trimmed.dropFirst(keyword.count)).trimmingSpaces())
        }
        return (nil, trimmed)
    }

    static func displayName(_ name: String, tag: Int32, language: SourceLanguage) -> String {
        guard language.tagsTypeNames else { return name }
        switch tag {
        case DW_TAG_structure_type: return "struct " + name
        case DW_TAG_union_type: return "union " + name
        case DW_TAG_enumeration_type: return "enum " + name
        default: return name
        }
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var result = Substring(self)
        while result.first == " " { result = result.dropFirst() }
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}
