import CDwarf

extension DwarfSession {
    /// DW_AT_ranges as absolute address ranges (DWARF 4 `.debug_ranges` or DWARF 5 `.debug_rnglists`).
    func readRanges(
        _ attribute: Dwarf_Attribute, die: Dwarf_Die, context: UnitContext, base: Address?
    ) throws(DwarfReadError) -> [AddressRange] {
        var error: Dwarf_Error?
        var form: Dwarf_Half = 0
        guard dwarf_whatform(attribute, &form, &error) == DW_DLV_OK else { throw fail(error, "ranges form") }
        var value: Dwarf_Unsigned = 0
        if Int32(form) == DW_FORM_rnglistx {
            guard dwarf_formudata(attribute, &value, &error) == DW_DLV_OK else { throw fail(error, "ranges index") }
        } else {
            var offset: Dwarf_Off = 0
            guard dwarf_global_formref(attribute, &offset, &error) == DW_DLV_OK else {
                throw fail(error, "ranges offset")
            }
            value = offset
        }
        if context.version >= 5 {
            return try readRangeList(attribute, form: form, value: value)
        }
        var entries: UnsafeMutablePointer<Dwarf_Ranges>?
        var count: Dwarf_Signed = 0
        var byteCount: Dwarf_Unsigned = 0
        var realOffset: Dwarf_Off = 0
        let status = dwarf_get_ranges_b(debug, value, die, &realOffset, &entries, &count, &byteCount, &error)
        if status == DW_DLV_NO_ENTRY { return [] }
        guard status == DW_DLV_OK, let entries else { throw fail(error, "range list at \(value)") }
        defer { dwarf_ranges_dealloc(debug, entries, count) }
        var ranges: [AddressRange] = []
        var currentBase = base?.value ?? 0
        for index in 0..<Int(count) {
            let entry = entries[index]
            switch entry.dwr_type {
            case DW_RANGES_ENTRY:
                let range = AddressRange(currentBase &+ entry.dwr_addr1, currentBase &+ entry.dwr_addr2)
                if !range.isEmpty { ranges.append(range) }
            case DW_RANGES_ADDRESS_SELECTION:
                currentBase = entry.dwr_addr2
            default:
                break
            }
        }
        return ranges
    }

    private func readRangeList(
        _ attribute: Dwarf_Attribute, form: Dwarf_Half, value: Dwarf_Unsigned
    ) throws(DwarfReadError) -> [AddressRange] {
        var error: Dwarf_Error?
        var head: Dwarf_Rnglists_Head?
        var count: Dwarf_Unsigned = 0
        var globalOffset: Dwarf_Unsigned = 0
        let status = dwarf_rnglists_get_rle_head(attribute, form, value, &head, &count, &globalOffset, &error)
        if status == DW_DLV_NO_ENTRY { return [] }
        guard status == DW_DLV_OK, let head else { throw fail(error, "range list \(value)") }
        defer { dwarf_dealloc_rnglists_head(head) }
        var ranges: [AddressRange] = []
        for index in 0..<count {
            var length: UInt32 = 0, kind: UInt32 = 0
            var raw1: Dwarf_Unsigned = 0, raw2: Dwarf_Unsigned = 0
            var unavailable: Dwarf_Bool = 0
            var low: Dwarf_Unsigned = 0, high: Dwarf_Unsigned = 0
            guard dwarf_get_rnglists_entry_fields_a(
                head, index, &length, &kind, &raw1, &raw2, &unavailable, &low, &high, &error) == DW_DLV_OK
            else { throw fail(error, "range list entry") }
            switch Int32(kind) {
            case DW_RLE_offset_pair, DW_RLE_start_end, DW_RLE_start_length, DW_RLE_startx_endx,
                 DW_RLE_startx_length:
                let range = AddressRange(low, high)
                if unavailable == 0, !range.isEmpty { ranges.append(range) }
            default:
                break  // base-address selections and the end marker carry no range
            }
        }
        return ranges
    }

