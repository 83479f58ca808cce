/// A bounds-checked little-endian reader over bytes that came from an untrusted file or process.
public struct ByteReader: Sendable {
    public private(set) var bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }
    public var isAtEnd: Bool { offset >= bytes.count }

    public mutating func seek(to newOffset: Int) -> Bool {
        guard newOffset >= 0, newOffset <= bytes.count else { return false }
        offset = newOffset
        return true
    }

    public mutating func u8() -> UInt8? {
        guard remaining >= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func u16() -> UInt16? { littleEndian(2).map { UInt16(truncatingIfNeeded: $0) } }
    public mutating func u32() -> UInt32? { littleEndian(4).map { UInt32(truncatingIfNeeded: $0) } }
    public mutating func u64() -> UInt64? { littleEndian(8) }

    public mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    public mutating func align(_ alignment: Int) {
        offset = min(bytes.count, (offset + alignment - 1) / alignment * alignment)
    }

    /// An unsigned LEB128 number; nil when it runs off the end or overflows 64 bits.
    public mutating func uleb128() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = u8() {
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return result }
            if shift > 70 { return nil }
        }
        return nil
    }

    /// A signed LEB128 number.
    public mutating func sleb128() -> Int64? {
        var result: Int64 = 0
        var shift: Int64 = 0
        while let byte = u8() {
            if shift < 64 { result |= Int64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { result |= -(Int64(1) << shift) }
                return result
            }
            if shift > 70 { return nil }
        }
        return nil
    }

    private mutating func littleEndian(_ size: Int) -> UInt64? {
        guard remaining >= size else { return nil }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += size
        return value
    }
}
