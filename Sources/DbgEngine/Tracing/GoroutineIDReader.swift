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
    /// Where `g.stack.lo` is in a g (`g.stack.hi` follows it).
    private let stackOffset: UInt64?
    /// Ids already read, by g: a g outlives its goroutine only to be reused by a new one,
    /// so each batch of samples reads afresh; this answers once the process is gone.
    private var known: [UInt64: Int64] = [:]
    /// The g read in this batch (a batch's samples were all taken before it is read).
    private var readInBatch: Set<UInt64> = []

    init(pid: Int32, image: BinaryImage) {
        self.pid = pid
        let layout = GoRuntimeLayout(image: image)
        goidOffset = layout.map { UInt64($0.goid) }
        stackOffset = layout.flatMap { $0.stackHi == $0.stackLo + 8 ? UInt64($0.stackLo) : nil }
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

    /// The stack of the goroutine whose g is at `g`, as it is now; nil when it cannot be read.
    func stack(g: UInt64) -> Range<UInt64>? {
        guard let stackOffset, g != 0, let bytes = ProcessSnapshot.memory(of: pid, at: g &+ stackOffset, count: 16) else { return nil }
        let (lo, hi) = bytes.withUnsafeBytes { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
        return lo < hi ? lo..<hi : nil
    }

    func forgetBatch() { readInBatch.removeAll(keepingCapacity: true) }
}
