import CSys
import Glibc

/// One probed instruction: where it is in the binary file, how much user stack its
/// samples need (0: registers are enough), and whether it is a return probe (a
/// uretprobe: the kernel swaps the return address at the function's entry for a
/// trampoline of its own and samples when the function returns there).
public struct UprobeSpec: Sendable, Hashable {
    public var fileOffset: UInt64
    public var stackBytes: UInt32
    public var isReturnProbe: Bool

    public init(fileOffset: UInt64, stackBytes: UInt32 = 0, isReturnProbe: Bool = false) {
        self.fileOffset = fileOffset
        self.stackBytes = stackBytes
        self.isReturnProbe = isReturnProbe
    }
}

/// The perf events of a trace: one uprobe event per probe and per watched thread (on any
/// CPU), each thread's events writing into one ring buffer of that thread.
///
/// Not `inherit`: an inherited uprobe event re-reads the binary's path through a pointer
/// in the *program's* address space at each clone (EFAULT: the program's thread creation
/// fails), and on this kernel the inherited copies' teardown at a thread's exit removes
/// the breakpoint from the whole process (calls in other threads went missing). So the
/// launcher follows thread creation and adds each new thread here before it runs (for an
/// attached program, the tracer finds new threads in /proc at each read).
/// Owned by the reader thread: not Sendable.
public final class UprobeEventSet {
    public private(set) var buffers: [PerfRingBuffer] = []
    private var descriptors: [Int32] = []
    private var probeOfEvent: [UInt64: Int] = [:]
    private let probeHasStack: [Bool]
    private let registerCount = PerfRegister.allCases.count
    private let pmu: UInt32
    private let path: [CChar]
    private let probes: [UprobeSpec]
    private let dataPages: Int

    /// Opens the events of `probes` in the binary at `path` for `threads`. `dataPages` (a
    /// power of two) is each thread's ring buffer size in pages.
    public init(path: String, probes: [UprobeSpec], threads: [Int32], dataPages: Int = 1024) throws(PerfError) {
        guard let pmu = UprobePMU.type else {
            throw PerfError("this kernel has no uprobe PMU (\(UprobePMU.typePath))", isUnavailable: true)
        }
        self.pmu = pmu
        self.path = Array(path.utf8CString)
        self.probes = probes
        self.dataPages = dataPages
        probeHasStack = probes.map { $0.stackBytes > 0 }
        for (index, thread) in threads.enumerated() {
            do throws(PerfError) {
                try add(thread: thread)
            } catch {
                if index == 0 { throw error }  // later threads may have ended meanwhile
            }
        }
    }

    deinit { close() }

    /// Watches one more thread (a new thread of a launched program, before it runs).
    public func add(thread: Int32) throws(PerfError) {
        var opened: [Int32] = []
        var buffer: PerfRingBuffer?
        func cleanUp() { opened.forEach { _ = Glibc.close($0) } }
        for (index, probe) in probes.enumerated() {
            let fd = path.withUnsafeBufferPointer { Self.open(pmu: pmu, path: $0.baseAddress, probe: probe, thread: thread) }
            guard fd >= 0 else {
                cleanUp()
                throw PerfError(Self.explain(-fd, offset: probe.fileOffset), isUnavailable: [EACCES, EPERM, ENOSYS].contains(-fd))
            }
            opened.append(fd)
            var id: UInt64 = 0
            if csys_perf_event_id(fd, &id) == 0 { probeOfEvent[id] = index }
            if let output = buffer?.descriptor {
                // The buffer must be mapped before others can be redirected into it.
                let status = csys_perf_set_output(fd, output)
                guard status == 0 else {
                    cleanUp()
                    throw PerfError("cannot share a perf ring buffer: \(String(cString: strerror(-status)))")
                }
            } else {
                do throws(PerfError) {
                    buffer = try Self.mapBuffer(fd, dataPages: dataPages)
                } catch {
                    cleanUp()
                    throw error
                }
            }
        }
        if let buffer { buffers.append(buffer) }
        descriptors += opened
    }

    /// The samples the kernel could not write (full buffers), every event together: exact,
    /// where the lost records come late or not at all.
    public var lostSamples: UInt64 {
        descriptors.reduce(0) { total, fd in
            var lost: UInt64 = 0
            return csys_perf_lost_samples(fd, &lost) == 0 ? total &+ lost : total
        }
    }

    /// Closes every event: the kernel removes the uprobes, the program runs on untouched.
    public func close() {
        for fd in descriptors { _ = Glibc.close(fd) }
        descriptors = []
    }

    /// The fill of the fullest buffer, 0 to 1.
    public var fullestFill: Double { buffers.map(\.fill).max() ?? 0 }

    /// Reads every buffer's new records, in buffer order (the caller orders by time).
    /// (Lost records are skipped: `lostSamples` counts what was lost, exactly.)
    public func drain(_ handle: (_ probe: Int, _ sample: PerfSample) -> Void) {
        for buffer in buffers {
            buffer.drain { type, body in
                switch type {
                case UInt32(CSYS_PERF_RECORD_SAMPLE):
                    guard body.count >= 8 else { return }
                    let id = body.loadUnaligned(as: UInt64.self)
                    guard let probe = probeOfEvent[id],
                          let sample = PerfSample(body: body, registerCount: registerCount, hasStack: probeHasStack[probe])
                    else { return }
                    handle(probe, sample)
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

    private static func open(pmu: UInt32, path: UnsafePointer<CChar>?, probe: UprobeSpec, thread: Int32) -> Int32 {
        do {
            var request = csys_uprobe_request(
                pmu_type: pmu, path: path, file_offset: probe.fileOffset, is_return_probe: probe.isReturnProbe ? 1 : 0,
                sample_type: UInt64(CSYS_PERF_SAMPLE_IDENTIFIER | CSYS_PERF_SAMPLE_TID | CSYS_PERF_SAMPLE_TIME
                    | CSYS_PERF_SAMPLE_REGS_USER | (probe.stackBytes > 0 ? CSYS_PERF_SAMPLE_STACK_USER : 0)),
                sample_regs_user: PerfRegister.sampleMask, sample_stack_user: probe.stackBytes, inherit: 0,
                pid: thread, cpu: -1, wakeup_bytes: 65536)
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
