import DbgSymbols

/// Enum layouts, by the compiler's rules (no payload; one payload case, the others in its
/// extra inhabitants and then an extra tag; several payload cases with a tag after them).
/// A multi-payload enum whose payloads share spare bits keeps its tag there; the binary says
/// which enums do and which bits (`swift5_mpenum`).
extension SwiftTypes {
    func enumLayout(
        cases: [SwiftEnumLayout.Case], payloadCaseCount: Int, spareBits: SwiftReflection.SpareBits? = nil, depth: Int
    ) throws(ValueError) -> SwiftLayout {
        guard payloadCaseCount <= cases.count else { throw .unsupported("an enum with more payload cases than cases") }
        let emptyCount = cases.count - payloadCaseCount
        var payloads: [SwiftLayout] = []
        for enumCase in cases.prefix(payloadCaseCount) {
            guard let payload = enumCase.payload else { throw .unsupported("a payload case without a payload type") }
            // An indirect case's payload is a box the enum points to.
            payloads.append(enumCase.isIndirect ? SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .classReference)
                : try layout(of: payload, depth: depth + 1))
        }
        let alignment = payloads.map(\.alignment).max() ?? 1
        switch payloads.count {
        case 0:
            let tagSize = Self.bytesFor(values: cases.count <= 1 ? 1 : cases.count)
            let inhabitants = tagSize == 0 ? SwiftExtraInhabitants.none
                : SwiftExtraInhabitants(count: Self.valuesIn(bytes: tagSize) - cases.count, offset: 0, width: tagSize, first: UInt64(cases.count))
            let layout = SwiftEnumLayout(cases: cases, payloadCaseCount: 0, strategy: .noPayload(tagSize: tagSize))
            return SwiftLayout(size: tagSize, alignment: max(tagSize, 1), extraInhabitants: inhabitants, kind: .enumeration(layout))
        case 1:
            let payload = payloads[0]
            if emptyCount > 0 && !payload.knowsExtraInhabitants {
                throw .unsupported("an enum whose payload's extra inhabitants dbg does not know")
            }
            let spare = payload.extraInhabitants.count
            if emptyCount <= spare {
                let layout = SwiftEnumLayout(
                    cases: cases, payloadCaseCount: 1,
                    strategy: .singlePayload(payloadSize: payload.size, payloadInhabitants: payload.extraInhabitants, extraTagSize: 0))
                return SwiftLayout(
                    size: payload.size, alignment: payload.alignment,
                    extraInhabitants: payload.extraInhabitants.dropping(emptyCount), kind: .enumeration(layout))
            }
            let tagValues = 1 + Self.tagValues(forEmptyCases: emptyCount - spare, payloadSize: payload.size)
            let tagSize = Self.bytesFor(values: tagValues)
            let layout = SwiftEnumLayout(
                cases: cases, payloadCaseCount: 1,
                strategy: .singlePayload(payloadSize: payload.size, payloadInhabitants: payload.extraInhabitants, extraTagSize: tagSize))
            let inhabitants = SwiftExtraInhabitants(
                count: Self.valuesIn(bytes: tagSize) - tagValues, offset: payload.size, width: tagSize, first: UInt64(tagValues))
            return SwiftLayout(size: payload.size + tagSize, alignment: alignment, extraInhabitants: inhabitants, kind: .enumeration(layout))
        default:
            let payloadSize = payloads.map(\.size).max() ?? 0
            if let spareBits {
                return try spareBitsLayout(
                    cases: cases, payloadCount: payloads.count, emptyCount: emptyCount, payloadSize: payloadSize,
                    alignment: alignment, spareBits: spareBits)
            }
            let tagValues = payloads.count + (emptyCount == 0 ? 0 : Self.tagValues(forEmptyCases: emptyCount, payloadSize: payloadSize))
            let tagSize = max(1, Self.bytesFor(values: tagValues))
            let layout = SwiftEnumLayout(
                cases: cases, payloadCaseCount: payloads.count, strategy: .multiPayload(payloadSize: payloadSize, tagSize: tagSize))
            let inhabitants = SwiftExtraInhabitants(
                count: Self.valuesIn(bytes: tagSize) - tagValues, offset: payloadSize, width: tagSize, first: UInt64(tagValues))
            return SwiftLayout(size: payloadSize + tagSize, alignment: alignment, extraInhabitants: inhabitants, kind: .enumeration(layout))
        }
    }

    /// The tag in the payloads' common spare bits: as many of the most significant ones as
    /// the tags need (one tag for all the empty cases, numbered in the other bits).
    private func spareBitsLayout(
        cases: [SwiftEnumLayout.Case], payloadCount: Int, emptyCount: Int, payloadSize: Int, alignment: Int,
        spareBits: SwiftReflection.SpareBits
    ) throws(ValueError) -> SwiftLayout {
        guard spareBits.byteOffset >= 0, spareBits.byteOffset + spareBits.mask.count <= payloadSize else {
            throw .unsupported("an enum's spare-bit mask outside its payload")
        }
        var spare = [UInt8](repeating: 0, count: payloadSize)
        for (index, byte) in spareBits.mask.enumerated() { spare[spareBits.byteOffset + index] = byte }
        let tagCount = payloadCount + (emptyCount > 0 ? 1 : 0)
        var needed = 0
        while (1 << needed) < tagCount { needed += 1 }
        var tagBits = [UInt8](repeating: 0, count: payloadSize)
        var kept = 0
        for bit in stride(from: payloadSize * 8 - 1, through: 0, by: -1) where kept < needed {
            if spare[bit / 8] & (1 << (bit % 8)) != 0 {
                tagBits[bit / 8] |= 1 << (bit % 8)
                kept += 1
            }
        }
        guard kept == needed else { throw .unsupported("an enum with too few spare bits for its \(tagCount) tags") }
        let layout = SwiftEnumLayout(
            cases: cases, payloadCaseCount: payloadCount,
            strategy: .multiPayloadSpareBits(payloadSize: payloadSize, tagBits: tagBits, spareBits: spare))
        var result = SwiftLayout(size: payloadSize, alignment: alignment, extraInhabitants: .none, kind: .enumeration(layout))
        result.knowsExtraInhabitants = false
        return result
    }

    /// Tag values the empty cases need when each tag value covers as many empty cases as the
    /// payload's first four bytes can number.
    static func tagValues(forEmptyCases count: Int, payloadSize: Int) -> Int {
        guard count > 0 else { return 0 }
        if payloadSize >= 4 { return 1 }
        let perTag = 1 << (8 * payloadSize)
        return (count + perTag - 1) / perTag
    }

    /// The bytes a tag needs for `values` values: 0 for one, then 1, 2 or 4.
    static func bytesFor(values: Int) -> Int {
        switch values {
        case ...1: return 0
        case ...0x100: return 1
        case ...0x1_0000: return 2
        default: return 4
        }
    }

    /// How many values `bytes` bytes hold, capped as the runtime caps extra inhabitants.
    static func valuesIn(bytes: Int) -> Int {
        bytes >= 4 ? Int(Int32.max) : 1 << (8 * bytes)
    }
}
