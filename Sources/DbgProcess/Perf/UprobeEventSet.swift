import CSys
import Glibc

/// One probed instruction: where it is in the binary file, and how much user stack its
/// samples need (0: registers are enough).
public struct UprobeSpec: Sendable, Hashable {
    public var fileOffset: UInt64
    public var stackBytes: UInt32

    public init(fileOffset: UInt64, stackBytes: UInt32 = 0) {
        self.fileOffset = fileOffset
        self.stackBytes = stackBytes
    }
}

/// What a drain of the ring buffers found: a sample of probe `probe`, or lost records.
public enum UprobeRecord {
    case sample(probe: Int, PerfSample)
    case lost(count: UInt64)
}

/// The perf events of a trace: one uprobe event per probe, per watched thread and per CPU,
/// with `inherit` so that threads created later are watched too. The kernel refuses to
/// mmap an inherited event that may run on any CPU (all threads would write one buffer),
/// so, as `perf record` does, events are per CPU, and each CPU's events write into one
/// ring buffer (PERF_EVENT_IOC_SET_OUTPUT). Owned by the reader thread: not Sendable.
public final class UprobeEventSet {
    public let buffers: [PerfRingBuffer]
    private let descriptors: [Int32]
    private let probeOfEvent: [UInt64: Int]
    private let probeHasStack: [Bool]
    private let registerCount = PerfRegister.allCases.count

    /// True when threads the program creates later are traced too (see `UprobePathAnchor`).
    public let followsNewThreads: Bool

    /// Opens the events of `probes` in the binary at `path` for `threads` (a launched
    /// program's pid before it runs, or every thread of an attached one). `dataPages` (a
    /// power of two) is each ring buffer's size in pages.
    ///
    /// Inherited events need the path at an address valid in the program too; without one,
    /// each thread gets events of its own (any CPU, its own ring buffer) and threads
    /// created later are not traced.
    public init(path: String, probes: [UprobeSpec], threads: [Int32], dataPages: Int = 2048) throws(PerfError) {
        guard let pmu = UprobePMU.type else { throw PerfError("this kernel has no uprobe PMU (\(UprobePMU.typePath))") }
        let anchor = threads.first.flatMap { UprobePathAnchor(pid: $0, path: path) }
        var descriptors: [Int32] = []
        var buffers: [PerfRingBuffer] = []
        var probeOfEvent: [UInt64: Int] = [:]
        func cleanUp() { descriptors.forEach { _ = Glibc.close($0) } }
        // Inherited: per CPU, every thread's events into that CPU's buffer. Not inherited:
        // per thread, on any CPU, into that thread's buffer.
        var groups: [[(thread: Int32, cpu: Int32)]] = []
        if anchor != nil {
            for cpu in UprobePMU.onlineCPUs { groups.append(threads.map { (thread: $0, cpu: cpu) }) }
        } else {
            for thread in threads { groups.append([(thread: thread, cpu: -1)]) }
        }
        let keepPath = Array(path.utf8CString)
        for group in groups {
            var output: Int32 = -1
            for (thread, cpu) in group {
                for (index, probe) in probes.enumerated() {
                    let fd: Int32 = keepPath.withUnsafeBufferPointer { (own: UnsafeBufferPointer<CChar>) -> Int32 in
                        var pointer: UnsafePointer<CChar>? = own.baseAddress
                        if let anchor { pointer = UnsafePointer<CChar>(bitPattern: UInt(anchor.address)) }
                        return Self.open(pmu: pmu, path: pointer, probe: probe, thread: thread, cpu: cpu, inherit: anchor != nil)
                    }
                    if fd < 0 {
                        if fd == -ESRCH && thread != threads.first { break }  // a thread that just ended
                        cleanUp()
                        throw PerfError(Self.explain(-fd, offset: probe.fileOffset))
                    }
                    descriptors.append(fd)
                    var id: UInt64 = 0
                    if csys_perf_event_id(fd, &id) == 0 { probeOfEvent[id] = index }
                    if output < 0 {
                        do throws(PerfError) {
                            buffers.append(try Self.mapBuffer(fd, dataPages: anchor != nil ? dataPages : max(8, dataPages / 4)))
                        } catch {
                            cleanUp()
                            throw error
                        }
                        output = fd
                    } else {
                        let status = csys_perf_set_output(fd, output)
                        if status != 0 {
                            cleanUp()
                            throw PerfError("cannot share a perf ring buffer: \(String(cString: strerror(-status)))")
                        }
                    }
                }
            }
        }
        self.descriptors = descriptors
        self.buffers = buffers
        self.probeOfEvent = probeOfEvent
        self.probeHasStack = probes.map { $0.stackBytes > 0 }
        self.followsNewThreads = anchor != nil
    }

