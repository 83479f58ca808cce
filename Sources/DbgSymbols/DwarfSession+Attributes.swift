import CDwarf

extension DwarfSession {
    /// Copies every attribute of `die`; locations and ranges are decoded while the DIE lives.
    func readAttributes(_ die: Dwarf_Die, context: UnitContext) throws(DwarfReadError)
        -> [(code: UInt16, value: DwarfAttributeValue)]
    {
        var list: UnsafeMutablePointer<Dwarf_Attribute?>?
        var count: Dwarf_Signed = 0
        var error: Dwarf_Error?
        let status = dwarf_attrlist(die, &list, &count, &error)
        if status == DW_DLV_NO_ENTRY { return [] }
        guard status == DW_DLV_OK, let list else { throw fail(error, "attribute list") }
        defer {
            for index in 0..<Int(count) {
                if let attribute = list[index] { dwarf_dealloc_attribute(attribute) }
            }
            dwarf_dealloc(debug, UnsafeMutableRawPointer(list), Dwarf_Unsigned(DW_DLA_LIST))
        }
        var result: [(code: UInt16, value: DwarfAttributeValue)] = []
        result.reserveCapacity(Int(count))
        var pendingRanges: Dwarf_Attribute?
        for index in 0..<Int(count) {
            guard let attribute = list[index] else { continue }
            var code: Dwarf_Half = 0
            guard dwarf_whatattr(attribute, &code, &error) == DW_DLV_OK else { throw fail(error, "attribute code") }
            if Int32(code) == DW_AT_ranges {
                pendingRanges = attribute  // needs DW_AT_low_pc first, as the base address
                continue
            }
            if let value = try readValue(attribute, code: code, die: die, context: context) {
                result.append((code, value))
            }
        }
        if let pendingRanges {
            var base = context.base
            if case .address(let low)? = result.first(where: { $0.code == UInt16(DW_AT_low_pc) })?.value {
                // A unit's own low_pc is the base for its range list.
                if base == nil { base = low }
            }
            let ranges = try readRanges(pendingRanges, die: die, context: context, base: base)
            result.append((UInt16(DW_AT_ranges), .ranges(ranges)))
        }
        return result
    }

