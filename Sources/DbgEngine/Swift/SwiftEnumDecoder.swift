import DbgSymbols

/// Which case an enum's bytes hold, by its layout's strategy.
struct SwiftEnumDecoder {
    let layout: SwiftEnumLayout

    /// The index into `layout.cases` (payload cases first, then empty ones).
    func caseIndex(in bytes: ArraySlice<UInt8>) throws(ValueError) -> Int {
        let payloadCases = layout.payloadCaseCount
        switch layout.strategy {
        case .noPayload(let tagSize):
            return Int(try number(bytes, at: 0, width: tagSize))
        case .singlePayload(let payloadSize, let inhabitants, let extraTagSize):
            let tag = extraTagSize == 0 ? 0 : try number(bytes, at: payloadSize, width: extraTagSize)
            if tag == 0 {
                // A valid payload, or one of the empty cases the payload's extra inhabitants stand for.
                if let inhabitant = inhabitants.index(in: bytes), inhabitant < layout.cases.count - payloadCases {
                    return payloadCases + inhabitant
                }
                return 0
            }
            let payloadValue = try number(bytes, at: 0, width: min(payloadSize, 4))
            let perTag: UInt64 = payloadSize >= 4 ? 1 << 32 : 1 << (8 * UInt64(payloadSize))
            let empty = UInt64(inhabitants.count) &+ (tag - 1) &* perTag &+ payloadValue
            return payloadCases + Int(clamping: empty)
        case .multiPayloadSpareBits(let payloadSize, let tagBits, _):
            guard bytes.count >= payloadSize, tagBits.count == payloadSize else {
                throw .unsupported("an enum's \(bytes.count) bytes do not hold its tag")
            }
            // The tag's bits, gathered from the least significant tag bit up.
            var tag = 0
            var position = 0
            for bit in 0..<payloadSize * 8 where tagBits[bit / 8] & (1 << (bit % 8)) != 0 {
                if bytes[bytes.startIndex + bit / 8] & (1 << (bit % 8)) != 0 { tag |= 1 << position }
                position += 1
            }
            if tag < payloadCases { return tag }
            var cleared = Array(bytes.prefix(min(payloadSize, 4)))
            for index in cleared.indices { cleared[index] &= ~tagBits[index] }
            return payloadCases + Int(littleEndianValue(cleared))
        case .multiPayload(let payloadSize, let tagSize):
            let tag = try number(bytes, at: payloadSize, width: tagSize)
            if tag < UInt64(payloadCases) { return Int(tag) }
            let payloadValue = try number(bytes, at: 0, width: min(payloadSize, 4))
            let perTag: UInt64 = payloadSize >= 4 ? 1 << 32 : 1 << (8 * UInt64(payloadSize))
            let empty = (tag - UInt64(payloadCases)) &* perTag &+ payloadValue
            return payloadCases + Int(clamping: empty)
        }
    }

    private func number(_ bytes: ArraySlice<UInt8>, at offset: Int, width: Int) throws(ValueError) -> UInt64 {
        guard width > 0 else { return 0 }
        guard offset >= 0, width <= 8, bytes.count >= offset + width else {
            throw .unsupported("an enum's \(bytes.count) bytes do not hold its tag")
        }
        let start = bytes.startIndex + offset
        return littleEndianValue(bytes[start..<start + width])
    }
}
