import CSys
import DbgProcess

/// Where each event's thread's stack is, for traces read after the event (inject, uprobe):
/// a value there beyond the sampled bytes is not read late. The stack below a returned
/// call is the next call's frame at once: a C string a function built in a local buffer
/// (Lua's `pushstr` of "LUA_PATH_5_4") read a moment later was another frame's bytes. The
/// program's mappings are read once and again only when a stack pointer lies in none of
/// those known (a new thread's stack), at most once per 10 ms. Not Sendable: the reader's.
final class EventStacks {
    private let pid: Int32
    private var regions: [MemoryRegion] = []
    private var lastRead: UInt64 = 0

    init(pid: Int32) { self.pid = pid }

    /// The mapping that holds `stackPointer`, nil when none does.
    func stack(holding stackPointer: UInt64) -> Range<UInt64>? {
        if let found = regions.first(where: { $0.contains(stackPointer) }) { return found.start..<found.end }
        let now = csys_monotonic_ns()
        guard now &- lastRead > 10_000_000 || regions.isEmpty else { return nil }
        lastRead = now
        regions = ProcessSnapshot.memoryMap(of: pid).filter { $0.isWritable && !$0.isShared }
        return regions.first { $0.contains(stackPointer) }.map { $0.start..<$0.end }
    }
}
