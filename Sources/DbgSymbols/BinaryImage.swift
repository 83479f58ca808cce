import Synchronization

/// One binary (executable or shared library) as the debugger sees it: its ELF headers and
/// symbols, and its DWARF (its own, or from a separate debug file) when there is any.
public final class BinaryImage: Sendable {
    public let path: String
    public let elf: ELFFile
    public let symbols: SymbolIndex
    /// The separate debug file the DWARF came from, if not `path` itself.
    public let debugFilePath: String?
    /// Where the DWARF is (`path` or the debug file); nil without any.
    private let dwarfPath: String?

    /// The DWARF unit index, read at open or, for an image opened with `eagerDWARF: false`,
    /// on first use (nil when it cannot be read then).
    /// The DWARF if it has been read, without reading it.
    public var loadedDebugInfo: DebugInfo? {
        lazyTables.withLock { $0.debugInfo }.flatMap { $0 }
    }

    public var debugInfo: DebugInfo? {
        if let known = lazyTables.withLock({ $0.debugInfo }) { return known }
        // One opening at a time: a thread that comes while another opens it waits for that
        // one (a background warm-up and the first breakpoint often ask together).
        return opening.withLock { _ in
            if let known = lazyTables.withLock({ $0.debugInfo }) { return known }
            let opened = dwarfPath.flatMap { try? DebugInfo.open($0) }
            lazyTables.withLock { $0.debugInfo = .some(opened) }
            return opened
        }
    }

    private let opening = Mutex(())

    public var hasDebugInfo: Bool { dwarfPath != nil }

    /// Tables built on first use: the DWARF index (lazy images), call frame information,
    /// types, globals.
    private let lazyTables = Mutex(LazyTables())

    private struct LazyTables {
        var debugInfo: DebugInfo??
        var callFrames: Result<CallFrameTable?, SymbolError>?
        var types: TypeTable?
        var globals: GlobalVariables?
        var variableAddresses: VariableAddresses?
    }

    /// Opens `path`: reads ELF headers and symbols, and the DWARF unit index (nothing more).
    /// With `eagerDWARF: false` the DWARF waits until something asks for it (a library
    /// whose lines and variables nobody may need: decompressing and indexing libc's debug
    /// file costs more than everything else a session start does).
    public static func open(_ path: String, locator: DebugFileLocator = DebugFileLocator(), eagerDWARF: Bool = true)
        throws(SymbolError) -> BinaryImage
    {
        let elf = try ELFFile.open(path)
        var debugPath: String?
        var dwarfPath: String?
        var debugInfo: DebugInfo?
        if elf.hasDebugInfo {
            dwarfPath = path
        } else if let separate = locator.locate(for: elf) {
            dwarfPath = separate
            debugPath = separate
        }
        if eagerDWARF, let dwarfPath { debugInfo = try DebugInfo.open(dwarfPath) }
        var symbols = elf.symbols
        if debugPath != nil, let separate = debugPath, let debugELF = try? ELFFile.open(separate) {
            // A stripped binary keeps only .dynsym; its debug file has the full .symtab.
            let known = Set(symbols.map { SymbolKey($0) })
            symbols += debugELF.symbols.filter { !known.contains(SymbolKey($0)) }
        }
        return BinaryImage(
            path: path, elf: elf, symbols: SymbolIndex(symbols), debugInfo: eagerDWARF ? .some(debugInfo) : nil,
            debugFilePath: debugPath, dwarfPath: dwarfPath)
    }

    /// `debugInfo`: `.some` once read (`.some(nil)`: there is none), nil to read on first use.
    private init(
        path: String, elf: ELFFile, symbols: SymbolIndex, debugInfo: DebugInfo??, debugFilePath: String?, dwarfPath: String?
    ) {
        self.path = path
        self.elf = elf
        self.symbols = symbols
        self.debugFilePath = debugFilePath
        self.dwarfPath = dwarfPath
        if let debugInfo { lazyTables.withLock { $0.debugInfo = .some(debugInfo) } }
    }

    /// The call frame information of `.eh_frame` and `.debug_frame` (built on first use; a
    /// binary without DWARF, such as libc, still has its `.eh_frame`).
    public func callFrameTable() throws(SymbolError) -> CallFrameTable? {
        if let ready = lazyTables.withLock({ $0.callFrames }) { return try ready.get() }
        let result: Result<CallFrameTable?, SymbolError>
        do throws(SymbolError) {
            // A separate debug file keeps .eh_frame only as an empty NOBITS section: the call
            // frame information of a binary whose DWARF lives elsewhere is in the binary.
            let handle: DwarfHandle?
            if debugFilePath != nil {
                handle = try DwarfHandle(path: path)
            } else if let own = debugInfo?.handle {
                handle = own
            } else {
                handle = try DwarfHandle(path: path)
            }
            result = .success(try handle.map { handle throws(SymbolError) in try CallFrameTable(handle: handle) })
        } catch {
            result = .failure(error)
        }
        lazyTables.withLock { $0.callFrames = result }
        return try result.get()
    }

    /// The type table of this binary's DWARF (nil without debug info).
    public var typeTable: TypeTable? {
        guard let debugInfo else { return nil }
        return lazyTables.withLock { tables in
            if let types = tables.types { return types }
            let types = TypeTable(debugInfo: debugInfo)
            tables.types = types
            return types
        }
    }

    /// The global and static variables of this binary's DWARF (nil without debug info).
    public var globalVariables: GlobalVariables? {
        guard let debugInfo else { return nil }
        return lazyTables.withLock { tables in
            if let globals = tables.globals { return globals }
            let globals = GlobalVariables(debugInfo: debugInfo)
            tables.globals = globals
            return globals
        }
    }

    /// The DWARF globals by address (built on first use: every unit's top-level names).
    public var variableAddresses: VariableAddresses? {
        guard let globals = globalVariables else { return nil }
        if let ready = lazyTables.withLock({ $0.variableAddresses }) { return ready }
        let built = VariableAddresses(variableNames: globals.allVariableNames(), symbols: symbols)
        lazyTables.withLock { $0.variableAddresses = built }
        return built
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
