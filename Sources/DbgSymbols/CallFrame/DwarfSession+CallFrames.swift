import CDwarf

/// libdwarf's FDE array for one frame section. Each `dwarf_get_fde_list*` call returns fresh
/// arrays (FDEs and their CIEs), which live until dwarf_finish; use them only under the
/// libdwarf lock.
struct FrameEntryList {
    var fdes: UnsafeMutablePointer<Dwarf_Fde?>
    var fdeCount: Dwarf_Signed
}

/// One FDE's address range and return-address column, copied out of libdwarf.
struct FrameEntrySummary {
    var range: AddressRange
    var returnAddressRegister: Int
    /// The CIE's augmentation has 'S': a signal trampoline (`__restore_rt`).
    var isSignalFrame = false
}

extension DwarfSession {
    // libdwarf's frame interface is configured per `Dwarf_Debug`. Its defaults are MIPS's
    // (66 columns, "same value" as the initial rule); we want every x86-64 DWARF register
    // (up to k7 = 125) and three markers, all above the table size, that can never be
    // register numbers: undefined, same value, and "no rule at all" (the initial value),
    // which lets a row tell "the CFI never mentions rbx" from "rbx is undefined".
    static let frameTableSize: Dwarf_Half = 128
    static let frameUndefinedMarker: Dwarf_Half = 1034
    static let frameSameValueMarker: Dwarf_Half = 1035
    static let frameUnspecifiedMarker: Dwarf_Half = 1036
    static let frameCFAColumn: Dwarf_Half = 1436

    /// Sets the frame configuration above. Cheap; called before every frame query, so that
    /// nothing else that changes it on the shared handle can confuse us.
    func configureFrameRules() {
        _ = dwarf_set_frame_rule_table_size(debug, Self.frameTableSize)
        _ = dwarf_set_frame_rule_initial_value(debug, Self.frameUnspecifiedMarker)
        _ = dwarf_set_frame_cfa_value(debug, Self.frameCFAColumn)
        _ = dwarf_set_frame_same_value(debug, Self.frameSameValueMarker)
        _ = dwarf_set_frame_undefined_value(debug, Self.frameUndefinedMarker)
    }

    /// The FDEs of `.eh_frame` (`ehFrame`) or `.debug_frame`; nil when there is no such section.
    func frameEntries(ehFrame: Bool) throws(DwarfReadError) -> FrameEntryList? {
        configureFrameRules()
        var cies: UnsafeMutablePointer<Dwarf_Cie?>?
        var fdes: UnsafeMutablePointer<Dwarf_Fde?>?
        var cieCount: Dwarf_Signed = 0, fdeCount: Dwarf_Signed = 0
        var error: Dwarf_Error?
        let status = ehFrame
            ? dwarf_get_fde_list_eh(debug, &cies, &cieCount, &fdes, &fdeCount, &error)
            : dwarf_get_fde_list(debug, &cies, &cieCount, &fdes, &fdeCount, &error)
        if status == DW_DLV_NO_ENTRY { return nil }
        guard status == DW_DLV_OK else { throw fail(error, ehFrame ? ".eh_frame" : ".debug_frame") }
        guard let fdes, fdeCount >= 0 else { return nil }
        return FrameEntryList(fdes: fdes, fdeCount: fdeCount)
    }

    /// The range an FDE covers and its CIE's return-address column.
    func frameEntrySummary(_ fde: Dwarf_Fde) throws(DwarfReadError) -> FrameEntrySummary {
        var error: Dwarf_Error?
        var low: Dwarf_Addr = 0, length: Dwarf_Unsigned = 0
        var bytes: Dwarf_Ptr?, byteCount: Dwarf_Unsigned = 0
        var cieOffset: Dwarf_Off = 0, cieIndex: Dwarf_Signed = 0, fdeOffset: Dwarf_Off = 0
        guard dwarf_get_fde_range(
            fde, &low, &length, &bytes, &byteCount, &cieOffset, &cieIndex, &fdeOffset, &error) == DW_DLV_OK
        else { throw fail(error, "FDE range") }
        var cie: Dwarf_Cie?
        guard dwarf_get_cie_of_fde(fde, &cie, &error) == DW_DLV_OK, let cie else {
            throw fail(error, "CIE of the FDE at section offset \(fdeOffset)")
        }
        var cieLength: Dwarf_Unsigned = 0, codeAlignment: Dwarf_Unsigned = 0
        var version: Dwarf_Small = 0
        var augmentation: UnsafeMutablePointer<CChar>?
        var dataAlignment: Dwarf_Signed = 0
        var returnAddress: Dwarf_Half = 0
        var instructions: Dwarf_Ptr?, instructionsLength: Dwarf_Unsigned = 0
        var offsetSize: Dwarf_Half = 0
        guard dwarf_get_cie_info_b(
            cie, &cieLength, &version, &augmentation, &codeAlignment, &dataAlignment, &returnAddress,
            &instructions, &instructionsLength, &offsetSize, &error) == DW_DLV_OK
        else { throw fail(error, "CIE at section offset \(cieOffset)") }
        var summary = FrameEntrySummary(range: AddressRange(low, low &+ length), returnAddressRegister: Int(returnAddress))
        summary.isSignalFrame = augmentation.map { String(cString: $0).contains("S") } ?? false
        return summary
    }

