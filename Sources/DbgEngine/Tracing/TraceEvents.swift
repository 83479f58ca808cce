/// Traced calls and returns, in the order the program made them, as columns: what every
/// backend hands on, a batch at a time. Most events' values are plain integers or pointers
/// in registers: they are kept as words, and what their probe's events share (function,
/// names, how each word is shown) once, in a `NumbersLayout`; such an event holds nothing counted by
/// reference, so a batch of a million costs no reference counting. The other events are
/// whole `TraceEvent`s (`detailed`).
public struct TraceEvents: Sendable {
    /// What every event of one probe whose values are numbers shares.
    public struct NumbersLayout: Sendable {
        public var kind: TraceEvent.Kind
        public var function: String
        /// Whether the line names the values (Delve names C's arguments, not Go's).
        public var namesValues: Bool
        public var names: [String]
        public var forms: [NumberForm]
    }

    /// How a word is shown.
    public enum NumberForm: Sendable {
        /// A sign-extended word, shown as an Int64.
        case signed
        case unsigned
        /// A pointer shown by its address: as the loader loads `nilValue` when it is 0, else as
        /// it loads `sample` (whose address is `sampleAddress`) with the word for that address.
        case pointer(nilValue: LoadedValue, sample: LoadedValue, sampleAddress: UInt64)
    }

    /// Per event: the probe's number (in the backend's list of probes).
    public private(set) var probe: [Int32] = []
    public private(set) var thread: [Int32] = []
    /// Go only: the goroutine the event ran on.
    public private(set) var goroutine: [Int64?] = []
    /// CLOCK_MONOTONIC nanoseconds.
    public private(set) var time: [UInt64] = []
    /// Per event, where its values are: at or above 0, the first of its words in `words`
    /// (as many as its probe's layout names); below 0, the whole event `detailed[-1 - value]`.
    public private(set) var valueIndex: [Int32] = []
    public private(set) var words: [UInt64] = []
    public private(set) var detailed: [TraceEvent] = []
    /// The layouts of probes whose first event with numbers is in this batch: a consumer
    /// keeps them for the batches after.
    public private(set) var newLayouts: [(probe: Int, layout: NumbersLayout)] = []

    public init() {}

    public var count: Int { probe.count }
    public var isEmpty: Bool { probe.isEmpty }

    mutating func reserveCapacity(_ events: Int) {
        probe.reserveCapacity(events)
        thread.reserveCapacity(events)
        goroutine.reserveCapacity(events)
        time.reserveCapacity(events)
        valueIndex.reserveCapacity(events)
        words.reserveCapacity(events * 2)
    }

    /// An event whose values are `count` words, the `word(k)`s, laid out as its probe's layout says.
    mutating func appendNumbers(
        probe: Int, thread: Int32, goroutine: Int64?, time: UInt64, count: Int, word: (Int) -> UInt64
    ) {
        appendEvent(probe: probe, thread: thread, goroutine: goroutine, time: time, valueIndex: Int32(truncatingIfNeeded: words.count))
        for index in 0..<count { words.append(word(index)) }
    }

    mutating func append(_ event: TraceEvent, probe: Int) {
        appendEvent(probe: probe, thread: event.thread, goroutine: event.goroutine, time: event.time,
                    valueIndex: -1 - Int32(truncatingIfNeeded: detailed.count))
        detailed.append(event)
    }

    mutating func define(_ layout: NumbersLayout, for probe: Int) {
        newLayouts.append((probe, layout))
    }

    /// Empties the batch, keeping its memory (for the next batch, once the consumer let go of this one).
    mutating func removeAll() {
        probe.removeAll(keepingCapacity: true)
        thread.removeAll(keepingCapacity: true)
        goroutine.removeAll(keepingCapacity: true)
        time.removeAll(keepingCapacity: true)
        valueIndex.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        detailed.removeAll()
        newLayouts.removeAll()
    }

    private mutating func appendEvent(probe: Int, thread: Int32, goroutine: Int64?, time: UInt64, valueIndex: Int32) {
        self.probe.append(Int32(truncatingIfNeeded: probe))
        self.thread.append(thread)
        self.goroutine.append(goroutine)
        self.time.append(time)
        self.valueIndex.append(valueIndex)
    }
}
