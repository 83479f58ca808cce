import CDwarf
import Synchronization

/// A binary's DWARF: the unit index, built at open, and per-unit details parsed on first use.
public final class DebugInfo: Sendable {
    public let path: String
    public let units: [CompileUnit]
    let handle: DwarfHandle
    /// Reads entries and line programs from the section bytes; nil when they are unreadable,
    /// and then libdwarf reads everything.
    let decoder: DIEDecoder?
    /// (range, unit index), sorted by start address, for address → unit.
    private let unitRanges: [(range: AddressRange, unit: Int)]
    /// How the C units' files are shown (from the unit index alone).
    let sourceNames: SourceNames
    private let cache = Mutex(Cache())

    private struct Cache {
        var details: [Int: Result<UnitDetail, SymbolError>] = [:]
        var lineTables: [Int: Result<LineTable, SymbolError>] = [:]
        var sourceFiles: [Int: [String]] = [:]
        var names: [Int: UnitNames] = [:]
        /// `readFilesOfCUnits()`'s answer, and how many units' files it was made of.
        var filesOfCUnits: (units: Int, files: Set<String>)?
    }

    /// Opens the DWARF in `path`; nil when it has none.
    public static func open(_ path: String) throws(SymbolError) -> DebugInfo? {
        guard let handle = try DwarfHandle(path: path) else { return nil }
        let headers: [CompileUnitHeader]
        do {
            headers = try handle.withSession { session throws(DwarfReadError) in try session.compileUnitHeaders() }
        } catch {
            throw .corruptDWARF(path, reason: error.message)
        }
        guard !headers.isEmpty else { return nil }
        return DebugInfo(path: path, handle: handle, headers: headers)
    }

    private init(path: String, handle: DwarfHandle, headers: [CompileUnitHeader]) {
        self.path = path
        self.handle = handle
        self.decoder = DIEDecoder(handle: handle)
        let units = headers.enumerated().map { CompileUnit(index: $0.offset, header: $0.element) }
        self.units = units
        self.sourceNames = SourceNames(units: units)
        self.unitRanges = units.flatMap { unit in unit.ranges.map { ($0, unit.index) } }
            .sorted { $0.range.low < $1.range.low }
    }

    // MARK: Units

    /// The unit whose ranges contain `address`.
    public func unit(containing address: Address) -> CompileUnit? {
        var low = 0, high = unitRanges.count
        while low < high {
            let middle = (low + high) / 2
            if unitRanges[middle].range.low <= address { low = middle + 1 } else { high = middle }
        }
        // Unit ranges may nest or overlap in odd binaries: look back a little for a container.
        var index = low - 1
        while index >= 0 && index >= low - 8 {
            if unitRanges[index].range.contains(address) { return units[unitRanges[index].unit] }
            index -= 1
        }
        return nil
    }

