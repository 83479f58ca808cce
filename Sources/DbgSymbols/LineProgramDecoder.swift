/// Runs a unit's line-number program (DWARF 2 to 5) straight from `.debug_line`'s bytes,
/// producing the rows libdwarf's dwarf_srclines_b produces, several times faster. Only the
/// header's fixed part is read: the program starts where `header_length` says, and the file
/// names come from `DwarfSession.sourceFiles`.
struct LineProgramDecoder {
    let section: DwarfSectionBytes

    struct Failure: Error {
        var message: String
    }

    /// The rows of the program at `offset`, with file numbers turned into indices of the
    /// unit's file list (DWARF 5 numbers files from 0, earlier versions from 1).
    func rows(at offset: UInt64) throws(Failure) -> [LineRow] {
        let header = try readHeader(at: offset)
        let (end, version, programStart) = (header.end, header.version, header.programStart)
        let (minimumLength, defaultIsStatement) = (header.minimumLength, header.defaultIsStatement)
        let (lineBaseByte, lineRange) = (header.lineBase, header.lineRange)
        let (opcodeBase, standardLengths) = (header.opcodeBase, header.standardLengths)
        let lineBase = Int64(Int8(bitPattern: lineBaseByte))
        let fileBase: UInt64 = version >= 5 ? 0 : 1

        var program = section.cursor(at: Int(programStart))
        let limit = Int(end)
        var rows: [LineRow] = []
        rows.reserveCapacity(Int(end - programStart) / 2)
        var state = State(isStatement: defaultIsStatement != 0)

        func emit() {
            var flags: LineRow.Flags = []
            if state.isStatement { flags.insert(.isStatement) }
            if state.endSequence { flags.insert(.endSequence) }
            if state.prologueEnd { flags.insert(.prologueEnd) }
            if state.epilogueBegin { flags.insert(.epilogueBegin) }
            if state.lineHasDiscriminator { flags.insert(.lineHasDiscriminator) }
            let file = state.file >= fileBase ? state.file - fileBase : UInt64(UInt32.max)
            rows.append(LineRow(
                address: Address(state.address), line: UInt32(truncatingIfNeeded: state.line),
                column: UInt32(truncatingIfNeeded: state.column), file: UInt32(truncatingIfNeeded: file),
                flags: flags))
            state.prologueEnd = false
            state.epilogueBegin = false
            state.discriminator = 0
        }

        while program.offset < limit {
            let at = program.offset
            guard let opcode = program.u8() else { throw truncated(UInt64(at)) }
            if opcode >= opcodeBase {
                let adjusted = UInt64(opcode - opcodeBase)
                state.address &+= (adjusted / UInt64(lineRange)) &* UInt64(minimumLength)
                state.advanceLine(by: lineBase &+ Int64(adjusted % UInt64(lineRange)))
                emit()
                continue
            }
            switch opcode {
            case 0:  // extended: its length, then its own opcode and operands
                guard let size = program.uleb128(), size > 0, size <= UInt64(limit - program.offset) else {
                    throw truncated(UInt64(at))
                }
                let next = program.offset + Int(size)
                guard let extended = program.u8() else { throw truncated(UInt64(at)) }
                switch extended {
                case 1:  // DW_LNE_end_sequence
                    state.endSequence = true
                    emit()
                    state = State(isStatement: defaultIsStatement != 0)
                case 2:  // DW_LNE_set_address
                    guard let address = program.fixed(Int(size) - 1) else { throw truncated(UInt64(at)) }
                    state.address = address
                case 4:  // DW_LNE_set_discriminator
                    guard let discriminator = program.uleb128() else { throw truncated(UInt64(at)) }
                    state.discriminator = discriminator
                    if discriminator != 0 { state.lineHasDiscriminator = true }
                default:
                    break  // define_file (DWARF 2-4), vendor opcodes: nothing a row shows
                }
                program.offset = next
            case 1:  // DW_LNS_copy
                emit()
            case 2:  // DW_LNS_advance_pc
                guard let advance = program.uleb128() else { throw truncated(UInt64(at)) }
                state.address &+= advance &* UInt64(minimumLength)
            case 3:  // DW_LNS_advance_line
                guard let advance = program.sleb128() else { throw truncated(UInt64(at)) }
                state.advanceLine(by: advance)
            case 4:  // DW_LNS_set_file
                guard let file = program.uleb128() else { throw truncated(UInt64(at)) }
                state.file = file
            case 5:  // DW_LNS_set_column
                guard let column = program.uleb128() else { throw truncated(UInt64(at)) }
                state.column = column
            case 6:  // DW_LNS_negate_stmt
                state.isStatement.toggle()
            case 7:  // DW_LNS_set_basic_block
                break
            case 8:  // DW_LNS_const_add_pc
                state.address &+= (UInt64(255 - opcodeBase) / UInt64(lineRange)) &* UInt64(minimumLength)
            case 9:  // DW_LNS_fixed_advance_pc
                guard let advance = program.u16() else { throw truncated(UInt64(at)) }
                state.address &+= UInt64(advance)
            case 10:  // DW_LNS_set_prologue_end
                state.prologueEnd = true
            case 11:  // DW_LNS_set_epilogue_begin
                state.epilogueBegin = true
            default:  // DW_LNS_set_isa and opcodes this reader does not know: step over their operands
                for _ in 0..<Int(standardLengths[Int(opcode) - 1]) {
                    guard program.uleb128() != nil else { throw truncated(UInt64(at)) }
                }
            }
        }
        return rows
    }

