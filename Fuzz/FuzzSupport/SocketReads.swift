/// `bytes` cut in pieces of growing length (1, 4, 13, 40, ...), as reads from a socket come:
/// messages split anywhere, and several in one read.
public func socketReads(_ bytes: UnsafeBufferPointer<UInt8>) -> [Slice<UnsafeBufferPointer<UInt8>>] {
    var reads: [Slice<UnsafeBufferPointer<UInt8>>] = []
    var start = 0, piece = 1
    while start < bytes.count {
        let end = min(bytes.count, start + piece)
        reads.append(bytes[start..<end])
        start = end
        piece = piece * 3 + 1
    }
    return reads
}