    deinit { close() }

    /// Closes every event: the kernel removes the uprobes, the program runs on untouched.
    public func close() {
        for fd in descriptors { _ = Glibc.close(fd) }
    }

    /// Reads every buffer's new records, in buffer order (the caller orders by time).
    public func drain(_ handle: (UprobeRecord) -> Void) {
        for buffer in buffers {
            buffer.drain { type, body in
                switch type {
                case UInt32(CSYS_PERF_RECORD_SAMPLE):
                    guard body.count >= 8 else { return }
                    let id = body.loadUnaligned(as: UInt64.self)
                    guard let probe = probeOfEvent[id],
                          let sample = PerfSample(body: body, registerCount: registerCount, hasStack: probeHasStack[probe])
                    else { return }
                    handle(.sample(probe: probe, sample))
                case UInt32(CSYS_PERF_RECORD_LOST):
                    guard body.count >= 16 else { return }
                    handle(.lost(count: body.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                default:
                    break
                }
            }
        }
    }

    /// Waits until a buffer has data past its watermark or `milliseconds` pass.
    public func wait(milliseconds: Int32) {
        var fds = buffers.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
    }

    private static func open(
        pmu: UInt32, path: UnsafePointer<CChar>?, probe: UprobeSpec, thread: Int32, cpu: Int32, inherit: Bool
    ) -> Int32 {
        do {
            var request = csys_uprobe_request(
                pmu_type: pmu, path: path, file_offset: probe.fileOffset, is_return_probe: 0,
                sample_type: UInt64(CSYS_PERF_SAMPLE_IDENTIFIER | CSYS_PERF_SAMPLE_TID | CSYS_PERF_SAMPLE_TIME
                    | CSYS_PERF_SAMPLE_REGS_USER | (probe.stackBytes > 0 ? CSYS_PERF_SAMPLE_STACK_USER : 0)),
                sample_regs_user: PerfRegister.sampleMask, sample_stack_user: probe.stackBytes, inherit: inherit ? 1 : 0,
                pid: thread, cpu: cpu, wakeup_bytes: 65536)
            return csys_perf_open_uprobe(&request)
        }
    }

    private static func mapBuffer(_ fd: Int32, dataPages: Int) throws(PerfError) -> PerfRingBuffer {
        var pages = dataPages
        while true {
            do throws(PerfError) {
                return try PerfRingBuffer(descriptor: fd, dataPages: pages)
            } catch {
                // Over the locked-memory allowance (perf_event_mlock_kb): try smaller.
                guard pages > 8 else { throw error }
                pages /= 2
            }
        }
    }

    private static func explain(_ error: Int32, offset: UInt64) -> String {
        let reason = String(cString: strerror(error))
        switch error {
        case EACCES, EPERM:
            return "perf_event_open is not allowed here (\(reason); see /proc/sys/kernel/perf_event_paranoid)"
        default:
            return "cannot open a uprobe at file offset 0x\(String(offset, radix: 16)): \(reason)"
        }
    }
}
