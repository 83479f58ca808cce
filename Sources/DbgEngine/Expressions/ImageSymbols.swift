import DbgSymbols
import Synchronization

/// What expressions read from one binary: its types, globals and named constants. Each
/// caches what it reads, so make one per binary and share it between scopes and stops.
public final class ImageSymbols: ConstantLookup {
    public let image: BinaryImage
    public let types: TypeTable?
    public let globals: GlobalVariables?
    /// Constants by the offset of their type, found on first use per package.
    private let constantsByType = Mutex([DIEOffset: [(name: String, value: Int64)]]())
    private let scannedPackages = Mutex(Set<String>())

    public init(image: BinaryImage) {
        self.image = image
        self.types = image.debugInfo.map(TypeTable.init)
        self.globals = image.debugInfo.map(GlobalVariables.init)
    }

    public var typeSystem: TypeSystem { TypeSystem(table: types) }

    /// The program's language (that of the unit holding `main`), C when unknown.
    public var language: SourceLanguage { image.language ?? .c }

    /// Go constants of `type`, from the DW_TAG_constant entries of the type's package,
    /// sorted by value (as Delve sorts them), names without the package.
    public func constants(of type: DwarfType) -> [(name: String, value: Int64)] {
        guard let typeName = type.name, let package = Self.packageName(typeName) else { return [] }
        scan(package)
        return constantsByType.withLock { $0[type.offset] ?? [] }
    }

    private func scan(_ package: String) {
        guard let globals, scannedPackages.withLock({ $0.insert(package).inserted }) else { return }
        let prefix = package + "."
        var found: [DIEOffset: [(name: String, value: Int64)]] = [:]
        for name in globals.allVariableNames() where name.hasPrefix(prefix) {
            for variable in globals.variables(named: name) {
                guard let type = variable.type, let value = variable.constantValue?.signedValue else { continue }
                found[type, default: []].append((String(name.dropFirst(prefix.count)), value))
            }
        }
        constantsByType.withLock { table in
            for (type, constants) in found {
                table[type, default: []] += constants
                table[type]?.sort { $0.value < $1.value }
            }
        }
    }

    /// `main.Status` → `main`; `net/http.Header` → `net/http` (Delve's packageName).
    static func packageName(_ name: String) -> String? {
        let pathEnd = name.lastIndex(of: "/") ?? name.startIndex
        guard let dot = name[pathEnd...].firstIndex(of: "."), dot > name.startIndex else { return nil }
        return String(name[..<dot])
    }
}
