import CDwarf
import Synchronization

/// Reads entries straight from the bytes of `.debug_info`, building the same `DIEData` that
/// libdwarf's path (`DwarfSession.readTree`) builds, several times faster and without the
/// process-wide libdwarf lock. An entry it does not decode alone (DWARF 5 location and range
/// lists, split-DWARF indices, type signatures) is read through libdwarf, that entry only.
final class DIEDecoder: Sendable {
    private let handle: DwarfHandle
    private let info: DwarfSectionBytes
    private let abbreviations: DwarfSectionBytes
    private let strings: DwarfSectionBytes?
    private let lineStrings: DwarfSectionBytes?
    let units: [DwarfUnitHeader]
    private let cache = Mutex(Cache())

    private struct Cache {
        var tables: [UInt64: AbbreviationTable] = [:]
        /// Sections read on first use (.debug_loc, .debug_ranges, ...): nil inside when absent.
        var sections: [String: DwarfSectionBytes?] = [:]
    }

    /// Nil when the binary has no `.debug_info` or `.debug_abbrev` bytes to read.
    init?(handle: DwarfHandle) {
        guard let info = handle.sectionBytes(named: ".debug_info"),
              let abbreviations = handle.sectionBytes(named: ".debug_abbrev")
        else { return nil }
        self.handle = handle
        self.info = info
        self.abbreviations = abbreviations
        self.strings = handle.sectionBytes(named: ".debug_str")
        self.lineStrings = handle.sectionBytes(named: ".debug_line_str")
        self.units = DwarfUnitHeader.all(in: info)
    }

