/// One PT_LOAD of a core: `memorySize` bytes of the program's memory at `address`, of which
/// the first `fileSize` are in the file at `fileOffset` (the rest the writer left out: code
/// and read-only data of mapped files, which are read from the files themselves).
struct CoreSegment: Sendable, Hashable {
    var address: UInt64
    var memorySize: UInt64
    var fileOffset: UInt64
    var fileSize: UInt64
    /// PF_X 1, PF_W 2, PF_R 4.
    var flags: UInt32

    var end: UInt64 { address + memorySize }
    func contains(_ candidate: UInt64) -> Bool { address <= candidate && candidate < end }
}
