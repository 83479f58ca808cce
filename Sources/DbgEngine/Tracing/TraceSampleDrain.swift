import CSys
import DbgProcess
import Glibc
import Synchronization

/// Empties a trace's perf ring buffers on a thread of its own, into memory, so that a
/// reader busy decoding, or blocked writing (a full pipe, a slow terminal, `| less`), never
/// leaves them to overflow. In a lossless trace it also makes the program wait (SIGSTOP to
/// the process) when what was read but not yet handed on piles up, or a ring buffer fills
/// past half; the reader lets it go on (`resumeIfCaughtUp`) once it has caught up.
///
/// The event set is shared with the reader, which adds threads to it: every use is under
/// one lock.
final class TraceSampleDrain: Sendable {
    typealias Sample = (probe: Int, sample: PerfSample)

    /// Samples read but not yet handed on past which the program is paused, and below which
    /// it goes on.
    static let backlogToPause = 200_000
    static let backlogToResume = 50_000
    /// The same for the fullest ring buffer's fill.
    static let fillToPause = 0.5
    static let fillToResume = 0.1

    private struct Collected {
        var samples: [Sample] = []
    }

    private let events: Mutex<UprobeEventSet>
    private let collected = Mutex(Collected())
    private let pid: Int32
    private let lossless: Bool
    private let isStopping = Atomic<Bool>(false)
    private let isFinished = Atomic<Bool>(false)
    private let paused = Atomic<Bool>(false)
    /// Samples the reader holds (taken, not yet handed on), for the pause decision.
    private let readerBacklog = Atomic<Int>(0)

    init(events: consuming sending UprobeEventSet, pid: Int32, lossless: Bool) {
        self.events = Mutex(events)
        self.pid = pid
        self.lossless = lossless
    }

    /// True while the program is paused for the reader.
    var isPaused: Bool { paused.load(ordering: .acquiring) }

    func start() {
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let drain = Unmanaged<TraceSampleDrain>.fromOpaque(argument).takeRetainedValue()
            csys_set_thread_name("dbg-trace-drain")
            // On a busy machine an ordinary thread can wait tens of milliseconds for a CPU,
            // long enough for a ring buffer to go from half full (where a lossless trace
            // pauses the program) to overflowing. Real-time, it runs as soon as it wakes;
            // its work is bounded (it pauses the program rather than grow without end).
            _ = csys_make_thread_realtime()
            drain.run()
            return nil
        }, retained)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<TraceSampleDrain>.fromOpaque(retained).release()
            isFinished.store(true, ordering: .releasing)  // the reader drains by itself (`drainNow`)
        }
    }

    /// Ends the thread, after a last drain of everything; returns once it is gone.
    func stop() {
        isStopping.store(true, ordering: .releasing)
        while !isFinished.load(ordering: .acquiring) { usleep(1000) }
        drainNow(everything: true)
    }

    /// The samples the kernel could not write (a lossy trace whose reader fell behind).
    var lostSamples: UInt64 { events.withLock { $0.lostSamples } }

    /// Watches one more thread of the program (before it runs).
    func add(thread: Int32) {
        events.withLock { events in try? events.add(thread: thread) }
    }

    func close() {
        events.withLock { $0.close() }
    }

    /// Everything read so far. `backlog`: the samples the reader still holds.
    func take(holding backlog: Int) -> [Sample] {
        let taken = collected.withLock { collected in
            defer { collected.samples = [] }
            return collected.samples
        }
        readerBacklog.store(backlog + taken.count, ordering: .releasing)
        return taken
    }

    /// The reader now holds `backlog` samples: when that and what waits here are few, and
    /// the ring buffers nearly empty, a paused program goes on. Returns true when it did.
    func resumeIfCaughtUp(holding backlog: Int, resume: () -> Void) -> Bool {
        readerBacklog.store(backlog, ordering: .releasing)
        guard isPaused else { return false }
        let waiting = collected.withLock { $0.samples.count }
        let fill = events.withLock { $0.fullestFill }
        guard backlog + waiting < Self.backlogToResume, fill < Self.fillToResume else { return false }
        paused.store(false, ordering: .releasing)
        resume()
        return true
    }

    /// Reads the ring buffers now (also from the reader's thread). A lossy trace whose
    /// reader is far behind leaves them to the kernel, which drops and counts what does not
    /// fit: memory stays bounded either way.
    func drainNow(everything: Bool = false) {
        if !lossless && !everything
            && collected.withLock({ $0.samples.count }) + readerBacklog.load(ordering: .acquiring) > Self.backlogToPause {
            return
        }
        var fresh: [Sample] = []
        let fill = events.withLock { events in
            events.drain { probe, sample in fresh.append((probe, sample)) }
            return events.fullestFill
        }
        let waiting = collected.withLock { collected in
            collected.samples += fresh
            return collected.samples.count
        }
        let backlog = waiting + readerBacklog.load(ordering: .acquiring)
        if lossless && !isPaused && (backlog > Self.backlogToPause || fill > Self.fillToPause) {
            paused.store(true, ordering: .releasing)
            kill(pid, SIGSTOP)
        }
    }

    private func run() {
        defer { isFinished.store(true, ordering: .releasing) }
        while !isStopping.load(ordering: .acquiring) {
            let descriptors = events.withLock { $0.buffers.map(\.descriptor) }
            var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 5)
            drainNow()
        }
    }
}