    private func readValue(
        _ attribute: Dwarf_Attribute, code: Dwarf_Half, die: Dwarf_Die, context: UnitContext
    ) throws(DwarfReadError) -> DwarfAttributeValue? {
        var error: Dwarf_Error?
        var form: Dwarf_Half = 0
        guard dwarf_whatform(attribute, &form, &error) == DW_DLV_OK else { throw fail(error, "attribute form") }
        let formCode = Int32(form)
        if Self.locationAttributes.contains(Int32(code)), Self.isLocationForm(formCode, version: context.version) {
            return .location(try readLocation(attribute, context: context))
        }
        switch formCode {
        case DW_FORM_addr, DW_FORM_addrx, DW_FORM_addrx1, DW_FORM_addrx2, DW_FORM_addrx3, DW_FORM_addrx4,
             DW_FORM_GNU_addr_index:
            var address: Dwarf_Addr = 0
            guard dwarf_formaddr(attribute, &address, &error) == DW_DLV_OK else {
                discard(error)
                return nil
            }
            return .address(Address(address))
        case DW_FORM_data1, DW_FORM_data2, DW_FORM_data4, DW_FORM_data8, DW_FORM_udata, DW_FORM_implicit_const:
            if formCode == DW_FORM_implicit_const {
                var signed: Dwarf_Signed = 0
                guard dwarf_formsdata(attribute, &signed, &error) == DW_DLV_OK else { throw fail(error, "constant") }
                return .signed(signed)
            }
            var value: Dwarf_Unsigned = 0
            guard dwarf_formudata(attribute, &value, &error) == DW_DLV_OK else { throw fail(error, "constant") }
            return .unsigned(value, size: Self.constantSize(formCode))
        case DW_FORM_sdata:
            var value: Dwarf_Signed = 0
            guard dwarf_formsdata(attribute, &value, &error) == DW_DLV_OK else { throw fail(error, "constant") }
            return .signed(value)
        case DW_FORM_ref1, DW_FORM_ref2, DW_FORM_ref4, DW_FORM_ref8, DW_FORM_ref_udata, DW_FORM_ref_addr,
             DW_FORM_ref_sig8, DW_FORM_GNU_ref_alt:
            var offset: Dwarf_Off = 0
            guard dwarf_global_formref(attribute, &offset, &error) == DW_DLV_OK else {
                discard(error)
                return nil
            }
            return .reference(DIEOffset(offset))
        case DW_FORM_string, DW_FORM_strp, DW_FORM_line_strp, DW_FORM_strx, DW_FORM_strx1, DW_FORM_strx2,
             DW_FORM_strx3, DW_FORM_strx4, DW_FORM_GNU_str_index, DW_FORM_GNU_strp_alt, DW_FORM_strp_sup:
            var string: UnsafeMutablePointer<CChar>?
            guard dwarf_formstring(attribute, &string, &error) == DW_DLV_OK, let string else {
                discard(error)
                return nil
            }
            return .string(String(cString: string))
        case DW_FORM_flag, DW_FORM_flag_present:
            var flag: Dwarf_Bool = 0
            guard dwarf_formflag(attribute, &flag, &error) == DW_DLV_OK else { throw fail(error, "flag") }
            return .flag(flag != 0)
        case DW_FORM_exprloc:
            var length: Dwarf_Unsigned = 0
            var pointer: Dwarf_Ptr?
            guard dwarf_formexprloc(attribute, &length, &pointer, &error) == DW_DLV_OK else {
                throw fail(error, "expression")
            }
            return .block(Self.copyBytes(pointer, Int(length)))
        case DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4:
            var block: UnsafeMutablePointer<Dwarf_Block>?
            guard dwarf_formblock(attribute, &block, &error) == DW_DLV_OK, let block else {
                throw fail(error, "block")
            }
            defer { dwarf_dealloc(debug, UnsafeMutableRawPointer(block), Dwarf_Unsigned(DW_DLA_BLOCK)) }
            return .block(Self.copyBytes(block.pointee.bl_data, Int(block.pointee.bl_len)))
        case DW_FORM_sec_offset, DW_FORM_loclistx, DW_FORM_rnglistx:
            var value: Dwarf_Unsigned = 0
            guard dwarf_formudata(attribute, &value, &error) == DW_DLV_OK else {
                discard(error)
                var offset: Dwarf_Off = 0
                guard dwarf_global_formref(attribute, &offset, &error) == DW_DLV_OK else {
                    discard(error)
                    return nil
                }
                return .sectionOffset(offset)
            }
            return .sectionOffset(value)
        default:
            return nil
        }
    }

    static let locationAttributes: Set<Int32> = [
        DW_AT_location, DW_AT_frame_base, DW_AT_data_member_location, DW_AT_vtable_elem_location,
        DW_AT_static_link, DW_AT_use_location, DW_AT_return_addr,
    ]

    static func isLocationForm(_ form: Int32, version: Int) -> Bool {
        switch form {
        case DW_FORM_exprloc, DW_FORM_block, DW_FORM_block1, DW_FORM_block2, DW_FORM_block4,
             DW_FORM_sec_offset, DW_FORM_loclistx:
            return true
        case DW_FORM_data4, DW_FORM_data8:
            return version < 4  // a location-list pointer before DWARF 4
        default:
            return false
        }
    }

    static func constantSize(_ form: Int32) -> Int {
        switch form {
        case DW_FORM_data1: return 1
        case DW_FORM_data2: return 2
        case DW_FORM_data4: return 4
        case DW_FORM_data8: return 8
        default: return 0
        }
    }

    static func copyBytes(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
