/// Addresses ↔ source lines, and where breakpoints go.
extension BinaryImage {
    /// The source line of `address`, from the line table.
    public func sourceLocation(for address: Address) -> SourceLocation? {
        guard let (row, table) = debugInfo?.lineRow(for: address), let file = table.fileName(row.file) else {
            return nil
        }
        return SourceLocation(file: file, line: Int(row.line), column: Int(row.column))
    }

    /// The first address after `function`'s prologue, where a breakpoint on it belongs.
    ///
    /// A `prologue_end` mark (clang, swiftc) wins. Otherwise, as gdb does for gcc code, the
    /// prologue is the function's first line-table entry, so the answer is the next entry's
    /// address; for Go it is the first statement on a line other than the opening one,
    /// which also skips the stack-growth check.
    public func breakpointAddress(for function: FunctionLocation) -> Address {
        let entry = function.entry
        guard let debugInfo, let unit = debugInfo.unit(containing: entry),
              let table = try? debugInfo.lineTable(of: unit)
        else { return entry }
        let end = function.function?.ranges.first { $0.contains(entry) }?.high
            ?? function.symbol.map { $0.address + $0.size } ?? entry
        let rows = table.sequenceRows(containing: entry).filter { $0.address >= entry && $0.address < end }
        guard let first = rows.first else { return entry }
        if let prologueEnd = rows.first(where: { $0.isPrologueEnd }) { return prologueEnd.address }
        if unit.language == .go {
            return rows.first { $0.isStatement && $0.line != first.line && $0.line != 0 }?.address ?? entry
        }
        return rows.first { $0.address > entry }?.address ?? entry
    }

    /// Every source file that matches `query` (a full path, or a suffix at a `/` boundary).
    public func sourceFiles(matching query: String) -> [String] {
        guard let debugInfo else { return [] }
        let normalized = SourcePath.normalize(query)
        var seen = Set<String>()
        return debugInfo.units.flatMap { debugInfo.sourceFiles(of: $0) }
            .filter { SourcePath.matches($0, query: normalized) && seen.insert($0).inserted }
    }

    /// Where a breakpoint at `file:line` goes: the lowest address of the line in each function
    /// that has code for it (the next line with code when the line has none), moved past the
    /// prologue when it lands on a function's entry.
    public func resolveLine(file query: String, line: Int) throws(LookupError) -> LineResolution {
        guard let debugInfo else { throw .noDebugInfo(path) }
        let files = sourceFiles(matching: query)
        guard let file = files.first else { throw .noSuchFile(query) }
        guard files.count == 1 else { throw .ambiguousFile(query, candidates: files.sorted()) }

        var rowsByLine: [UInt32: [Address]] = [:]
        for unit in debugInfo.units where debugInfo.sourceFiles(of: unit).contains(file) {
            guard let table = try? debugInfo.lineTable(of: unit) else { continue }
            let indices = Set(table.files.indices.filter { table.files[$0] == file }.map { UInt32($0) })
            for row in table.rows where row.isStatement && !row.isEndSequence && indices.contains(row.file)
                && row.line >= UInt32(clamping: line)
            {
                rowsByLine[row.line, default: []].append(row.address)
            }
        }
        guard let target = rowsByLine.keys.min(), let addresses = rowsByLine[target] else {
            throw .noCode(file: file, line: line)
        }
        var lowestPerFunction: [Address: Address] = [:]  // function entry → lowest address
        for address in addresses {
            let key = function(containing: address)?.entry ?? address
            lowestPerFunction[key] = min(lowestPerFunction[key] ?? address, address)
        }
        let resolved = lowestPerFunction.map { entry, address -> Address in
            guard address == entry, let function = function(containing: address) else { return address }
            return breakpointAddress(for: function)
        }
        return LineResolution(file: file, requestedLine: line, line: Int(target), addresses: Array(Set(resolved)).sorted())
    }
}
