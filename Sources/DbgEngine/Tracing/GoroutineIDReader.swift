import DbgProcess
import DbgSymbols

/// The id of the goroutine a Go function runs on, from its `g` pointer (R14 inside Go's
/// internal ABI at a function's entry). The `goid` field's offset is the engine's Go
/// runtime layout's (from the DWARF type `runtime.g`, by name, never assumed).
///
/// Not Sendable: owned by the trace's reader thread.
final class GoroutineIDReader {
    private let pid: Int32
    private let goidOffset: UInt64?
    /// Ids already read, by g: a g outlives its goroutine only to be reused by a new one,
    /// so each batch of samples reads afresh; this answers once the process is gone.
    private var known: [UInt64: Int64] = [:]
    /// The g read in this batch (a batch's samples were all taken before it is read).
    private var readInBatch: Set<UInt64> = []

    init(pid: Int32, image: BinaryImage) {
        self.pid = pid
        goidOffset = GoRuntimeLayout(image: image).map { UInt64($0.goid) }
    }

    var isAvailable: Bool { goidOffset != nil }

    /// The goroutine id of the g at `g`, nil when it cannot be read.
    func goroutineID(g: UInt64) -> Int64? {
        guard let goidOffset, g != 0 else { return nil }
        if readInBatch.contains(g), let id = known[g] { return id }
        readInBatch.insert(g)
        if let bytes = ProcessSnapshot.memory(of: pid, at: g &+ goidOffset, count: 8) {
            let value = bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
            known[g] = value
            return value
        }
        return known[g]
    }

    func forgetBatch() { readInBatch.removeAll(keepingCapacity: true) }
}
