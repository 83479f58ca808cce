import DbgSymbols

/// Thread-local variables of the program itself (not of its libraries), on x86-64 Linux:
/// the executable's TLS block lies just below the thread pointer (`fs_base`), rounded up to
/// its alignment (TLS variant II, the executable being module 1 with static TLS).
struct ExecutableTLS: DwarfTLSResolver {
    let threadPointer: UInt64
    /// How far below the thread pointer the block starts.
    let blockOffset: UInt64

    /// The resolver for `image`'s variables in the thread whose `fs_base` is `threadPointer`;
    /// nil when the image is a library or has no TLS segment.
    init?(image: BinaryImage, threadPointer: UInt64) {
        let segments = image.elf.segments
        let isProgram = image.elf.type == .executable || segments.contains { $0.type == ELFSegment.interpreter }
        guard isProgram, threadPointer != 0,
              let tls = segments.first(where: { $0.type == ELFSegment.threadLocal }), tls.alignment.nonzeroBitCount == 1
        else { return nil }
        let align = tls.alignment
        let firstByte = (0 &- tls.virtualAddress.value) & (align - 1)
        let rounded = (tls.memorySize &- firstByte &+ align &- 1) / align * align
        self.threadPointer = threadPointer
        self.blockOffset = rounded &+ firstByte
    }

    func threadLocalAddress(offset: UInt64) -> Address? {
        Address(threadPointer &- blockOffset &+ offset)
    }
}
