import CSys
import DbgSymbols
import Glibc

/// Which thread an inject-backend event came from. The recorder writes the thread pointer
/// (fs base); dbg, the program's tracer, sees each new thread before it runs, with its
/// thread pointer, and notes from which event on (the ring's next sequence number) that
/// pointer means that thread: glibc gives a new thread the `struct pthread` (and so the
/// thread pointer) of one that ended, and the ended thread's last events may still be
/// unread. A pointer never seen (the first thread of a launched program, which sets it
/// after dbg has let it go) is looked up in the program: glibc's `struct pthread` holds the
/// kernel's thread id at 0x2d0 on x86-64 (since glibc 2.26), a Go thread's `m` its
/// `procid` (see `GoRuntimeLayout`); believed only if it names a thread of the program.
/// Not Sendable: the reader's.
final class ThreadPointerIDs {
    static let glibcThreadIDOffset: Int64 = 0x2d0

    private let pid: Int32
    /// Where a thread id may be from a thread pointer: glibc's, and the program's runtime's
    /// (a Go program's: `m.procid`).
    private let threadIDOffsets: [Int64]
    /// Per thread pointer, the threads that had it, each from an event sequence on.
    private var owners: [UInt64: [(thread: Int32, from: UInt64)]] = [:]
    /// The last answer, and the events it holds for (up to the next owner's first): a thread
    /// makes its events in runs, and a lookup per event would hash its pointer each time.
    private var last = (pointer: UInt64(0), thread: Int32(0), from: UInt64.max, until: UInt64(0))

    init(pid: Int32, image: BinaryImage) {
        self.pid = pid
        threadIDOffsets = [Self.glibcThreadIDOffset] + [GoRuntimeLayout(image: image)?.threadIDFromThreadPointer].compactMap { $0 }
    }

    /// `thread` has `pointer` for every event from `sequence` on, unless a living thread has
    /// it (a thread that sets its own pointer once it runs, as Go's do, starts with its
    /// creator's).
    func started(_ thread: Int32, pointer: UInt64, from sequence: UInt64) {
        if let owner = owners[pointer]?.last, access("/proc/\(pid)/task/\(owner.thread)", F_OK) == 0 { return }
        owners[pointer, default: []].append((thread, sequence))
        if pointer == last.pointer { last.until = min(last.until, sequence) }
    }

    /// The kernel thread id of the event `sequence` made with thread pointer `pointer`; 0 when
    /// it cannot be told (a program without glibc's threads, as a Go program without cgo).
    func threadID(_ pointer: UInt64, sequence: UInt64) -> Int32 {
        if pointer == last.pointer && last.from <= sequence && sequence < last.until { return last.thread }
        if let known = owners[pointer], let index = known.lastIndex(where: { $0.from <= sequence }) {
            last = (pointer, known[index].thread, known[index].from, index + 1 < known.count ? known[index + 1].from : UInt64.max)
            return known[index].thread
        }
        let thread = threadIDOffsets.lazy.compactMap { offset -> Int32? in
            var read: Int32 = 0
            guard pointer != 0, csys_read_process_memory(self.pid, pointer &+ UInt64(bitPattern: offset), &read, 4) == 4, read > 0,
                  access("/proc/\(self.pid)/task/\(read)", F_OK) == 0
            else { return nil }
            return read
        }.first ?? 0
        // Remembered either way: a pointer that does not lead to a thread id now never will,
        // and reading for each event would cost a system call.
        owners[pointer, default: []].insert((thread, 0), at: 0)
        return thread
    }
}
