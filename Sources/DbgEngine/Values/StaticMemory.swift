import DbgSymbols
import Synchronization

/// The memory a program starts with, read from its file: initialised data (`.data`,
/// `.rodata`, code) from the file, zeros where a segment is larger in memory than in the
/// file (`.bss`), and an error anywhere else. `print` of globals works with it before the
/// program runs, and tests use it in place of a process.
///
/// Addresses are the binary's own plus `bias` (0 for the file as it is; a PIE's load base
/// to answer with runtime addresses).
public final class StaticMemory: TargetMemory {
    public let image: BinaryImage
    public let bias: UInt64
    private let segments: [ELFSegment]
    /// The file bytes of small segments, by index in `segments`, read on first use.
    private let cache = Mutex([Int: [UInt8]]())

    /// Segments up to this size are read whole once; bigger ones (the code of a big
    /// program) are read a request at a time.
    static let maxCachedSegment: UInt64 = 8 << 20
    /// Reads bigger than this are refused (a corrupt length, not a value).
    static let maxRead = 64 << 20

    public init(image: BinaryImage, bias: UInt64 = 0) {
        self.image = image
        self.bias = bias
        self.segments = image.elf.segments.filter { $0.isLoad && $0.memorySize > 0 }
    }

    /// Reads that run past the end of a segment fail, even into an adjacent one: the
    /// loader maps segments on page boundaries, and what lies between is not ours to guess.
    public func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        let failure = TargetMemoryError(address: address, count: count)
        guard count >= 0, count <= Self.maxRead, address <= UInt64.max - UInt64(count),
              let index = segments.firstIndex(where: { contains($0, address) })
        else { throw failure }
        if count == 0 { return [] }
        let segment = segments[index]
        let offset = address - (segment.virtualAddress.value &+ bias)
        guard UInt64(count) <= segment.memorySize - offset else { throw failure }
        let end = offset + UInt64(count)
        var bytes: [UInt8] = []
        if offset < segment.fileSize {
            let fileEnd = min(end, segment.fileSize)
            guard let fileBytes = try fileBytes(of: index, from: offset, to: fileEnd) else { throw failure }
            bytes = fileBytes
        }
        if UInt64(bytes.count) < UInt64(count) {
            bytes += [UInt8](repeating: 0, count: count - bytes.count)  // .bss
        }
        return bytes
    }

    private func contains(_ segment: ELFSegment, _ address: UInt64) -> Bool {
        let start = segment.virtualAddress.value &+ bias
        return address >= start && address - start < segment.memorySize
    }

    /// File-backed bytes [from, to) of segment `index`, offsets from the segment's start.
    private func fileBytes(of index: Int, from: UInt64, to: UInt64) throws(TargetMemoryError) -> [UInt8]? {
        let segment = segments[index]
        guard segment.fileSize <= Self.maxCachedSegment else {
            return image.elf.readBytes(at: segment.virtualAddress + from, count: Int(to - from))
        }
        if let cached = cache.withLock({ $0[index] }) {
            guard to <= UInt64(cached.count) else { return nil }
            return Array(cached[Int(from)..<Int(to)])
        }
        guard let whole = segment.fileSize == 0
            ? [] : image.elf.readBytes(at: segment.virtualAddress, count: Int(segment.fileSize))
        else { return nil }
        cache.withLock { $0[index] = whole }
        guard to <= UInt64(whole.count) else { return nil }
        return Array(whole[Int(from)..<Int(to)])
    }
}
