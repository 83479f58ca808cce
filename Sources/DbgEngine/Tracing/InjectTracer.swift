import CSys
import DbgProcess
import DbgSymbols
import Glibc

/// The inject trace backend: each probed instruction is patched with a jump to a stub in a
/// code area dbg maps into the program; the stub calls the probe recorder
/// (`probe-recorder.s`), which writes the event into a ring shared with dbg, then runs the
/// displaced instructions and jumps back. No trap, no system call, no stop per event: the
/// program runs at nearly its own speed. Lossless: when the ring is full the recorder waits
/// for dbg to read (see `InjectRing`).
///
/// dbg stays the program's tracer (ptrace) for what is not per event: new threads, signals,
/// forked children (given the original code back), the detach at Ctrl-C (the original code
/// back, every thread out of the area, the areas unmapped).
///
/// Runs on the calling thread, which becomes the tracer (not the cooperative pool's: it
/// polls and sleeps). Not Sendable.
public final class InjectTracer {
    public let plan: TracePlan
    public let includeReturns: Bool
    /// The probes installed, and the patch of each that can be patched.
    private let probes: [TraceProbe]
    private let patches: [ProbePatch]
    private let refused: [ProbePatch.Refusal]

    /// Events decoded and handed on at once.
    static let chunk = 4096

    /// Plans every probe's patch (disassembling each traced function).
    public init(plan: TracePlan, includeReturns: Bool = true) {
        self.plan = plan
        self.includeReturns = includeReturns
        probes = plan.probes.filter { includeReturns || $0.kind == .call }
        (patches, refused) = ProbePatch.plan(probes, of: plan)
    }

    /// The functions of the plan this backend cannot trace, each with why: one of its probes
    /// cannot be patched (a branch lands inside its first five bytes, a return has fewer
    /// than five bytes of straight-line code before it).
    public var unpatchable: [String] { refused.map(\.description) }

    public func run(_ program: UprobeTracer.Program, stop: TraceStopControl, emit: (TraceEvents) -> Void)
        throws(TraceError) -> TraceSummary
    {
        let probes = self.probes
        // A probe's number has the stub's word's low 24 bits (the others are flags).
        guard probes.count < 1 << 24 else { throw TraceError("too many probes for the inject backend: \(probes.count)") }
        guard !patches.isEmpty else {
            throw TraceError("no function can be patched: " + refused.map(\.description).joined(separator: "; "))
        }
        let clockStart = TimeStampClock.Start()  // calibrated over the set-up below
        let (session, bias) = try TracepointSession.start(program, image: plan.image)
        let pid = session.pid
        let decoder = TraceDecoder(plan: plan, probes: probes, pid: pid, bias: bias)
        let ring: InjectRing
        do throws(TraceError) {
            ring = try install(patches, probes: probes, in: session, bias: bias, decoder: decoder)
        } catch {
            if session.isLaunched { session.kill() } else { session.detach() }
            throw error
        }
        let threads = ThreadPointerIDs(pid: pid, image: plan.image)
        for (thread, pointer) in session.threadPointers() where pointer != 0 { threads.started(thread, pointer: pointer, from: 0) }
        var reader = InjectRingReader(
            probes: probes, decoder: decoder, threads: threads, clock: TimeStampClock(from: clockStart), bias: bias,
            counts: TraceCounts(plan: plan, probes: probes), chunk: Self.chunk)
        var lastBatch: UInt64 = 0
        /// Takes what the ring holds, in order, and hands it on: the events reserved so far
        /// (more may come meanwhile from threads that run: they are left for later), or while
        /// the program runs, so that its other events are seen too, a few chunks at most.
        func drain(everything: Bool = true) {
            let end = ring.reservedCount
            var rounds = everything ? Int.max : 8
            while ring.consumedCount < end && rounds > 0 {
                rounds -= 1
                // Goroutine ids are read from the g of each event, afresh every millisecond
                // (a g is reused only by a goroutine started after its last one ended): not
                // for each small read of the ring, which would read each g every time.
                let now = csys_monotonic_ns()
                if now &- lastBatch > 1_000_000 {
                    decoder.startBatch()
                    lastBatch = now
                }
                let taken = reader.take(from: ring, limit: Self.chunk)
                reader.takeEvents(emit)
                if taken == 0 { return }  // the next event is still being written
            }
        }
        stop.setWaker { TracepointSession.interrupt(pid: pid) }
        defer { stop.setWaker(nil) }
        session.start()
        var exitStatus: Int32?
        var idleRounds = 0
        var lastSeccompCheck: UInt64 = 0
        loop: while true {
            // Strings are copied by a system call: only while the program has no seccomp
            // filter (checked every 10 ms; a filter never goes away).
            if ring.copiesStrings, case let now = csys_monotonic_ns(), now &- lastSeccompCheck > 10_000_000 {
                lastSeccompCheck = now
                if ProcessSnapshot.seccompMode(of: pid) != 0 { ring.copiesStrings = false }
            }
            let before = ring.backlog
            drain(everything: false)
            // A new thread's pointer means it from the events reserved after now; what a thread
            // wrote is read before it is gone (its thread id and its goroutines' are read from
            // its memory).
            let event = session.next(
                shouldStop: { stop.isRequested }, waiting: false,
                threadStarted: { thread, pointer in threads.started(thread, pointer: pointer, from: ring.reservedCount) },
                threadExiting: { _ in drain(everything: true) })
            switch event {
            case .idle:
                // Nothing from the program, nothing in the ring: wait a little longer each
                // round (up to 2 ms), so an idle program costs dbg nothing much.
                if before == 0 {
                    idleRounds = min(idleRounds + 1, 20)
                    usleep(useconds_t(100 * idleRounds))
                } else {
                    idleRounds = 0
                }
            case .hit(let hit):
                session.resume(hit)  // none of ours: there are no int3s
            case .ended(let status):
                exitStatus = status
                break loop
            case .interrupted:
                if session.isLaunched {
                    session.kill()
                    exitStatus = 128 + SIGKILL
                } else {
                    session.detach(draining: { drain(everything: true) })
                }
                break loop
            }
        }
        drain()
        var incomplete: UInt64 = 0
        while ring.skipIncomplete() {
            incomplete += 1
            drain()
        }
        return TraceSummary(counts: reader.counts.perFunction, lost: incomplete, exitStatus: exitStatus)
    }

