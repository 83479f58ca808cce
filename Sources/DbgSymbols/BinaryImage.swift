/// One binary (executable or shared library) as the debugger sees it: its ELF headers and
/// symbols, and its DWARF (its own, or from a separate debug file) when there is any.
public final class BinaryImage: Sendable {
    public let path: String
    public let elf: ELFFile
    public let symbols: SymbolIndex
    public let debugInfo: DebugInfo?
    /// The separate debug file the DWARF came from, if not `path` itself.
    public let debugFilePath: String?

    public var hasDebugInfo: Bool { debugInfo != nil }

    /// Opens `path`: reads ELF headers and symbols, and the DWARF unit index (nothing more).
    public static func open(_ path: String, locator: DebugFileLocator = DebugFileLocator()) throws(SymbolError)
        -> BinaryImage
    {
        let elf = try ELFFile.open(path)
        var debugPath: String?
        var debugInfo: DebugInfo?
        if elf.hasDebugInfo {
            debugInfo = try DebugInfo.open(path)
        } else if let separate = locator.locate(for: elf) {
            debugInfo = try DebugInfo.open(separate)
            debugPath = separate
        }
        var symbols = elf.symbols
        if debugPath != nil, let separate = debugPath, let debugELF = try? ELFFile.open(separate) {
            // A stripped binary keeps only .dynsym; its debug file has the full .symtab.
            let known = Set(symbols.map { SymbolKey($0) })
            symbols += debugELF.symbols.filter { !known.contains(SymbolKey($0)) }
        }
        return BinaryImage(path: path, elf: elf, symbols: SymbolIndex(symbols), debugInfo: debugInfo, debugFilePath: debugPath)
    }

    private init(path: String, elf: ELFFile, symbols: SymbolIndex, debugInfo: DebugInfo?, debugFilePath: String?) {
        self.path = path
        self.elf = elf
        self.symbols = symbols
        self.debugInfo = debugInfo
        self.debugFilePath = debugFilePath
    }

    /// The language of the program: that of the unit holding `main` (or the entry point).
    public var language: SourceLanguage? {
        guard let debugInfo else { return nil }
        let main = symbols.symbols(named: "main.main").first ?? symbols.symbols(named: "main").first
        if let address = main?.address ?? Optional(elf.entry), let unit = debugInfo.unit(containing: address) {
            return unit.language
        }
        return debugInfo.units.first?.language
    }

    private struct SymbolKey: Hashable {
        var name: String
        var address: Address
        init(_ symbol: ELFSymbol) {
            name = symbol.name
            address = symbol.address
        }
    }
}
