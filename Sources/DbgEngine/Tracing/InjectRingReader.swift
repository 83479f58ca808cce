import DbgProcess

/// Turns the inject backend's ring records into trace events, a chunk at a time. A struct
/// worked on in place: its state is reached without the reference counting and dynamic
/// exclusivity checks that variables captured by the tracer's closures cost, for each of
/// millions of events.
struct InjectRingReader {
    let probes: [TraceProbe]
    let decoder: TraceDecoder
    let threads: ThreadPointerIDs
    let clock: TimeStampClock
    let bias: UInt64
    var counts: TraceCounts
    private(set) var events = TraceEvents()
    /// The decoder's form of an event that needs more than numbers: one, reused (no arrays
    /// made per event).
    private var sample: PerfSample

    init(probes: [TraceProbe], decoder: TraceDecoder, threads: ThreadPointerIDs, clock: TimeStampClock, bias: UInt64,
         counts: TraceCounts, chunk: Int) {
        self.probes = probes
        self.decoder = decoder
        self.threads = threads
        self.clock = clock
        self.bias = bias
        self.counts = counts
        events.reserveCapacity(chunk)
        sample = PerfSample(
            pid: 0, tid: 0, time: 0, registerValues: [UInt64](repeating: 0, count: PerfRegister.allCases.count),
            vectorRegisters: [UInt64](repeating: 0, count: 8))
    }

    /// Decodes up to `limit` complete records of `ring` into `events`; how many it took.
    mutating func take(from ring: InjectRing, limit: Int) -> Int {
        // Held here for the whole chunk, not fetched (and counted) from self for each event.
        let (probes, decoder, threads, clock, bias) = (probes, decoder, threads, clock, bias)
        return ring.consume(limit: limit) { record in
            let probe = record.probe
            guard probe < probes.count else { return }
            let thread = threads.threadID(record.threadPointer, sequence: record.sequence)
            let time = clock.nanoseconds(record.timeStampCounter)
            if !decoder.appendNumbers(record, probe: probe, thread: thread, time: time, into: &events) {
                Self.fill(&sample, from: record, probe: probes[probe], bias: bias, tid: thread, time: time)
                decoder.decode(sample, probe: probe, into: &events, strings: Self.copiedStrings(record))
            }
            counts.count(probe)
        }
    }

    /// The events decoded since the last call.
    mutating func takeEvents(_ body: (TraceEvents) -> Void) {
        guard !events.isEmpty else { return }
        body(events)
        events.removeAll()
    }

    /// The C strings the recorder copied at the event, each at the address its register held.
    private static func copiedStrings(_ record: InjectRecord) -> [SampleMemory.Copy] {
        let mask = record.stringRegisterMask
        guard mask != 0 else { return [] }
        var copies: [SampleMemory.Copy] = []
        for (bit, register) in InjectRecord.stringRegisters.enumerated() where mask & (1 << UInt32(bit)) != 0 {
            guard copies.count < InjectRecord.copiedStringCount else { break }
            copies.append(SampleMemory.Copy(address: record.register(register), bytes: record.copiedString(copies.count)))
        }
        return copies
    }

    /// Fills `sample` from a ring record.
    private static func fill(_ sample: inout PerfSample, from record: InjectRecord, probe: TraceProbe, bias: UInt64, tid: Int32, time: UInt64) {
        sample.tid = tid
        sample.time = time
        for register in PerfRegister.allCases { sample.registers[register.sampleIndex] = record.register(register) }
        sample.registers[PerfRegister.rip.sampleIndex] = probe.address.value &+ bias
        for index in 0..<8 { sample.vectorRegisters[index] = record.vectorRegister(index) }
        sample.stack.removeAll(keepingCapacity: true)
        if probe.kind == .call, record.hasStackWords {
            // The stack from rsp: the return address (not copied), then the three words above it.
            sample.stack.append(contentsOf: repeatElement(0, count: 8))
            for index in 0..<3 { withUnsafeBytes(of: record.stackWord(index).littleEndian) { sample.stack += $0 } }
        }
    }
}
