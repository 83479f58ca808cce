/// A DWARF section's bytes as libdwarf sees them (decompressed), owned by a `DwarfHandle`.
struct DwarfSectionBytes: @unchecked Sendable {
    // @unchecked is safe: the bytes are never written once handed out (libelf decompresses
    // a section once, before cdwarf_section_data returns its address), and every holder of
    // one also holds the `DwarfHandle` that keeps the memory alive (a `DebugInfo` holds both).
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    func cursor(at offset: Int) -> SectionCursor { SectionCursor(bytes: bytes, offset: offset) }

    /// The NUL-terminated string at `offset` (`.debug_str`, `.debug_line_str`), nil past the end.
    func string(at offset: UInt64) -> String? {
        guard offset < UInt64(bytes.count) else { return nil }
        var cursor = cursor(at: Int(offset))
        return cursor.cString()
    }
}

/// A bounds-checked little-endian reader over section bytes, which come from an untrusted
/// file: every read answers nil rather than run past the end.
struct SectionCursor {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { max(0, bytes.count - offset) }

    mutating func u8() -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? { fixed(2).map { UInt16(truncatingIfNeeded: $0) } }
    mutating func u32() -> UInt32? { fixed(4).map { UInt32(truncatingIfNeeded: $0) } }
    mutating func u64() -> UInt64? { fixed(8) }

    /// A little-endian unsigned number of `size` bytes (1 to 8).
    mutating func fixed(_ size: Int) -> UInt64? {
        guard size > 0, size <= 8, offset >= 0, remaining >= size else { return nil }
        let value: UInt64
        switch size {
        case 8: value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        case 4: value = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        case 2: value = UInt64(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        default:
            var assembled: UInt64 = 0
            for index in 0..<size { assembled |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            value = assembled
        }
        offset += size
        return UInt64(littleEndian: value)
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, offset >= 0, remaining >= count else { return false }
        offset += count
        return true
    }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, offset >= 0, remaining >= count else { return nil }
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]))
    }

    /// An unsigned LEB128 number; nil when it runs off the end.
    mutating func uleb128() -> UInt64? { LEB128.unsigned { u8() } }

    /// A signed LEB128 number; nil when it runs off the end.
    mutating func sleb128() -> Int64? { LEB128.signed { u8() } }


    /// A NUL-terminated string (invalid UTF-8 repaired, as `String(cString:)` does); nil when
    /// no NUL comes before the end.
    mutating func cString() -> String? {
        guard offset >= 0, offset < bytes.count else { return nil }
        let start = offset
        var end = start
        while end < bytes.count, bytes[end] != 0 { end += 1 }
        guard end < bytes.count else { return nil }
        offset = end + 1
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A DWARF initial length (a unit's or a line table's): where what follows it ends, and
    /// its offset size (4 in 32-bit DWARF, 8 in 64-bit DWARF). Nil for a reserved length or
    /// one that runs past the end.
    mutating func initialLength() -> (end: UInt64, offsetSize: Int)? {
        guard var length = u32().map(UInt64.init) else { return nil }
        var offsetSize = 4
        if length == 0xffff_ffff {
            guard let long = u64() else { return nil }
            length = long
            offsetSize = 8
        } else if length >= 0xffff_fff0 {
            return nil
        }
        let (end, overflow) = UInt64(offset).addingReportingOverflow(length)
        guard !overflow, end <= UInt64(bytes.count) else { return nil }
        return (end, offsetSize)
    }

    /// A DWARF offset: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF.
    mutating func sectionOffset(size: Int) -> UInt64? { fixed(size) }
}