    /// The unit whose entries include the DIE at `offset` (units are in offset order).
    public func unit(containingOffset offset: DIEOffset) -> CompileUnit? {
        var low = 0, high = units.count
        while low < high {
            let middle = (low + high) / 2
            if units[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? units[low - 1] : nil
    }

    /// The parsed entry at `offset`, with the detail of the unit that holds it.
    public func entry(at offset: DIEOffset) -> (entry: DIEData, detail: UnitDetail)? {
        guard let unit = unit(containingOffset: offset), let detail = try? detail(of: unit),
              let entry = detail.tree[offset]
        else { return nil }
        return (entry, detail)
    }

    /// The file names of a unit's line table (read from its header only).
    public func sourceFiles(of unit: CompileUnit) -> [String] {
        if let cached = cache.withLock({ $0.sourceFiles[unit.index] }) { return cached }
        let files = lineTableProblem(of: unit) != nil ? [] : ((try? handle.withSession { session throws(DwarfReadError) in
            try session.sourceFiles(unit: unit.offset)
        }) ?? []).map { Self.undoubled($0, in: unit) }
        cache.withLock { $0.sourceFiles[unit.index] = files }
        return files
    }

    /// The files of the C and C++ units whose file lists were read already (none is read here).
    func readFilesOfCUnits() -> Set<String> {
        // Asked for each path shown (thousands of lines of a listing): made again only when
        // more units' files have been read since.
        let (read, known) = cache.withLock { ($0.sourceFiles, $0.filesOfCUnits) }
        if let known, known.units == read.count { return known.files }
        var files = Set<String>()
        for (index, names) in read where units[index].language.namesSourcesAsCompiled {
            files.formUnion(names)
        }
        cache.withLock { $0.filesOfCUnits = (read.count, files) }
        return files
    }

    /// DWARF 5's directory 0 is the compilation directory itself; libdwarf joins it to the
    /// compilation directory once more when it is relative (glibc's `./malloc`), which
    /// gives `malloc/malloc/malloc.c` for `./malloc/malloc.c`.
    static func undoubled(_ file: String, in unit: CompileUnit) -> String {
        guard unit.version >= 5, let directory = unit.compilationDirectory, !directory.hasPrefix("/") else { return file }
        let normalized = SourcePath.normalize(directory)
        guard !normalized.isEmpty, file.hasPrefix(normalized + "/" + normalized + "/") else { return file }
        return String(file.dropFirst(normalized.count + 1))
    }

    /// The names a unit declares at its top level (read once, without parsing its tree): how
    /// lookups by name (types, globals, functions without a symbol) skip the units that
    /// cannot have what they look for.
    func names(of unit: CompileUnit) -> UnitNames {
        if let cached = cache.withLock({ $0.names[unit.index] }) { return cached }
        let names = (try? handle.withSession { session throws(DwarfReadError) in
            try session.unitNames(unit: unit.offset, language: unit.language, context: unit.context)
        }) ?? UnitNames()
        cache.withLock { $0.names[unit.index] = names }
        return names
    }

    /// Every source file named by any unit, once each.
    public func allSourceFiles() -> [String] {
        var seen = Set<String>()
        return units.flatMap { sourceFiles(of: $0) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    // MARK: Per-unit details

    /// How many units have had their line table or entries parsed (laziness is observable).
    public var parsedUnitCount: Int {
        cache.withLock { Set($0.lineTables.keys).union($0.details.keys).count }
    }

    public func lineTable(of unit: CompileUnit) throws(SymbolError) -> LineTable {
        if let cached = cache.withLock({ $0.lineTables[unit.index] }) { return try cached.get() }
        let result: Result<LineTable, SymbolError>
        if !unit.hasLineTable {
            result = .success(LineTable(files: [], rows: []))
        } else if let table = nativeLineTable(of: unit) {
            result = .success(table)
        } else if let problem = lineTableProblem(of: unit) {
            result = .failure(.corruptDWARF(path, reason: problem))
        } else {
            do {
                let table = try handle.withSession { session throws(DwarfReadError) in
                    try session.lineTable(unit: unit.offset, version: unit.version)
                }
                result = .success(table)
            } catch {
                result = .failure(.corruptDWARF(path, reason: error.message))
            }
        }
        cache.withLock { $0.lineTables[unit.index] = result }
        return try result.get()
    }

    /// Why a unit's line table must not be handed to libdwarf, which would crash on it (see
    /// `LineProgramDecoder.fileTableProblem`); nil when it may. A header too broken to say
    /// is left to libdwarf, which reports it.
    private func lineTableProblem(of unit: CompileUnit) -> String? {
        guard let offset = unit.lineTableOffset, let section = decoder?.section(".debug_line"),
              let problem = try? LineProgramDecoder(section: section).fileTableProblem(at: offset)
        else { return nil }
        return "the line table at .debug_line offset \(offset): \(problem)"
    }

    /// The line table run from `.debug_line`'s bytes; nil leaves it to libdwarf (which also
    /// gives the error message when the table is corrupt).
    private func nativeLineTable(of unit: CompileUnit) -> LineTable? {
        guard let offset = unit.lineTableOffset, let section = decoder?.section(".debug_line"),
              let rows = try? LineProgramDecoder(section: section).rows(at: offset)
        else { return nil }
        return LineTable(files: sourceFiles(of: unit), rows: rows)
    }

    public func detail(of unit: CompileUnit) throws(SymbolError) -> UnitDetail {
        if let cached = cache.withLock({ $0.details[unit.index] }) { return try cached.get() }
        let files = sourceFiles(of: unit)
        let result: Result<UnitDetail, SymbolError>
        do {
            let tree = try readTree(at: unit.offset, context: unit.context)
            let collector = FunctionCollector(tree: tree, unit: unit, files: files) { offset in
                self.readEntry(at: offset)
            }
            let callSites = CallSiteTable(tree: tree) { offset in self.readEntry(at: offset) }
            result = .success(UnitDetail(tree: tree, functions: collector.collect(), callSites: callSites))
        } catch {
            result = .failure(.corruptDWARF(path, reason: error.message))
        }
        cache.withLock { $0.details[unit.index] = result }
        return try result.get()
    }

    /// An entry and its subtree, decoded from the section bytes where possible.
    func readTree(at offset: DIEOffset, context: UnitContext, entryOnly: Bool = false) throws(DwarfReadError) -> DIETree {
        if let decoder, let tree = try? decoder.readTree(
            at: offset, context: context, entryOnly: entryOnly,
            fallback: { entry throws(DwarfReadError) in try self.readThroughLibdwarf(entry, context) })
        {
            return tree
        }
        if entryOnly { return DIETree(single: try readThroughLibdwarf(offset, context)) }
        return try handle.withSession { session throws(DwarfReadError) in try session.readTree(at: offset, context: context) }
    }

    /// One entry of any unit (an abstract origin or declaration elsewhere), alone.
    private func readEntry(at offset: DIEOffset) -> DIEData? {
        guard let unit = unit(containingOffset: offset) else { return nil }
        return try? readTree(at: offset, context: unit.context, entryOnly: true).entries.first
    }

    /// One entry read by libdwarf alone (the decoder's fallback, and its tests' reference).
    func readThroughLibdwarf(_ offset: DIEOffset, _ context: UnitContext) throws(DwarfReadError) -> DIEData {
        try handle.withSession { session throws(DwarfReadError) in
            let die = try session.dieHandle(at: offset)
            defer { dwarf_dealloc_die(die) }
            return try session.readDIE(die, context: context)
        }
    }

    // MARK: Lookups

    /// The function (from DWARF) whose code contains `address`.
    public func function(containing address: Address) -> Function? {
        guard let unit = unit(containing: address) else { return nil }
        return try? detail(of: unit).function(containing: address)
    }

    /// The innermost function, lexical block or inlined call with code at `address`.
    public func innermostBlock(containing address: Address) -> DIEOffset? {
        guard let unit = unit(containing: address) else { return nil }
        return try? detail(of: unit).innermostBlock(containing: address)
    }

    /// What the function whose DW_TAG_subprogram is at `offset` returns: its DW_AT_type,
    /// or its abstract origin's or declaration's. Nil for void (or no such entry).
    public func returnType(ofFunctionAt offset: DIEOffset) -> DIEOffset? {
        guard var (entry, _) = entry(at: offset) else { return nil }
        for _ in 0..<3 where entry.reference(DW_AT_type) == nil {
            guard let origin = entry.reference(DW_AT_abstract_origin) ?? entry.reference(DW_AT_specification),
                  let (next, _) = self.entry(at: origin)
            else { break }
            entry = next
        }
        return entry.reference(DW_AT_type)
    }

    /// The line-table row that covers `address`.
    public func lineRow(for address: Address) -> (row: LineRow, table: LineTable)? {
        guard let unit = unit(containing: address), let table = try? lineTable(of: unit),
              let row = table.row(for: address)
        else { return nil }
        return (row, table)
    }
}
