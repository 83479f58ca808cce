import Glibc

/// The file bytes of a binary's loadable segments, read once, addressed by
/// the binary's own virtual addresses: where Swift's reflection metadata, type descriptors
/// and their names live. Reads are bounds-checked (the binary is untrusted input) and answer
/// nil outside the segments' file bytes.
struct LoadedImageBytes: Sendable {
    private struct Segment: Sendable {
        var address: UInt64
        var bytes: [UInt8]
    }

    private let segments: [Segment]

    /// Segments larger than this are not read (no real binary's data segments come near it).
    static let segmentSizeLimit: UInt64 = 1 << 30

    init(elf: ELFFile) {
        var segments: [Segment] = []
        let fd = Glibc.open(elf.path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            for segment in elf.segments where segment.isLoad && segment.fileSize > 0
                && segment.fileSize <= Self.segmentSizeLimit
            {
                var bytes = [UInt8](repeating: 0, count: Int(segment.fileSize))
                let read = bytes.withUnsafeMutableBytes {
                    pread(fd, $0.baseAddress, $0.count, off_t(clamping: segment.fileOffset))
                }
                guard read == bytes.count else { continue }
                segments.append(Segment(address: segment.virtualAddress.value, bytes: bytes))
            }
        }
        self.segments = segments
    }

    /// The segment and index of `address`, with at least `count` bytes there.
    private func locate(_ address: UInt64, count: Int) -> (segment: Int, index: Int)? {
        for (number, segment) in segments.enumerated() where address >= segment.address {
            let index = address - segment.address
            guard index < UInt64(segment.bytes.count), UInt64(segment.bytes.count) - index >= UInt64(count) else { continue }
            return (number, Int(index))
        }
        return nil
    }

    func bytes(at address: UInt64, count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, let (segment, index) = locate(address, count: count) else { return nil }
        return segments[segment].bytes[index..<index + count]
    }

    func u16(at address: UInt64) -> UInt16? { little(at: address, size: 2).map { UInt16(truncatingIfNeeded: $0) } }
    func u32(at address: UInt64) -> UInt32? { little(at: address, size: 4).map { UInt32(truncatingIfNeeded: $0) } }
    func u64(at address: UInt64) -> UInt64? { little(at: address, size: 8) }

    /// The target of a 32-bit relative pointer stored at `address` (nil for a zero offset: no target).
    func relativeTarget(at address: UInt64) -> UInt64? {
        guard let raw = u32(at: address), raw != 0 else { return nil }
        return address &+ UInt64(bitPattern: Int64(Int32(bitPattern: raw)))
    }

    /// The NUL-terminated string at `address`, at most `limit` bytes.
    func cString(at address: UInt64, limit: Int = 4096) -> String? {
        guard let (segment, index) = locate(address, count: 1) else { return nil }
        let bytes = segments[segment].bytes
        let end = min(bytes.count, index + limit)
        guard let nul = bytes[index..<end].firstIndex(of: 0) else { return nil }
        return String(decoding: bytes[index..<nul], as: UTF8.self)
    }

    /// A mangled name at `address`: its bytes up to the terminating NUL, stepping over
    /// symbolic references (a control byte and 4 or 8 bytes of offset, which may hold zeros).
    func mangledName(at address: UInt64, limit: Int = 4096) -> [UInt8]? {
        guard let (segment, index) = locate(address, count: 1) else { return nil }
        let bytes = segments[segment].bytes
        var cursor = index
        let end = min(bytes.count, index + limit)
        while cursor < end {
            let byte = bytes[cursor]
            if byte == 0 { return Array(bytes[index..<cursor]) }
            switch byte {
            case 0x01...0x17: cursor += 5
            case 0x18...0x1f: cursor += 9
            default: cursor += 1
            }
        }
        return nil
    }

    private func little(at address: UInt64, size: Int) -> UInt64? {
        guard let slice = bytes(at: address, count: size) else { return nil }
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }
}
