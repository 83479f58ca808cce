/// Events of a trace, in the program's order, as the API gives them to front ends: columns,
/// a batch at a time. Most events' values are plain integers, kept as words and printed as
/// decimal numbers, with what their probe's events share (`Probe`) once; such an event
/// holds nothing counted by reference. The others are whole `TraceRecord`s.
public struct TraceRecords: Sendable {
    /// What every event of one probe whose values are numbers shares.
    public struct Probe: Sendable {
        public let kind: TraceRecord.Kind
        public let function: String
        /// Whether lines name the values (the names shown for C, not for Go, as Delve).
        public let showsNames: Bool
        public let names: [String]
        public let forms: [Form]

        /// At most this many values (a line's template marks them in 16 bits).
        public static let maximumValues = 16

        public init(kind: TraceRecord.Kind, function: String, showsNames: Bool, names: [String], forms: [Form]) {
            precondition(names.count == forms.count && names.count <= Self.maximumValues, "a name and a form per value, 16 at most")
            self.kind = kind
            self.function = function
            self.showsNames = showsNames
            self.names = names
            self.forms = forms
        }
    }

    /// How a word is shown.
    public enum Form: Sendable {
        /// A sign-extended word, shown as an Int64.
        case signed
        case unsigned
        /// A pointer shown by its address: as `nilValue` when it is 0, else as `sample` shows
        /// `sampleAddress`, with the word for that address.
        case pointer(nilValue: API.Variable, sample: API.Variable, sampleAddress: UInt64)
    }

    /// By probe number: the probes whose events have numbers (nil for the others), for this
    /// batch and every one before it.
    public let probes: [Probe?]
    /// Per event: its probe's number.
    public let probe: [Int32]
    public let thread: [Int32]
    /// Go only: the goroutine.
    public let goroutine: [Int64?]
    /// Nanoseconds of CLOCK_MONOTONIC.
    public let time: [UInt64]
    /// Per event, where its values are: at or above 0, the first of its words in `words` (as
    /// many as its probe names); below 0, the whole record `records[-1 - value]`.
    public let valueIndex: [Int32]
    public let words: [UInt64]
    public let records: [TraceRecord]

    public init(
        probes: [Probe?], probe: [Int32], thread: [Int32], goroutine: [Int64?], time: [UInt64], valueIndex: [Int32],
        words: [UInt64], records: [TraceRecord]
    ) {
        precondition(
            [thread.count, goroutine.count, time.count, valueIndex.count].allSatisfy { $0 == probe.count },
            "a trace batch's columns have one entry per event")
        self.probes = probes
        self.probe = probe
        self.thread = thread
        self.goroutine = goroutine
        self.time = time
        self.valueIndex = valueIndex
        self.words = words
        self.records = records
    }

    /// Whole records only.
    public init(_ records: [TraceRecord]) {
        self.init(
            probes: [], probe: Array(repeating: -1, count: records.count), thread: records.map(\.thread),
            goroutine: records.map(\.goroutine), time: records.map(\.time),
            valueIndex: records.indices.map { -1 - Int32($0) }, words: [], records: records)
    }

    public var count: Int { probe.count }

    /// Event `index` when it is a whole record.
    public func record(at index: Int) -> TraceRecord? {
        let value = Int(valueIndex[index])
        return value < 0 ? records[-1 - value] : nil
    }
}
