import DbgSymbols
import Synchronization

/// What expressions read from one binary: its types, globals and named constants. Each
/// caches what it reads, so make one per binary and share it between scopes and stops.
public final class ImageSymbols: ConstantLookup {
    public let image: BinaryImage
    public let types: TypeTable?
    public let globals: GlobalVariables?
    /// The binary's Swift types (nil without Swift reflection metadata).
    public let swift: SwiftTypes?
    /// Constants by the offset of their type, all read on first use (nil until then).
    private let constantsByType = Mutex<[DIEOffset: [NamedConstant]]?>(nil)

    /// `swiftTypes`: the program's directory of Swift types, which lays out types this binary
    /// uses but a library declares (nil: this binary's alone).
    public init(image: BinaryImage, swiftTypes directory: SwiftTypeDirectory? = nil) {
        self.image = image
        self.types = image.debugInfo.map(TypeTable.init)
        self.globals = image.debugInfo.map(GlobalVariables.init)
        self.swift = directory.map { $0.types(for: image) } ?? SwiftReflection.read(image.elf).map { SwiftTypes(reflection: $0) }
    }

    public var typeSystem: TypeSystem { TypeSystem(table: types, swift: swift) }

    /// The program's language (that of the unit holding `main`), C when unknown.
    public var language: SourceLanguage { image.language ?? .c }

    /// Go constants of `type`, from the DW_TAG_constant entries of every package (Delve's
    /// rule: gofmt's `const printerMode = printer.UseSpaces | ...` names a go/printer.Mode),
    /// sorted by value (as Delve sorts them; equal values in the DWARF's order). Those of
    /// the type's own package lose the package (`TabIndent`), the others keep it
    /// (`main.printerMode`).
    public func constants(of type: DwarfType) -> [(name: String, value: Int64)] {
        guard let typeName = type.name, let package = Self.packageName(typeName) else { return [] }
        let constants = constantsByType.withLock { table in
            if table == nil { table = Self.constantsByType(globals?.allConstants() ?? []) }
            return table?[type.offset] ?? []
        }
        let prefix = package + "."
        return constants.map { ($0.name.hasPrefix(prefix) ? String($0.name.dropFirst(prefix.count)) : $0.name, $0.value) }
    }

    private static func constantsByType(_ constants: [NamedConstant]) -> [DIEOffset: [NamedConstant]] {
        var table: [DIEOffset: [NamedConstant]] = [:]
        for constant in constants { table[constant.type, default: []].append(constant) }
        for type in table.keys {
            // Stable: the DWARF's order among equal values.
            table[type] = table[type]?.enumerated()
                .sorted { ($0.element.value, $0.offset) < ($1.element.value, $1.offset) }.map(\.element)
        }
        return table
    }

    /// `main.Status` → `main`; `net/http.Header` → `net/http` (Delve's packageName).
    static func packageName(_ name: String) -> String? {
        let pathEnd = name.lastIndex(of: "/") ?? name.startIndex
        guard let dot = name[pathEnd...].firstIndex(of: "."), dot > name.startIndex else { return nil }
        return String(name[..<dot])
    }
}
