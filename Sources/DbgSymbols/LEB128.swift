/// LEB128 numbers (DWARF's variable-length integers), for every reader of untrusted bytes.
enum LEB128 {
    /// An unsigned number from the bytes `next` hands out; nil when they run out first or
    /// the number goes on past 10 bytes (64 bits).
    @inline(__always)
    static func unsigned(_ next: () -> UInt8?) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while let byte = next() {
            if shift < 64 { result |= UInt64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 { return result }
            if shift > 70 { return nil }
        }
        return nil
    }

    /// A signed number, the same way.
    @inline(__always)
    static func signed(_ next: () -> UInt8?) -> Int64? {
        var result: Int64 = 0
        var shift: Int64 = 0
        while let byte = next() {
            if shift < 64 { result |= Int64(byte & 0x7f) << shift }
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64, byte & 0x40 != 0 { result |= Int64(-1) << shift }
                return result
            }
            if shift > 70 { return nil }
        }
        return nil
    }
}