    /// Maps the code area (near the binary: the patches' jumps reach 2 GiB) and the ring,
    /// writes the recorder and the stubs, then the patches, every thread stopped.
    private func install(_ patches: [ProbePatch], probes: [TraceProbe], in session: TracepointSession, bias: UInt64,
                         decoder: TraceDecoder) throws(TraceError) -> InjectRing
    {
        let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let stubs = UInt64(ProbeRecorderCode.stubsOffset)
        let size = (stubs + UInt64(patches.count * ProbeStub.slotSize) + pageSize - 1) & ~(pageSize - 1)
        let hint = plan.areaHint(bias: bias, pageSize: pageSize)
        let area: UInt64
        let ring: InjectRing
        var recorder = ProbeRecorderCode.bytes
        do throws(ProcessError) {
            area = try session.mapCodeArea(size: Int(size), near: hint)
            try session.write(Array("dbg-trace-ring".utf8) + [0], at: area &+ stubs)  // memfd_create's name, for a moment
            let shared = try session.mapSharedRing(
                size: InjectRing.headerSize + InjectRing.defaultCapacity * InjectRing.slotSize, name: area &+ stubs)
            ring = try InjectRing(descriptor: shared.descriptor, program: session.pid)
            ring.copiesStrings = ProcessSnapshot.seccompMode(of: session.pid) == 0
            recorder += withUnsafeBytes(of: shared.address.littleEndian) { Array($0) }
        } catch {
            throw TraceError("cannot map the probes' code and ring in the program: \(error)")
        }
        if csys_has_fsgsbase() == 0 {
            let at = ProbeRecorderCode.threadPointerOffset
            recorder.replaceSubrange(at..<at + ProbeRecorderCode.fallbackThreadPointer.count, with: ProbeRecorderCode.fallbackThreadPointer)
        }
        var code: [(address: UInt64, bytes: [UInt8])] = [(area, recorder)]
        var jumps: [(address: UInt64, bytes: [UInt8])] = []
        for (index, patch) in patches.enumerated() {
            let stub = area &+ stubs &+ UInt64(index * ProbeStub.slotSize)
            func word(_ probe: Int) -> UInt32 {
                UInt32(probe) | (decoder.stackBytes(for: probes[probe]) > 0 ? 0x8000_0000 : 0)
                    | decoder.stringRegisterMask(for: probe) << 24
            }
            do throws(ProbeStub.Failure) {
                code.append((stub, try ProbeStub.bytes(
                    for: patch, word: word(patch.probe), returnWord: patch.returnProbe.map(word), at: stub, bias: bias, recorder: area)))
                jumps.append((patch.start &+ bias, try ProbeStub.jump(from: patch.start &+ bias, to: stub)))
            } catch {
                throw TraceError("\(plan.functions[probes[patch.probe].function].name): \(error)")
            }
        }
        do throws(ProcessError) {
            for piece in code { try session.write(piece.bytes, at: piece.address) }
            try session.installPatches(jumps)
        } catch {
            throw TraceError("cannot install the probes: \(error)")
        }
        return ring
    }
}