    /// The row of `fde` in force at `pc`, with every rule copied out.
    func frameRow(_ fde: Dwarf_Fde, at pc: Address, summary: FrameEntrySummary) throws(DwarfReadError)
        -> CallFrameRow
    {
        configureFrameRules()
        var error: Dwarf_Error?
        var rules = [Dwarf_Regtable_Entry3](repeating: Dwarf_Regtable_Entry3(), count: Int(Self.frameTableSize))
        var table = Dwarf_Regtable3()
        var rowPC: Dwarf_Addr = 0
        let status = rules.withUnsafeMutableBufferPointer { buffer in
            table.rt3_reg_table_size = Dwarf_Half(buffer.count)
            table.rt3_rules = buffer.baseAddress
            return dwarf_get_fde_info_for_all_regs3(fde, pc.value, &table, &rowPC, &error)
        }
        guard status == DW_DLV_OK else { throw fail(error, "call frame row at \(pc)") }

        // all_regs3 does not say where the row ends; the CFA query does.
        var valueType: Dwarf_Small = 0
        var offsetRelevant: Dwarf_Signed = 0, register: Dwarf_Signed = 0, offset: Dwarf_Signed = 0
        var block: Dwarf_Ptr?
        var cfaRowPC: Dwarf_Addr = 0, nextPC: Dwarf_Addr = 0
        var hasMoreRows: Dwarf_Bool = 0
        guard dwarf_get_fde_info_for_cfa_reg3_b(
            fde, pc.value, &valueType, &offsetRelevant, &register, &offset, &block, &cfaRowPC, &hasMoreRows,
            &nextPC, &error) == DW_DLV_OK
        else { throw fail(error, "call frame row end at \(pc)") }
        let end = hasMoreRows != 0 && nextPC > rowPC ? Address(nextPC) : summary.range.high

        var registers: [Int: CallFrameRow.RegisterRule] = [:]
        for (column, entry) in rules.enumerated() {
            if let rule = try registerRule(entry, column: column) { registers[column] = rule }
        }
        var row = CallFrameRow(
            range: AddressRange(low: Address(rowPC), high: end), cfa: try cfaRule(table.rt3_cfa_rule),
            registers: registers, returnAddressRegister: summary.returnAddressRegister)
        row.isSignalFrame = summary.isSignalFrame
        return row
    }

    private func cfaRule(_ entry: Dwarf_Regtable_Entry3) throws(DwarfReadError) -> CallFrameRow.CFARule {
        switch Int32(entry.dw_value_type) {
        case DW_EXPR_OFFSET, DW_EXPR_VAL_OFFSET:
            guard entry.dw_regnum < Self.frameTableSize else {
                throw DwarfReadError(message: "call frame row without a CFA rule")
            }
            let offset = entry.dw_offset_relevant != 0 ? Int64(bitPattern: entry.dw_offset_or_block_len) : 0
            return .registerOffset(register: Int(entry.dw_regnum), offset: offset)
        case DW_EXPR_EXPRESSION, DW_EXPR_VAL_EXPRESSION:
            return .expression(try frameExpression(entry))
        default:
            throw DwarfReadError(message: "CFA rule of unknown kind \(entry.dw_value_type)")
        }
    }

    /// The rule for one column; nil when the CIE and FDE give it none.
    private func registerRule(_ entry: Dwarf_Regtable_Entry3, column: Int) throws(DwarfReadError)
        -> CallFrameRow.RegisterRule?
    {
        let offset = Int64(bitPattern: entry.dw_offset_or_block_len)
        switch Int32(entry.dw_value_type) {
        case DW_EXPR_OFFSET:
            switch entry.dw_regnum {
            case Self.frameUnspecifiedMarker: return nil
            case Self.frameUndefinedMarker: return .undefined
            case Self.frameSameValueMarker: return .sameValue
            default:
                // With an offset, the register number is the CFA column: "saved at CFA+N".
                return entry.dw_offset_relevant != 0 ? .offset(offset) : .register(Int(entry.dw_regnum))
            }
        case DW_EXPR_VAL_OFFSET:
            return .valueOffset(offset)
        case DW_EXPR_EXPRESSION:
            return .expression(try frameExpression(entry))
        case DW_EXPR_VAL_EXPRESSION:
            return .valueExpression(try frameExpression(entry))
        default:
            throw DwarfReadError(message: "rule of unknown kind \(entry.dw_value_type) for register \(column)")
        }
    }

    /// Copies and decodes an expression rule's bytes (they point into libdwarf's section copy).
    private func frameExpression(_ entry: Dwarf_Regtable_Entry3) throws(DwarfReadError) -> [DwarfOperation] {
        let length = entry.dw_offset_or_block_len
        guard length <= 0x10000 else { throw DwarfReadError(message: "CFI expression of \(length) bytes") }
        let bytes = Self.copyBytes(entry.dw_block_ptr, Int(length))
        do {
            return try DwarfExpressionDecoder().decode(bytes)
        } catch {
            throw DwarfReadError(message: "CFI expression: \(error)")
        }
    }
}
