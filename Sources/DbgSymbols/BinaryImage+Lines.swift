/// Addresses ↔ source lines, and where breakpoints go.
extension BinaryImage {
    /// The source line of `address`, from the line table: the line gdb shows (statements
    /// first, see `StatementLineTable`), or in Go the last row at the address, as Delve reads it.
    public func sourceLocation(for address: Address) -> SourceLocation? {
        guard let debugInfo, let unit = debugInfo.unit(containing: address),
              let table = try? debugInfo.lineTable(of: unit)
        else { return nil }
        if unit.language.lineRule == .lastRowAtAddress {
            guard let row = table.row(for: address), let file = table.fileName(row.file) else { return nil }
            return SourceLocation(file: file, line: Int(row.line), column: Int(row.column))
        }
        guard let location = table.statements.location(for: address), let file = table.fileName(location.file) else {
            return nil
        }
        return SourceLocation(file: file, line: Int(location.line))
    }

    /// The first address after `function`'s prologue, where a breakpoint on it belongs.
    ///
    /// A `prologue_end` mark (clang, swiftc) wins. Go: the first statement on a line other
    /// than the opening one, which also skips the stack-growth check. Otherwise (gcc), as
    /// gdb does: a function that sets up a frame pointer (`push %rbp`) has its prologue in
    /// the first line-table entry, so the breakpoint goes to the next entry; a frameless one
    /// (optimised code) is stopped at its entry.
    public func breakpointAddress(for function: FunctionLocation) -> Address {
        let entry = function.entry
        guard let debugInfo, let unit = debugInfo.unit(containing: entry),
              let table = try? debugInfo.lineTable(of: unit)
        else { return entry }
        if let call = function.inlinedCall {
            return breakpointAddress(inlined: call, entry: entry, callLines: function.callLines, table: table)
        }
        let end = function.function?.ranges.first { $0.contains(entry) }?.high
            ?? function.symbol.map { $0.address + $0.size } ?? entry
        let rows = table.sequenceRows(containing: entry).filter { $0.address >= entry && $0.address < end }
        guard let first = rows.first else { return entry }
        if let prologueEnd = rows.first(where: { $0.isPrologueEnd }) { return prologueEnd.address }
        if unit.language.prologueEndsAtFirstStatementOfOpeningLine {
            // Go marks the end of its stack-check prologue; a function without one (a leaf
            // with a small frame) starts at its entry, on the `func` line, as Delve does.
            return rows.first { $0.isStatement && $0.line == first.line }?.address ?? entry
        }
        guard setsUpFramePointer(at: entry) else { return entry }
        return rows.first { $0.address > entry }?.address ?? entry
    }

    /// An inlined copy has no prologue of its own; but its first addresses may still belong,
    /// by the line table, to the line that called it. The breakpoint goes to the first
    /// address in the copy whose line is not a call line (what gdb does).
    private func breakpointAddress(inlined call: InlinedCall, entry: Address, callLines: [UInt32], table: LineTable) -> Address {
        let addresses = Set(table.sequenceRows(containing: entry).map(\.address).filter { $0 >= entry && call.contains($0) })
        for address in addresses.sorted() {
            guard let row = table.row(for: address), row.line != 0, !callLines.contains(row.line) else { continue }
            return address
        }
        return entry
    }

    /// True when the code at `entry` sets up a frame pointer: `push %rbp; mov %rsp,%rbp`,
    /// after an optional `endbr64` (the pattern gdb's x86-64 prologue analyser looks for).
    private func setsUpFramePointer(at entry: Address) -> Bool {
        guard var code = elf.readBytes(at: entry, count: 8) else { return false }
        if code.starts(with: [0xf3, 0x0f, 0x1e, 0xfa]) { code.removeFirst(4) }  // endbr64
        guard code.first == 0x55 else { return false }  // push %rbp
        let move = Array(code.dropFirst())
        return move.starts(with: [0x48, 0x89, 0xe5]) || move.starts(with: [0x48, 0x8b, 0xec])
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
        guard let target = rowsByLine.keys.min(), let candidates = rowsByLine[target] else {
            throw .noCode(file: file, line: line)
        }
        // One breakpoint per block (function, lexical block or inlined call) that has code
        // for the line, at its lowest address, as gdb does.
        var lowestPerBlock: [BlockKey: Address] = [:]
        for address in candidates {
            let key = debugInfo.innermostBlock(containing: address).map(BlockKey.block) ?? .address(address)
            lowestPerBlock[key] = min(lowestPerBlock[key] ?? address, address)
        }
        let resolved = lowestPerBlock.values.map { address -> Address in
            guard let function = function(containing: address), function.entry == address else { return address }
            return breakpointAddress(for: function)
        }
        let addresses = Array(Set(resolved)).sorted()
        // Past a prologue the breakpoint sits on the function's first statement: report that line.
        let reportedLine = addresses.first.flatMap { sourceLocation(for: $0)?.line } ?? Int(target)
        return LineResolution(file: file, requestedLine: line, line: reportedLine, addresses: addresses)
    }
}

/// What groups a line's addresses into one breakpoint: the innermost block with code there,
/// or the address itself where no DWARF block covers it.
private enum BlockKey: Hashable {
    case block(DIEOffset)
    case address(Address)
}
