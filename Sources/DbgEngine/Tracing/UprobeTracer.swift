import CSys
import DbgProcess
import DbgSymbols
import Glibc

/// The uprobe trace backend: perf uprobe events on every probe of a plan, samples read
/// from their ring buffers, decoded and handed on in time order. The program never stops
/// for a probe: the kernel records the registers (and stack) and lets it go on.
///
/// Lossless unless asked otherwise: the ring buffers are emptied on a thread of their own
/// (`TraceSampleDrain`), and when the reader falls behind the program waits until it has
/// caught up, so that no event is dropped. A launched program is paused by a SIGSTOP whose
/// stops its tracer holds (it cannot tell); an attached one, not traced, by SIGSTOP and
/// SIGCONT to the process. `lossless: false` never pauses and counts what the kernel drops.
///
/// Everything runs on the calling thread, which must be one of ours (not the
/// cooperative pool's: it blocks in poll), and which becomes the launched program's
/// tracer. Not Sendable.
public final class UprobeTracer {
    public enum Program: Sendable {
        case launch(path: String, arguments: [String])
        case attach(pid: Int32)
    }

    public let plan: TracePlan
    public let includeReturns: Bool
    public let lossless: Bool

    /// Samples decoded and handed on at once.
    static let chunk = 4096

    public init(plan: TracePlan, includeReturns: Bool = true, lossless: Bool = true) {
        self.plan = plan
        self.includeReturns = includeReturns
        self.lossless = lossless
    }

    /// True when perf uprobes can be used here: the PMU exists and an event opens.
    public static var isAvailable: Bool { UprobePMU.type != nil }