    /// A location expression or location list, with each expression decoded by libdwarf.
    func readLocation(_ attribute: Dwarf_Attribute, context: UnitContext) throws(DwarfReadError) -> DwarfLocation {
        var error: Dwarf_Error?
        try checkLocationList(attribute, context: context)
        var head: Dwarf_Loc_Head_c?
        var count: Dwarf_Unsigned = 0
        guard dwarf_get_loclist_c(attribute, &head, &count, &error) == DW_DLV_OK, let head else {
            throw fail(error, "location")
        }
        defer { dwarf_loc_head_c_dealloc(head) }
        var kind: UInt32 = 0
        _ = dwarf_get_loclist_head_kind(head, &kind, &error)
        var entries: [DwarfLocation.Entry] = []
        for index in 0..<count {
            var lle: Dwarf_Small = 0, source: Dwarf_Small = 0
            var rawLow: Dwarf_Unsigned = 0, rawHigh: Dwarf_Unsigned = 0
            var unavailable: Dwarf_Bool = 0
            var low: Dwarf_Addr = 0, high: Dwarf_Addr = 0
            var operationCount: Dwarf_Unsigned = 0
            var description: Dwarf_Locdesc_c?
            var expressionOffset: Dwarf_Unsigned = 0, descriptionOffset: Dwarf_Unsigned = 0
            guard dwarf_get_locdesc_entry_d(
                head, index, &lle, &rawLow, &rawHigh, &unavailable, &low, &high, &operationCount,
                &description, &source, &expressionOffset, &descriptionOffset, &error) == DW_DLV_OK
            else { throw fail(error, "location entry") }
            // Zero operations are legal (Go emits them: "optimised out here"); reading an
            // operation from such an entry crashes libdwarf, so never ask for one.
            var operations: [DwarfOperation] = []
            if operationCount > 0, let description {
                operations = try readOperations(description, count: operationCount)
            }
            if kind == UInt32(DW_LKIND_expression) {
                return .expression(operations)
            }
            let isRangeEntry = ![DW_LLE_end_of_list, DW_LLE_base_addressx, DW_LLE_base_address].contains(Int32(lle))
            if isRangeEntry, unavailable == 0, high > low {
                entries.append(DwarfLocation.Entry(range: AddressRange(low, high), operations: operations))
            }
        }
        return .list(entries)
    }

    /// A DWARF 5 location list reached by offset must lie whole inside its unit before
    /// libdwarf reads it: libdwarf 20210528 takes an entry's expression length as written,
    /// and a huge one made it read far past the section. (Lists reached by index are checked
    /// when the file is opened, with the offset tables that lead to them.)
    private func checkLocationList(_ attribute: Dwarf_Attribute, context: UnitContext) throws(DwarfReadError) {
        var error: Dwarf_Error?
        var form: Dwarf_Half = 0
        var offset: Dwarf_Off = 0
        guard context.version >= 5, dwarf_whatform(attribute, &form, &error) == DW_DLV_OK,
              Int32(form) == DW_FORM_sec_offset, dwarf_global_formref(attribute, &offset, &error) == DW_DLV_OK
        else {
            discard(error)  // libdwarf says what is wrong when it reads the attribute
            return
        }
        guard cdwarf_location_list_ok(object, offset) != 0 else {
            throw DwarfReadError(message: "the location list at .debug_loclists offset \(offset) runs past its unit")
        }
    }

    private func readOperations(_ description: Dwarf_Locdesc_c, count: Dwarf_Unsigned) throws(DwarfReadError)
        -> [DwarfOperation]
    {
        var operations: [DwarfOperation] = []
        operations.reserveCapacity(Int(count))
        var error: Dwarf_Error?
        for index in 0..<count {
            var opcode: Dwarf_Small = 0
            var operand1: Dwarf_Unsigned = 0, operand2: Dwarf_Unsigned = 0, operand3: Dwarf_Unsigned = 0
            var raw1: Dwarf_Unsigned = 0, raw2: Dwarf_Unsigned = 0, raw3: Dwarf_Unsigned = 0
            var offset: Dwarf_Unsigned = 0
            guard dwarf_get_location_op_value_d(
                description, index, &opcode, &operand1, &operand2, &operand3, &raw1, &raw2, &raw3, &offset,
                &error) == DW_DLV_OK
            else { throw fail(error, "location operation") }
            var operation = DwarfOperation(
                opcode: opcode, operand1: operand1, operand2: operand2, operand3: operand3, offset: offset)
            // Operations with inline bytes hand back a pointer into libdwarf's copy: keep the
            // bytes, and drop the pointer so equal expressions compare equal.
            switch Int32(opcode) {
            case DW_OP_implicit_value, DW_OP_entry_value, DW_OP_GNU_entry_value:
                operation.block = Self.copyBytes(UnsafeMutableRawPointer(bitPattern: UInt(operand2)), Int(operand1))
                operation.operand2 = 0
            case DW_OP_const_type, DW_OP_GNU_const_type:
                operation.block = Self.copyBytes(UnsafeMutableRawPointer(bitPattern: UInt(operand3)), Int(operand2))
                operation.operand3 = 0
            default:
                break
            }
            operations.append(operation)
        }
        return operations
    }
}
