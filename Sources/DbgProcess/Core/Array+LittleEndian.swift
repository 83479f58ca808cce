/// Little-endian fields of untrusted bytes (a core file's headers and notes): nil past the end.
extension [UInt8] {
    func littleEndianUInt64(at offset: Int) -> UInt64? { littleEndian(at: offset, size: 8) }
    func littleEndianUInt32(at offset: Int) -> UInt32? { littleEndian(at: offset, size: 4).map { UInt32($0) } }
    func littleEndianUInt16(at offset: Int) -> UInt16? { littleEndian(at: offset, size: 2).map { UInt16($0) } }

    private func littleEndian(at offset: Int, size: Int) -> UInt64? {
        guard offset >= 0, offset <= count - size else { return nil }
        var value: UInt64 = 0
        for index in (offset..<offset + size).reversed() { value = value << 8 | UInt64(self[index]) }
        return value
    }

    /// A NUL-terminated string at `offset`, at most `limit` bytes.
    func cString(at offset: Int, limit: Int) -> String {
        guard offset >= 0, offset < count else { return "" }
        let field = self[offset..<Swift.min(count, offset + limit)]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
