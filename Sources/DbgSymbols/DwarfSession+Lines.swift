import CDwarf

extension DwarfSession {
    /// The file names of a unit's line table (full paths where the table gives directories).
    /// The index of a name is the file number minus `fileNumberBase(version)`.
    func sourceFiles(unit: DIEOffset) throws(DwarfReadError) -> [String] {
        let die = try dieHandle(at: unit)
        defer { dwarf_dealloc_die(die) }
        return try sourceFiles(die)
    }

    private func sourceFiles(_ die: Dwarf_Die) throws(DwarfReadError) -> [String] {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var count: Dwarf_Signed = 0
        var error: Dwarf_Error?
        let status = dwarf_srcfiles(die, &list, &count, &error)
        if status == DW_DLV_NO_ENTRY { return [] }
        guard status == DW_DLV_OK, let list else { throw fail(error, "source file list") }
        var files: [String] = []
        files.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            if let name = list[index] {
                files.append(SourcePath.normalize(String(cString: name)))
                dwarf_dealloc(debug, UnsafeMutableRawPointer(name), Dwarf_Unsigned(DW_DLA_STRING))
            } else {
                files.append("")
            }
        }
        dwarf_dealloc(debug, UnsafeMutableRawPointer(list), Dwarf_Unsigned(DW_DLA_LIST))
        return files
    }

    /// DWARF 5 numbers files from 0; earlier versions from 1.
    static func fileNumberBase(version: Int) -> UInt64 { version >= 5 ? 0 : 1 }

    /// Reads the whole line table of the unit whose root entry is at `unit`.
    func lineTable(unit: DIEOffset, version: Int) throws(DwarfReadError) -> LineTable {
        let die = try dieHandle(at: unit)
        defer { dwarf_dealloc_die(die) }
        let files = try sourceFiles(die)
        var error: Dwarf_Error?
        var tableVersion: Dwarf_Unsigned = 0
        var tableCount: Dwarf_Small = 0
        var context: Dwarf_Line_Context?
        let status = dwarf_srclines_b(die, &tableVersion, &tableCount, &context, &error)
        if status == DW_DLV_NO_ENTRY { return LineTable(files: files, rows: []) }
        guard status == DW_DLV_OK, let context else { throw fail(error, "line table of unit \(unit)") }
        defer { dwarf_srclines_dealloc_b(context) }
        var lines: UnsafeMutablePointer<Dwarf_Line?>?
        var count: Dwarf_Signed = 0
        guard dwarf_srclines_from_linecontext(context, &lines, &count, &error) == DW_DLV_OK else {
            throw fail(error, "line rows of unit \(unit)")
        }
        guard let lines, count > 0 else { return LineTable(files: files, rows: []) }
        let base = Self.fileNumberBase(version: Int(tableVersion))
        var rows: [LineRow] = []
        rows.reserveCapacity(Int(count))
        var lineHasDiscriminator = false
        for index in 0..<Int(count) {
            guard let line = lines[index] else { continue }
            var address: Dwarf_Addr = 0, number: Dwarf_Unsigned = 0, column: Dwarf_Unsigned = 0
            var fileNumber: Dwarf_Unsigned = 0
            var isStatement: Dwarf_Bool = 0, endSequence: Dwarf_Bool = 0
            var prologueEnd: Dwarf_Bool = 0, epilogueBegin: Dwarf_Bool = 0
            var isa: Dwarf_Unsigned = 0, discriminator: Dwarf_Unsigned = 0
            guard dwarf_lineaddr(line, &address, &error) == DW_DLV_OK,
                  dwarf_lineno(line, &number, &error) == DW_DLV_OK,
                  dwarf_line_srcfileno(line, &fileNumber, &error) == DW_DLV_OK
            else { throw fail(error, "line row \(index) of unit \(unit)") }
            _ = dwarf_lineoff_b(line, &column, &error)
            _ = dwarf_linebeginstatement(line, &isStatement, &error)
            _ = dwarf_lineendsequence(line, &endSequence, &error)
            _ = dwarf_prologue_end_etc(line, &prologueEnd, &epilogueBegin, &isa, &discriminator, &error)
            var flags: LineRow.Flags = []
            if isStatement != 0 { flags.insert(.isStatement) }
            if endSequence != 0 { flags.insert(.endSequence) }
            if prologueEnd != 0 { flags.insert(.prologueEnd) }
            if epilogueBegin != 0 { flags.insert(.epilogueBegin) }
            // libdwarf gives each row's discriminator, not the state the program built it in:
            // a change of line starts a new run, as it does in the program.
            if rows.last.map({ $0.line != UInt32(truncatingIfNeeded: number) || $0.isEndSequence }) ?? true {
                lineHasDiscriminator = false
            }
            if discriminator != 0 { lineHasDiscriminator = true }
            if lineHasDiscriminator { flags.insert(.lineHasDiscriminator) }
            let fileIndex = fileNumber >= base ? fileNumber - base : UInt64(UInt32.max)
            rows.append(LineRow(
                address: Address(address), line: UInt32(truncatingIfNeeded: number),
                column: UInt32(truncatingIfNeeded: column), file: UInt32(truncatingIfNeeded: fileIndex),
                flags: flags))
        }
        return LineTable(files: files, rows: rows)
    }
}
