/// The header of one unit in `.debug_info` (DWARF 2 to 5), read from the section's bytes.
struct DwarfUnitHeader: Sendable {
    /// Where the header starts: CU-relative references (DW_FORM_ref*) count from here.
    var offset: UInt64
    /// The unit's first entry.
    var rootOffset: UInt64
    /// One past the unit's last byte.
    var end: UInt64
    var version: Int
    var addressSize: Int
    /// 4 in 32-bit DWARF, 8 in 64-bit DWARF.
    var offsetSize: Int
    var abbreviationOffset: UInt64

    /// Every unit header in `.debug_info`, in order; stops at the first malformed one.
    static func all(in info: DwarfSectionBytes) -> [DwarfUnitHeader] {
        var headers: [DwarfUnitHeader] = []
        var next: UInt64 = 0
        while next < UInt64(info.count), let header = read(info, at: next) {
            headers.append(header)
            next = header.end
        }
        return headers
    }

    private static func read(_ info: DwarfSectionBytes, at start: UInt64) -> DwarfUnitHeader? {
        var cursor = info.cursor(at: Int(start))
        guard let (end, offsetSize) = cursor.initialLength(), let version = cursor.u16().map(Int.init),
              (2...5).contains(version)
        else { return nil }
        let addressSize: Int
        let abbreviations: UInt64
        if version >= 5 {
            guard let unitType = cursor.u8(), let size = cursor.u8(), let abbrev = cursor.sectionOffset(size: offsetSize)
            else { return nil }
            addressSize = Int(size)
            abbreviations = abbrev
            switch unitType {
            case 0x04, 0x05: guard cursor.skip(8) else { return nil }  // skeleton, split_compile: dwo_id
            case 0x02, 0x06: guard cursor.skip(8 + offsetSize) else { return nil }  // type units: signature, offset
            default: break
            }
        } else {
            guard let abbrev = cursor.sectionOffset(size: offsetSize), let size = cursor.u8() else { return nil }
            abbreviations = abbrev
            addressSize = Int(size)
        }
        guard addressSize == 4 || addressSize == 8, UInt64(cursor.offset) <= end else { return nil }
        return DwarfUnitHeader(
            offset: start, rootOffset: UInt64(cursor.offset), end: end, version: version,
            addressSize: addressSize, offsetSize: offsetSize, abbreviationOffset: abbreviations)
    }
}
