import DbgProcess
import DbgSymbols
import Glibc

/// The ptrace trace backend: an int3 on every probe, each hit one stop of the thread that
/// hit it (the others run on), the displaced instruction run out of line from a scratch
/// area in the program (see `DisplacedInstruction`, `TracepointSession`). Slower than the
/// uprobe backend by the cost of a ptrace stop per event, but needs no perf, and can show
/// each call's stack (`stackDepth`).
///
/// Runs on the calling thread, which becomes the tracer (not the cooperative pool's: it
/// blocks in waitpid). Not Sendable.
public final class PtraceTracer {
    public let plan: TracePlan
    public let includeReturns: Bool
    public let stackDepth: Int

    public init(plan: TracePlan, includeReturns: Bool = true, stackDepth: Int = 0) {
        self.plan = plan
        self.includeReturns = includeReturns
        self.stackDepth = stackDepth
    }

    public func run(_ program: UprobeTracer.Program, stop: TraceStopControl, emit: (TraceEvents) -> Void)
        throws(TraceError) -> TraceSummary
    {
        let (session, bias) = try TracepointSession.start(program, image: plan.image)
        let pid = session.pid
        let probes = plan.probes.filter { includeReturns || $0.kind == .call }
        var probeAt: [UInt64: Int] = [:]
        do throws(TraceError) {
            try install(probes, in: session, bias: bias, pid: pid, into: &probeAt)
        } catch {
            if session.isLaunched { session.kill() } else { session.detach() }
            throw error
        }
        let decoder = TraceDecoder(plan: plan, probes: probes, pid: pid, bias: bias)
        decoder.decodesAtTheEvent = true
        let stack = FramePointerStack(image: plan.image, bias: bias, memory: SampleMemory(pid: pid, stack: [], stackBase: 0))
        var counts = TraceCounts(plan: plan, probes: probes)
        var events = TraceEvents()
        var lastEmit = UprobeTracer.monotonicNanoseconds()
        stop.setWaker { TracepointSession.interrupt(pid: pid) }
        defer { stop.setWaker(nil) }
        session.pinToOneCPU()
        defer { session.restoreCPUs() }
        session.start()
        var exitStatus: Int32?
        loop: while true {
            switch session.next(shouldStop: { stop.isRequested }) {
            case .hit(let hit):
                guard let index = probeAt[hit.address] else {
                    session.resume(hit)
                    continue
                }
                let probe = probes[index]
                let time = UprobeTracer.monotonicNanoseconds()
                let vectors = decoder.needsVectorRegisters(index) ? session.vectorRegisters(of: hit.thread) ?? [] : []
                let sample = PerfSample(pid: pid, tid: hit.thread, time: time, registers: hit.registers, vectorRegisters: vectors)
                decoder.startBatch()  // the thread is stopped: its g reads exact now
                let frames = probe.kind == .call
                    ? stack.frames(pc: hit.address, rsp: hit.registers.rsp, rbp: hit.registers.rbp, depth: stackDepth) : []
                decoder.decode(sample, probe: index, into: &events, stack: frames)
                session.resume(hit)
                counts.count(index)
                if events.count >= 512 || time &- lastEmit > 50_000_000 {
                    emit(events)
                    events.removeAll()
                    lastEmit = time
                }
            case .ended(let status):
                exitStatus = status
                break loop
            case .idle:
                continue
            case .interrupted:
                if session.isLaunched {
                    session.kill()
                    exitStatus = 128 + SIGKILL
                } else {
                    session.detach()
                }
                break loop
            }
        }
        if !events.isEmpty { emit(events) }
        return TraceSummary(counts: counts.perFunction, lost: 0, exitStatus: exitStatus)
    }

    /// Scratch slots for the probes near the binary (RIP-relative copies must reach their
    /// operands), then the int3s.
    private func install(_ probes: [TraceProbe], in session: TracepointSession, bias: UInt64, pid: Int32,
                         into probeAt: inout [UInt64: Int]) throws(TraceError) {
        let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let size = (UInt64(probes.count) * DisplacedPlan.slotSize + pageSize - 1) & ~(pageSize - 1)
        let hint = plan.areaHint(bias: bias, pageSize: pageSize)
        let scratch: UInt64
        do throws(ProcessError) {
            scratch = try session.mapScratch(size: Int(size), near: hint)
        } catch {
            throw TraceError("cannot map the scratch area for out-of-line execution: \(error)")
        }
        for (index, probe) in probes.enumerated() {
            let address = probe.address.value &+ bias
            guard let bytes = session.read(at: address, count: 15) else {
                throw TraceError("cannot read the code at 0x\(String(address, radix: 16))")
            }
            let slot = scratch &+ UInt64(index) * DisplacedPlan.slotSize
            do {
                let plan = try DisplacedInstruction(bytes: bytes, address: address).plan(slot: slot)
                if !plan.slotBytes.isEmpty { try session.write(plan.slotBytes, at: slot) }
                try session.insert(at: address, step: plan.step)
            } catch {
                throw TraceError("\(plan.functions[probe.function].name): \(error)")
            }
            probeAt[address] = index
        }
    }
}
