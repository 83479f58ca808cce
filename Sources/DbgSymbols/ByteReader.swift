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

    /// An unsigned LEB128 number; nil when it runs off the end.
    public mutating func uleb128() -> UInt64? { LEB128.unsigned { u8() } }

    /// A signed LEB128 number; nil when it runs off the end.
    public mutating func sleb128() -> Int64? { LEB128.signed { u8() } }

    private mutating func littleEndian(_ size: Int) -> UInt64? {
        guard remaining >= size else { return nil }
        var value: UInt64 = 0
        for index in 0..<size { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += size
        return value
    }
}