    /// The fixed part of a line table header, and a cursor just after it.
    private struct Header {
        var end: UInt64
        var version: UInt16
        var offsetSize: Int
        var programStart: UInt64
        var minimumLength: UInt8
        var defaultIsStatement: UInt8
        var lineBase: UInt8
        var lineRange: UInt8
        var opcodeBase: UInt8
        var standardLengths: [UInt8]
        var rest: SectionCursor
    }

    private func readHeader(at offset: UInt64) throws(Failure) -> Header {
        guard offset < UInt64(section.count) else { throw Failure(message: "line table offset \(offset) is past the end") }
        var cursor = section.cursor(at: Int(offset))
        guard let (end, offsetSize) = cursor.initialLength(), let version = cursor.u16(), (2...5).contains(version) else {
            throw Failure(message: "unreadable line table header at \(offset)")
        }
        if version >= 5 {
            guard cursor.skip(2) else { throw truncated(offset) }  // address and segment selector sizes
        }
        guard let headerLength = cursor.sectionOffset(size: offsetSize) else { throw truncated(offset) }
        let (programStart, headerOverflow) = UInt64(cursor.offset).addingReportingOverflow(headerLength)
        guard !headerOverflow, programStart <= end,
              let minimumLength = cursor.u8(),
              version < 4 || cursor.skip(1),  // maximum_operations_per_instruction (VLIW only)
              let defaultIsStatement = cursor.u8(),
              let lineBaseByte = cursor.u8(), let lineRange = cursor.u8(), let opcodeBase = cursor.u8(),
              lineRange > 0, opcodeBase > 0
        else { throw Failure(message: "unreadable line table header at \(offset)") }
        var standardLengths: [UInt8] = []
        for _ in 1..<Int(opcodeBase) {
            guard let count = cursor.u8() else { throw truncated(offset) }
            standardLengths.append(count)
        }
        return Header(
            end: end, version: version, offsetSize: offsetSize, programStart: programStart,
            minimumLength: minimumLength, defaultIsStatement: defaultIsStatement, lineBase: lineBaseByte,
            lineRange: lineRange, opcodeBase: opcodeBase, standardLengths: standardLengths, rest: cursor)
    }