    /// The header of the unit whose bytes hold `offset`.
    func unit(containing offset: UInt64) -> DwarfUnitHeader? {
        var low = 0, high = units.count
        while low < high {
            let middle = (low + high) / 2
            if units[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0, offset < units[low - 1].end else { return nil }
        return units[low - 1]
    }

    private func table(at offset: UInt64) -> AbbreviationTable? {
        if let known = cache.withLock({ $0.tables[offset] }) { return known }
        guard let table = AbbreviationTable(abbreviations, at: offset) else { return nil }
        cache.withLock { $0.tables[offset] = table }
        return table
    }

    func section(_ name: String) -> DwarfSectionBytes? {
        if let known = cache.withLock({ $0.sections[name] }) { return known }
        let bytes = handle.sectionBytes(named: name)
        cache.withLock { $0.sections[name] = .some(bytes) }
        return bytes
    }

    // MARK: Trees

    /// The entry at `offset` and its whole subtree (or the entry alone), in preorder.
    /// `fallback` reads one entry through libdwarf, for the attributes this decoder leaves to it.
    func readTree(
        at offset: DIEOffset, context: UnitContext, entryOnly: Bool = false,
        fallback: (DIEOffset) throws(DwarfReadError) -> DIEData
    ) throws(DwarfReadError) -> DIETree {
        guard let unit = unit(containing: offset.value), offset.value >= unit.rootOffset else {
            throw DwarfReadError(message: "no entry at \(offset)")
        }
        guard let table = table(at: unit.abbreviationOffset) else {
            throw DwarfReadError(message: "unreadable abbreviations at \(unit.abbreviationOffset) for \(offset)")
        }
        var cursor = info.cursor(at: Int(offset.value))
        let limit = Int(unit.end)
        var tree = DIETree()
        var open: [Int] = []
        repeat {
            let entryOffset = UInt64(cursor.offset)
            guard cursor.offset < limit, let code = cursor.uleb128() else {
                throw DwarfReadError(message: "entries run past the end of their unit at \(entryOffset)")
            }
            if code == 0 {
                // The end of a list of children; a null where an entry was asked for is an error.
                guard !open.isEmpty else { throw DwarfReadError(message: "no entry at \(offset)") }
                open.removeLast()
                continue
            }
            guard let abbreviation = table[code] else {
                throw DwarfReadError(message: "unknown abbreviation \(code) at \(entryOffset)")
            }
            var entry: DIEData
            switch try decodeAttributes(abbreviation, at: &cursor, unit: unit, context: context) {
            case .decoded(let attributes):
                entry = DIEData(
                    offset: DIEOffset(entryOffset), tag: abbreviation.tag, hasChildren: abbreviation.hasChildren,
                    attributes: attributes)
            case .needsLibdwarf:
                entry = try fallback(DIEOffset(entryOffset))
                entry.hasChildren = abbreviation.hasChildren
            }
            let index = tree.append(entry, parent: open.last)
            if abbreviation.hasChildren && !entryOnly { open.append(index) }
        } while !open.isEmpty
        return tree
    }

    private enum DecodedAttributes {
        case decoded([(code: UInt16, value: DwarfAttributeValue)])
        case needsLibdwarf
    }

    /// Reads one entry's attributes, leaving the cursor after them (also when the entry must
    /// be read by libdwarf instead).
    private func decodeAttributes(
        _ abbreviation: AbbreviationTable.Abbreviation, at cursor: inout SectionCursor, unit: DwarfUnitHeader,
        context: UnitContext
    ) throws(DwarfReadError) -> DecodedAttributes {
        var result: [(code: UInt16, value: DwarfAttributeValue)] = []
        result.reserveCapacity(abbreviation.attributes.count)
        var needsLibdwarf = false
        var rangesOffset: UInt64?
        for attribute in abbreviation.attributes {
            let start = cursor.offset
            var form = attribute.form
            if Int32(form) == DW_FORM_indirect {
                guard let actual = cursor.uleb128() else { throw truncated(start) }
                form = UInt16(truncatingIfNeeded: actual)
            }
            let raw = try readRaw(form: form, attribute: attribute, at: &cursor, unit: unit)
            let name = Int32(attribute.name)
            if name == DW_AT_ranges {
                // Read after the others, with DW_AT_low_pc as the base when the unit has none.
                switch raw {
                case .constant(let value, _) where unit.version < 5: rangesOffset = value
                case .sectionOffset(let value) where unit.version < 5: rangesOffset = value
                default: needsLibdwarf = true
                }
                continue
            }
            if DwarfSession.locationAttributes.contains(name), DwarfSession.isLocationForm(Int32(form), version: unit.version) {
                guard let location = location(raw, unit: unit, context: context) else {
                    needsLibdwarf = true
                    continue
                }
                result.append((attribute.name, .location(location)))
                continue
            }
            switch raw {
            case .value(let value): result.append((attribute.name, value))
            case .constant(let value, let size): result.append((attribute.name, .unsigned(value, size: size)))
            case .sectionOffset(let value): result.append((attribute.name, .sectionOffset(value)))
            case .block(let bytes): result.append((attribute.name, .block(bytes)))
            case .skipped: break
            case .needsLibdwarf: needsLibdwarf = true
            }
        }
        if needsLibdwarf { return .needsLibdwarf }
        if let rangesOffset {
            var base = context.base
            if base == nil, case .address(let low)? = result.first(where: { $0.code == UInt16(DW_AT_low_pc) })?.value {
                base = low
            }
            guard let ranges = rangeList(at: rangesOffset, unit: unit, base: base) else { return .needsLibdwarf }
            result.append((UInt16(DW_AT_ranges), .ranges(ranges)))
        }
        return .decoded(result)
    }

    private func truncated(_ offset: Int) -> DwarfReadError {
        DwarfReadError(message: "attribute runs past the end of .debug_info at \(offset)")
    }

    /// An attribute's value before it is given its meaning.
    private enum RawValue {
        case value(DwarfAttributeValue)
        /// DW_FORM_data1/2/4/8/udata, with the form's size (0 for LEB128).
        case constant(UInt64, size: Int)
        case sectionOffset(UInt64)
        case block([UInt8])
        /// A form libdwarf's path drops (DW_FORM_data16).
        case skipped
        /// A form that needs a table this decoder does not read.
        case needsLibdwarf
    }

    private func readRaw(
        form: UInt16, attribute: AbbreviationTable.Attribute, at cursor: inout SectionCursor, unit: DwarfUnitHeader
    ) throws(DwarfReadError) -> RawValue {
        let start = cursor.offset
        func fixed(_ size: Int) throws(DwarfReadError) -> UInt64 {
            guard let value = cursor.fixed(size) else { throw truncated(start) }
            return value
        }
        func uleb() throws(DwarfReadError) -> UInt64 {
            guard let value = cursor.uleb128() else { throw truncated(start) }
            return value
        }
        func skip(_ count: Int) throws(DwarfReadError) {
            guard cursor.skip(count) else { throw truncated(start) }
        }
        switch Int32(form) {
        case DW_FORM_addr:
            return .value(.address(Address(try fixed(unit.addressSize))))
        case DW_FORM_data1: return .constant(try fixed(1), size: 1)
        case DW_FORM_data2: return .constant(try fixed(2), size: 2)
        case DW_FORM_data4: return .constant(try fixed(4), size: 4)
        case DW_FORM_data8: return .constant(try fixed(8), size: 8)
        case DW_FORM_udata: return .constant(try uleb(), size: 0)
        case DW_FORM_sdata:
            guard let value = cursor.sleb128() else { throw truncated(start) }
            return .value(.signed(value))
        case DW_FORM_implicit_const:
            return .value(.signed(attribute.implicitConstant))
        case DW_FORM_data16:
            try skip(16)
            return .skipped
        case DW_FORM_ref1: return .value(.reference(DIEOffset(unit.offset &+ (try fixed(1)))))
        case DW_FORM_ref2: return .value(.reference(DIEOffset(unit.offset &+ (try fixed(2)))))
        case DW_FORM_ref4: return .value(.reference(DIEOffset(unit.offset &+ (try fixed(4)))))
        case DW_FORM_ref8: return .value(.reference(DIEOffset(unit.offset &+ (try fixed(8)))))
        case DW_FORM_ref_udata: return .value(.reference(DIEOffset(unit.offset &+ (try uleb()))))
        case DW_FORM_ref_addr:
            return .value(.reference(DIEOffset(try fixed(unit.version <= 2 ? unit.addressSize : unit.offsetSize))))
        case DW_FORM_string:
            guard let string = cursor.cString() else { throw truncated(start) }
            return .value(.string(string))
        case DW_FORM_strp, DW_FORM_line_strp:
            let offset = try fixed(unit.offsetSize)
            let section = Int32(form) == DW_FORM_strp ? strings : lineStrings
            guard let string = section?.string(at: offset) else { return .needsLibdwarf }
            return .value(.string(string))
        case DW_FORM_flag:
            return .value(.flag(try fixed(1) != 0))
        case DW_FORM_flag_present:
            return .value(.flag(true))
        case DW_FORM_exprloc, DW_FORM_block:
            let length = try uleb()
            guard length <= UInt64(cursor.remaining), let bytes = cursor.bytes(Int(length)) else { throw truncated(start) }
            return .block(bytes)
        case DW_FORM_block1, DW_FORM_block2, DW_FORM_block4:
            let size = Int32(form) == DW_FORM_block1 ? 1 : Int32(form) == DW_FORM_block2 ? 2 : 4
            let length = try fixed(size)
            guard length <= UInt64(cursor.remaining), let bytes = cursor.bytes(Int(length)) else { throw truncated(start) }
            return .block(bytes)
        case DW_FORM_sec_offset:
            return .sectionOffset(try fixed(unit.offsetSize))
        // Left to libdwarf: indices into tables of DWARF 5 and split DWARF, type signatures and
        // references into supplementary files. Each is stepped over.
        case DW_FORM_strx, DW_FORM_addrx, DW_FORM_loclistx, DW_FORM_rnglistx, DW_FORM_GNU_addr_index,
             DW_FORM_GNU_str_index:
            _ = try uleb()
            return .needsLibdwarf
        case DW_FORM_strx1, DW_FORM_addrx1: try skip(1); return .needsLibdwarf
        case DW_FORM_strx2, DW_FORM_addrx2: try skip(2); return .needsLibdwarf
        case DW_FORM_strx3, DW_FORM_addrx3: try skip(3); return .needsLibdwarf
        case DW_FORM_strx4, DW_FORM_addrx4: try skip(4); return .needsLibdwarf
        case DW_FORM_ref_sig8: try skip(8); return .needsLibdwarf
        case DW_FORM_GNU_ref_alt, DW_FORM_GNU_strp_alt, DW_FORM_strp_sup:
            try skip(unit.offsetSize)
            return .needsLibdwarf
        default:
            throw DwarfReadError(message: "unknown attribute form \(form) at \(start)")
        }
    }

    // MARK: Locations and ranges

    /// A location attribute's expression or (DWARF 2 to 4) location list; nil for what is
    /// left to libdwarf.
    private func location(_ raw: RawValue, unit: DwarfUnitHeader, context: UnitContext) -> DwarfLocation? {
        let decoder = DwarfExpressionDecoder(
            addressSize: unit.addressSize, offsetSize: unit.offsetSize, version: unit.version)
        switch raw {
        case .block(let bytes):
            return (try? decoder.decode(bytes)).map { .expression($0) }
        case .constant(let offset, _) where unit.version < 5, .sectionOffset(let offset) where unit.version < 5:
            return locationList(at: offset, unit: unit, base: context.base?.value ?? 0, decoder: decoder)
        default:
            return nil
        }
    }

    /// A `.debug_loc` list: (begin, end) pairs relative to the base address, each with its
    /// expression.
    private func locationList(at offset: UInt64, unit: DwarfUnitHeader, base: UInt64, decoder: DwarfExpressionDecoder)
        -> DwarfLocation?
    {
        var entries: [DwarfLocation.Entry] = []
        let complete = walkAddressPairs(in: ".debug_loc", at: offset, unit: unit, base: base) { low, high, cursor in
            guard let length = cursor.u16(), let bytes = cursor.bytes(Int(length)) else { return false }
            guard high > low else { return true }
            guard let operations = try? decoder.decode(bytes) else { return false }
            entries.append(DwarfLocation.Entry(range: AddressRange(low, high), operations: operations))
            return true
        }
        return complete ? .list(entries) : nil
    }

    /// A `.debug_ranges` list (DWARF 2 to 4).
    private func rangeList(at offset: UInt64, unit: DwarfUnitHeader, base: Address?) -> [AddressRange]? {
        var ranges: [AddressRange] = []
        let complete = walkAddressPairs(in: ".debug_ranges", at: offset, unit: unit, base: base?.value ?? 0) { low, high, _ in
            let range = AddressRange(low, high)
            if !range.isEmpty { ranges.append(range) }
            return true
        }
        return complete ? ranges : nil
    }

    /// Walks a DWARF 2 to 4 list of (begin, end) address pairs, ended by (0, 0); a begin of
    /// all ones selects a new base instead. `entry` gets each pair made absolute, and the
    /// cursor after it (a location list's expression follows). False when the list is
    /// malformed or `entry` says so.
    private func walkAddressPairs(
        in name: String, at offset: UInt64, unit: DwarfUnitHeader, base: UInt64,
        entry: (UInt64, UInt64, inout SectionCursor) -> Bool
    ) -> Bool {
        guard let section = section(name), offset < UInt64(section.count) else { return false }
        var cursor = section.cursor(at: Int(offset))
        let selection: UInt64 = unit.addressSize == 8 ? .max : 0xffff_ffff
        var base = base
        while true {
            guard let begin = cursor.fixed(unit.addressSize), let end = cursor.fixed(unit.addressSize) else { return false }
            if begin == 0 && end == 0 { return true }
            if begin == selection {
                base = end
                continue
            }
            guard entry(base &+ begin, base &+ end, &cursor) else { return false }
        }
    }
}
