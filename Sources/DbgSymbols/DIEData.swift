/// A DWARF attribute's value, copied out of libdwarf.
public enum DwarfAttributeValue: Sendable, Hashable {
    case address(Address)
    /// A constant; `size` is the form's size in bytes (0 for LEB128 forms), for sign extension.
    case unsigned(UInt64, size: Int)
    case signed(Int64)
    case reference(DIEOffset)
    case string(String)
    case flag(Bool)
    case block([UInt8])
    case sectionOffset(UInt64)
    case location(DwarfLocation)
    case ranges([AddressRange])

    public var unsignedValue: UInt64? {
        switch self {
        case .unsigned(let value, _): return value
        case .signed(let value): return UInt64(bitPattern: value)
        case .address(let address): return address.value
        case .sectionOffset(let value): return value
        default: return nil
        }
    }

    /// The constant read as signed, sign-extended from its form's size.
    public var signedValue: Int64? {
        switch self {
        case .signed(let value): return value
        case .unsigned(let value, let size) where size > 0 && size < 8:
            let shift = UInt64(64 - 8 * size)
            return Int64(bitPattern: value << shift) >> Int64(shift)
        case .unsigned(let value, _): return Int64(bitPattern: value)
        default: return nil
        }
    }
}

/// One debugging information entry with all its attributes, copied into Swift values so
/// that libdwarf memory is freed at once.
public struct DIEData: Sendable {
    public var offset: DIEOffset
    public var tag: UInt16
    public var hasChildren: Bool
    public var attributes: [(code: UInt16, value: DwarfAttributeValue)]

    public subscript(_ code: Int32) -> DwarfAttributeValue? {
        let wanted = UInt16(code)
        return attributes.first { $0.code == wanted }?.value
    }

    public func string(_ code: Int32) -> String? {
        if case .string(let value)? = self[code] { return value }
        return nil
    }

    public func unsigned(_ code: Int32) -> UInt64? { self[code]?.unsignedValue }

    public func reference(_ code: Int32) -> DIEOffset? {
        if case .reference(let offset)? = self[code] { return offset }
        return nil
    }

    public func flag(_ code: Int32) -> Bool {
        if case .flag(let value)? = self[code] { return value }
        return false
    }

    public func location(_ code: Int32) -> DwarfLocation? {
        if case .location(let location)? = self[code] { return location }
        return nil
    }

    /// The code ranges of this entry (DW_AT_low_pc/high_pc or DW_AT_ranges), empty if none.
    public var ranges: [AddressRange] {
        if case .ranges(let ranges)? = self[DW_AT_ranges_code] { return ranges }
        guard case .address(let low)? = self[DW_AT_low_pc_code] else { return [] }
        switch self[DW_AT_high_pc_code] {
        case .address(let high)?: return high > low ? [AddressRange(low: low, high: high)] : []
        case .some(let value): return (value.unsignedValue ?? 0) > 0 ? [AddressRange(low: low, high: low + (value.unsignedValue ?? 0))] : []
        case nil: return []
        }
    }
}

// Attribute codes used by the generic accessors above (from dwarf.h).
let DW_AT_low_pc_code: Int32 = 0x11
let DW_AT_high_pc_code: Int32 = 0x12
let DW_AT_ranges_code: Int32 = 0x55
