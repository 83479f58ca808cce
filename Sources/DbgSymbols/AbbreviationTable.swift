/// One abbreviation table of `.debug_abbrev`: the shape (tag, children flag, attributes and
/// their forms) of each kind of entry in the units that use it.
struct AbbreviationTable: Sendable {
    struct Attribute: Sendable {
        var name: UInt16
        var form: UInt16
        /// DW_FORM_implicit_const's value, which lives here rather than in the entry.
        var implicitConstant: Int64
    }

    struct Abbreviation: Sendable {
        var tag: UInt16
        var hasChildren: Bool
        var attributes: [Attribute]
    }

    /// Codes are small and dense in practice: an array indexed by code, with a dictionary for
    /// the rest.
    private var dense: [Abbreviation?] = []
    private var sparse: [UInt64: Abbreviation] = [:]

    subscript(code: UInt64) -> Abbreviation? {
        if code < UInt64(dense.count) { return dense[Int(code)] }
        return sparse[code]
    }

    /// Reads the table at `offset`; nil when it is malformed.
    init?(_ section: DwarfSectionBytes, at offset: UInt64) {
        guard offset < UInt64(section.count) else { return nil }
        var cursor = section.cursor(at: Int(offset))
        // A table ends at code 0, or (some producers) at the end of the section.
        while !cursor.isAtEnd {
            guard let code = cursor.uleb128() else { return nil }
            if code == 0 { break }
            guard let tag = cursor.uleb128(), let children = cursor.u8() else { return nil }
            var attributes: [Attribute] = []
            while true {
                guard let name = cursor.uleb128(), let form = cursor.uleb128() else { return nil }
                if name == 0 && form == 0 { break }
                var constant: Int64 = 0
                if form == 0x21 {  // DW_FORM_implicit_const
                    guard let value = cursor.sleb128() else { return nil }
                    constant = value
                }
                attributes.append(Attribute(
                    name: UInt16(truncatingIfNeeded: name), form: UInt16(truncatingIfNeeded: form),
                    implicitConstant: constant))
            }
            let abbreviation = Abbreviation(
                tag: UInt16(truncatingIfNeeded: tag), hasChildren: children != 0, attributes: attributes)
            if code < 4096 {
                if dense.count <= Int(code) { dense.append(contentsOf: repeatElement(nil, count: Int(code) + 1 - dense.count)) }
                if dense[Int(code)] == nil { dense[Int(code)] = abbreviation }
            } else if sparse[code] == nil {
                sparse[code] = abbreviation
            }
        }
    }
}