    /// Why libdwarf must not read the directory and file tables of the DWARF 5 table at
    /// `offset`; nil when it may (and for earlier versions, whose tables it reads safely).
    /// libdwarf 20210528's dwarf_srcfiles took a directory entry it could not decode (a form
    /// out of place) for a string pointer, and crashed in strlen; it also reads directory 0
    /// of a table that lists none. So: at least one directory, and only the forms DWARF 5
    /// allows in these tables, each entry inside the header.
    func fileTableProblem(at offset: UInt64) throws(Failure) -> String? {
        let header = try readHeader(at: offset)
        guard header.version >= 5 else { return nil }
        var cursor = header.rest
        for table in ["directory", "file name"] {
            guard let formatCount = cursor.u8() else { return "its \(table) table runs past the section" }
            var forms: [UInt64] = []
            for _ in 0..<formatCount {
                guard cursor.uleb128() != nil, let form = cursor.uleb128() else {
                    return "its \(table) entry format runs past the section"
                }
                guard Self.entryForms.contains(form) else {
                    return "its \(table) entries have form 0x\(String(form, radix: 16)), not allowed there"
                }
                forms.append(form)
            }
            guard let count = cursor.uleb128() else { return "its \(table) count runs past the section" }
            if table == "directory" && count == 0 { return "it lists no directories" }
            guard !forms.isEmpty else { continue }  // entries of no fields take no bytes
            // Each entry takes at least a byte: a count larger than the header is a lie.
            let here = UInt64(cursor.offset)
            guard count <= (header.programStart >= here ? header.programStart - here : 0) else {
                return "it claims \(count) \(table) entries"
            }
            for _ in 0..<count {
                for form in forms where !Self.skip(form: form, offsetSize: header.offsetSize, in: &cursor) {
                    return "a \(table) entry runs past the section"
                }
            }
        }
        guard UInt64(cursor.offset) <= header.programStart else { return "its file tables run into the program" }
        return nil
    }

    /// DW_FORM_string, line_strp, strp, strx, strx1-4, udata, data1, 2, 4, 8, 16, block.
    private static let entryForms: Set<UInt64> = [
        0x08, 0x1f, 0x0e, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x0f, 0x0b, 0x05, 0x06, 0x07, 0x1e, 0x09,
    ]

    private static func skip(form: UInt64, offsetSize: Int, in cursor: inout SectionCursor) -> Bool {
        switch form {
        case 0x08: return cursor.cString() != nil
        case 0x1f, 0x0e: return cursor.skip(offsetSize)
        case 0x1a, 0x0f: return cursor.uleb128() != nil
        case 0x25, 0x0b: return cursor.skip(1)
        case 0x26, 0x05: return cursor.skip(2)
        case 0x27: return cursor.skip(3)
        case 0x28, 0x06: return cursor.skip(4)
        case 0x07: return cursor.skip(8)
        case 0x1e: return cursor.skip(16)
        case 0x09:
            guard let length = cursor.uleb128(), length <= UInt64(Int.max) else { return false }
            return cursor.skip(Int(length))
        default: return false
        }
    }

    private struct State {
        var address: UInt64 = 0
        var file: UInt64 = 1
        var line: Int64 = 1
        var column: UInt64 = 0
        var isStatement: Bool
        var endSequence = false
        var prologueEnd = false
        var epilogueBegin = false
        var discriminator: UInt64 = 0
        /// Whether the current line has had a non-zero discriminator since it last changed
        /// (gdb records consecutive rows of such a line once).
        var lineHasDiscriminator = false

        init(isStatement: Bool) { self.isStatement = isStatement }

        mutating func advanceLine(by delta: Int64) {
            line = line &+ delta
            if delta != 0 { lineHasDiscriminator = discriminator != 0 }
        }
    }

    private func truncated(_ offset: UInt64) -> Failure {
        Failure(message: "line table runs past its end at \(offset)")
    }
}