    /// Traces until the program ends, or until `shouldStop` says so (Ctrl-C: a launched
    /// program is killed, an attached one left running with every probe removed).
    /// `emit` gets the events of each read, in time order.
    public func run(_ program: Program, shouldStop: () -> Bool, emit: (TraceEvents) -> Void) throws(TraceError) -> TraceSummary {
        let probes = Self.uprobes(for: plan, includeReturns: includeReturns)
        var launched: WatchedLaunch?
        let pid: Int32
        let binaryPath: String
        switch program {
        case .launch(let path, let arguments):
            do throws(ProcessError) {
                launched = try WatchedLaunch(path: path, arguments: arguments)
            } catch {
                throw TraceError(error.description)
            }
            pid = launched?.pid ?? 0
            binaryPath = path
        case .attach(let target):
            guard ProcessSnapshot.isAlive(target) else { throw TraceError("no process with id \(target)") }
            pid = target
            binaryPath = ProcessSnapshot.executablePath(of: target) ?? plan.image.path
        }
        let decoder = TraceDecoder(plan: plan, probes: probes, pid: pid, bias: LoadBias.of(plan.image, pid: pid, path: binaryPath))
        let threads = launched == nil ? ProcessSnapshot.threads(of: pid) : [pid]
        var watched = Set(threads)
        let events: UprobeEventSet
        do throws(PerfError) {
            events = try UprobeEventSet(
                path: binaryPath,
                probes: probes.map { probe in
                    UprobeSpec(
                        fileOffset: probe.fileOffset, stackBytes: decoder.stackBytes(for: probe),
                        isReturnProbe: probe.kind == .returning && probe.address == plan.functions[probe.function].entry)
                },
                threads: threads, dataPages: 4096)
        } catch {
            launched?.kill()  // stopped at exec: it has run none of its code
            _ = launched?.waitForEnd()
            throw TraceError(error.description, isBackendUnavailable: error.isUnavailable)
        }
        var counts = TraceCounts(plan: plan, probes: probes)
        var batch: [(probe: Int, sample: PerfSample)] = []
        let drain = TraceSampleDrain(events: events, pid: pid, lossless: lossless)
        // A lossless trace may pause an attached program (SIGSTOP): if dbg is killed then,
        // the guardian lets it go on.
        let guardian = launched == nil && lossless ? ProcessGuardian(pid: pid) : nil
        /// Each thread has its ring buffer, read one after the other: a sample taken just
        /// after one buffer was read can show up in a later buffer's sample's round. So
        /// only samples older than the round's start (less a millisecond, for samples
        /// stamped but not yet published) are handed on; the others wait for the next
        /// round, and the order stays the program's (a goroutine's call and return on
        /// two threads).
        func readAll(final: Bool = false) {
            let watermark = Self.monotonicNanoseconds() &- 1_000_000
            if final { drain.drainNow(everything: true) }
            batch += drain.take(holding: batch.count)
            guard !batch.isEmpty else { return }
            batch.sort { $0.sample.time < $1.sample.time }
            let ready = final ? batch.count : batch.prefix { $0.sample.time <= watermark }.count
            var start = 0
            while start < ready {
                let end = min(start + Self.chunk, ready)
                decoder.startBatch()
                var decoded = TraceEvents()
                decoded.reserveCapacity(end - start)
                for (index, sample) in batch[start..<end] {
                    counts.count(index)
                    decoder.decode(sample, probe: index, into: &decoded)
                }
                emit(decoded)
                start = end
            }
            batch.removeFirst(ready)
        }
        func resumeIfCaughtUp() {
            _ = drain.resumeIfCaughtUp(holding: batch.count) {
                if let launched { launched.releaseHeldStops() } else { kill(pid, SIGCONT) }
            }
        }

        drain.start()
        launched?.start()
        var exitStatus: Int32?
        var stopping = false
        while true {
            usleep(10_000)
            readAll()
            if !stopping && shouldStop() {
                stopping = true
                guard let launched else { break }  // attached: leave it running
                launched.kill()
            }
            if let launched {
                let state = launched.poll(holdingStops: drain.isPaused) { thread in drain.add(thread: thread) }
                resumeIfCaughtUp()
                switch state {
                case .running: continue
                case .exiting:
                    readAll(final: true)  // every sample is written: the program's threads are gone or going
                    launched.release()
                    continue
                case .ended(let status):
                    exitStatus = status
                }
            } else if ProcessSnapshot.isAlive(pid) {
                resumeIfCaughtUp()
                // Attached without ptrace, thread creation is not reported: look for new
                // threads at each round (their first milliseconds go untraced).
                for thread in ProcessSnapshot.threads(of: pid) where watched.insert(thread).inserted {
                    drain.add(thread: thread)
                }
                continue
            }
            break
        }
        drain.stop()
        readAll(final: true)
        if drain.isPaused, launched == nil { kill(pid, SIGCONT) }  // an attached program is left running
        guardian?.release()
        let lost = drain.lostSamples
        drain.close()
        return TraceSummary(counts: counts.perFunction, lost: lost, exitStatus: exitStatus)
    }

    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// The plan's probes as uprobes. Returns of Go functions are probed on their RET
    /// instructions, as the plan has them: a uretprobe swaps the return address on the
    /// stack, which Go's stack copying and tracebacks cannot follow. Returns of other
    /// functions use one uretprobe each (a return probe at the entry): on this kernel a
    /// uprobe on `ret` costs ~20 µs a hit (it is single-stepped out of line, a trap to
    /// the hypervisor), a uretprobe almost nothing (300,000 returns in 6.3 s against 1.3 s).
    static func uprobes(for plan: TracePlan, includeReturns: Bool) -> [TraceProbe] {
        var probes: [TraceProbe] = []
        for probe in plan.probes {
            let function = plan.functions[probe.function]
            switch probe.kind {
            case .call:
                probes.append(probe)
                guard includeReturns, !function.language.rules.returnsProbedAtReturnInstructions, !function.returnProbes.isEmpty,
                      let offset = plan.image.elf.fileOffset(of: function.entry)
                else { continue }
                probes.append(TraceProbe(kind: .returning, function: probe.function, address: function.entry, fileOffset: offset))
            case .returning:
                if includeReturns && function.language.rules.returnsProbedAtReturnInstructions { probes.append(probe) }
            }
        }
        return probes
    }
}
