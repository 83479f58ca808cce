import DbgService

/// Trace events as lines: Delve's `dlv trace` text (`> goroutine(25): main.hot(0, 7)`,
/// `>> goroutine(25): => (1)`; `thread(N)` for C, whose arguments are named), or one JSON
/// object each. Events of numbers are written from their probe's fixed bytes (made once per
/// probe: the function, the names) and their words' digits, straight into the line buffer:
/// nothing is made or counted per event. Here rather than beside the writer because it runs
/// for every event and DbgCLI is built without optimisation.
public struct TraceLineFormatter {
    public let json: Bool
    public let timestamps: Bool
    private var firstTime: UInt64?
    /// Per probe number, its lines' fixed bytes (in `templateBytes`), once its events have numbers.
    private var templates: [Template?] = []
    private var templateBytes: [UInt8] = []
    private var pieceLengths: [Int32] = []

    public init(json: Bool, timestamps: Bool) {
        self.json = json
        self.timestamps = timestamps
    }

    /// The line of one whole record (without its newline).
    public mutating func line(_ record: TraceRecord) -> String {
        var buffer = TraceLineBuffer()
        append(TraceRecords([record]), to: &buffer)
        return String(decoding: buffer.bytes.dropLast(), as: UTF8.self)
    }

    /// Appends the lines of `records`' events in `range` (all by default), each ended by a newline.
    public mutating func append(_ records: TraceRecords, _ range: Range<Int>? = nil, to buffer: inout TraceLineBuffer) {
        let range = range ?? 0..<records.count
        // Time stamps count from the trace's first event.
        if timestamps, firstTime == nil, let first = range.first { firstTime = records.time[first] }
        let start = firstTime ?? 0
        prepareTemplates(records.probes)
        var scratch: [UInt8] = []
        var lastID = LastID()
        templateBytes.withUnsafeBufferPointer { fixed in
            pieceLengths.withUnsafeBufferPointer { lengths in
            records.valueIndex.withUnsafeBufferPointer { valueIndex in
            records.words.withUnsafeBufferPointer { words in
            records.probe.withUnsafeBufferPointer { probe in
            records.thread.withUnsafeBufferPointer { thread in
            records.goroutine.withUnsafeBufferPointer { goroutine in
                for index in range {
                    let first = Int(valueIndex[index]), number = Int(probe[index])
                    guard first >= 0, number >= 0, number < templates.count, let template = templates[number],
                          first + template.count <= words.count
                    else {
                        // A whole record (or an event of numbers whose probe the batch lacks: nothing to show).
                        guard let record = records.record(at: index) else { continue }
                        if json {
                            buffer.append(Array((jsonLine(record) + "\n").utf8))
                            continue
                        }
                        scratch.removeAll(keepingCapacity: true)
                        appendTextLine(record, since: start, to: &scratch)
                        scratch.append(0x0A)
                        buffer.append(scratch)
                        continue
                    }
                    var line = LineWriter(buffer.reserve(template.maxLength))
                    var pieces = Pieces(bytes: fixed, lengths: lengths, template: template)
                    if json {
                        // {"event":"call","function":"f","thread":T[,"goroutine":G],"time_ns":N,"args":[{"name":"a","value":"1"}]}
                        pieces.copyNext(to: &line)
                        line.decimal(UInt64(bitPattern: Int64(thread[index])), signed: true)
                        if let goroutine = goroutine[index] {
                            line.text(",\"goroutine\":")
                            line.decimal(UInt64(bitPattern: goroutine), signed: true)
                        }
                        line.text(",\"time_ns\":")
                        line.decimal(records.time[index], signed: false)
                        pieces.copyNext(to: &line)
                        for value in 0..<template.count {
                            pieces.copyNext(to: &line)
                            pieces.writeValue(value, words[first + value], to: &line)
                            line.text("\"}")
                        }
                        line.text("]}\n")
                        buffer.advance(to: line.cursor)
                        continue
                    }
                    if timestamps { line.timestamp(records.time[index] &- start) }
                    line.lead(isCall: template.isCall, goroutine: goroutine[index], thread: thread[index], last: &lastID)
                    pieces.copyNext(to: &line)
                    for value in 0..<template.count {
                        pieces.copyNext(to: &line)
                        pieces.writeValue(value, words[first + value], to: &line)
                    }
                    line.byte(0x29)  // )
                    line.byte(0x0A)
                    buffer.advance(to: line.cursor)
                }
            }
            }
            }
            }
            }
            }
        }
    }

    /// What one probe's lines have in common: pieces of `templateBytes` from `start`, their
    /// lengths in `pieceLengths` from `firstPiece`. Text: the bytes after the thread's number
    /// (`): f(`, or `): => (`). JSON: those before the thread's number, then those after the
    /// time. Then for each value, the bytes before it (`, ` and its name); a pointer's three
    /// more: before and after its address, and its text when nil.
    fileprivate struct Template {
        var isCall: Bool
        var count: Int
        var start: Int
        var firstPiece: Int
        var signedMask: UInt16
        var pointerMask: UInt16
        /// The longest line: the fixed bytes, every value's longest number, the lead, a time stamp.
        var maxLength: Int
    }

    /// Makes the templates of probes that got numbers since the last batch.
    private mutating func prepareTemplates(_ probes: [TraceRecords.Probe?]) {
        if templates.count < probes.count { templates += repeatElement(nil, count: probes.count - templates.count) }
        for (number, probe) in probes.enumerated() where templates[number] == nil {
            guard let probe else { continue }
            let start = templateBytes.count
            let firstPiece = pieceLengths.count
            func piece(_ text: String) {
                templateBytes += Array(text.utf8)
                pieceLengths.append(Int32(text.utf8.count))
            }
            /// JSON's text of `text`, without its quotes.
            func escaped(_ text: String) -> String { json ? String(JSONText.quoted(text).dropFirst().dropLast()) : text }
            if json {
                let kind = probe.kind == .call ? "call" : "return"
                piece("{\"event\":\"\(kind)\",\"function\":\(JSONText.quoted(probe.function)),\"thread\":")
                piece(probe.kind == .call ? ",\"args\":[" : ",\"results\":[")
            } else {
                piece(probe.kind == .call ? "): \(probe.function)(" : "): => (")
            }
            var signedMask: UInt16 = 0, pointerMask: UInt16 = 0
            for (index, (name, form)) in zip(probe.names, probe.forms).enumerated() {
                if json {
                    piece((index > 0 ? "," : "") + "{" + (name.isEmpty ? "" : "\"name\":\(JSONText.quoted(name)),") + "\"value\":\"")
                } else {
                    piece((index > 0 ? ", " : "") + (probe.showsNames && !name.isEmpty ? name + "=" : ""))
                }
                switch form {
                case .signed: signedMask |= 1 << UInt16(index)
                case .unsigned: break
                case .pointer(let nilValue, let sample, let sampleAddress):
                    // The printer's own text of the pointer, its address cut out.
                    pointerMask |= 1 << UInt16(index)
                    let text = VariableFormatter.singleLine(sample)
                    let address = VariableFormatter.hex(sampleAddress)
                    let parts = text.firstRange(of: address).map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? ("", "")
                    piece(escaped(parts.0))
                    piece(escaped(parts.1))
                    piece(escaped(VariableFormatter.singleLine(nilValue)))
                }
            }
            templates[number] = Template(
                isCall: probe.kind == .call, count: probe.names.count, start: start, firstPiece: firstPiece,
                signedMask: signedMask, pointerMask: pointerMask,
                maxLength: templateBytes.count - start + probe.names.count * (LineWriter.longestNumber + 2)
                    + LineWriter.longestLead + 64)
        }
    }

    /// A text line, as bytes: `> thread(T): f(i=0, seed=7)` (C names its arguments),
    /// `>> goroutine(G): => (1)`.
    private func appendTextLine(_ record: TraceRecord, since start: UInt64, to bytes: inout [UInt8]) {
        var lead = [UInt8](repeating: 0, count: LineWriter.longestLead)
        let leadLength = lead.withUnsafeMutableBufferPointer { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var line = LineWriter(base)
            if timestamps { line.timestamp(record.time &- start) }
            var lastID = LastID()
            line.lead(isCall: record.kind == .call, goroutine: record.goroutine, thread: record.thread, last: &lastID)
            return line.cursor - base
        }
        bytes += lead.prefix(leadLength)
        switch record.kind {
        case .call: bytes += Array("): \(record.function)(".utf8)
        case .return: bytes += Array("): => (".utf8)
        }
        for (index, value) in record.values.enumerated() {
            if index > 0 { bytes += [0x2C, 0x20] }
            if record.showsNames && !value.name.isEmpty { bytes += Array((value.name + "=").utf8) }
            bytes += Array(VariableFormatter.singleLine(value).utf8)
        }
        bytes.append(0x29)  // )
        if record.kind == .call {
            for frame in record.stack { bytes += [0x0A, 0x09] + Array(frame.utf8) }
        }
    }

    /// A whole record as one JSON object (events of numbers are written from their templates).
    private func jsonLine(_ record: TraceRecord) -> String {
        var fields = [
            "\"event\":\"\(record.kind.rawValue)\"", "\"function\":\(JSONText.quoted(record.function))",
            "\"thread\":\(record.thread)",
        ]
        if let goroutine = record.goroutine { fields.append("\"goroutine\":\(goroutine)") }
        fields.append("\"time_ns\":\(record.time)")
        let values = record.values.map { value in
            let name = value.name.isEmpty ? "" : "\"name\":\(JSONText.quoted(value.name)),"
            return "{\(name)\"value\":\(JSONText.quoted(VariableFormatter.singleLine(value)))}"
        }
        fields.append("\"\(record.kind == .call ? "args" : "results")\":[\(values.joined(separator: ","))]")
        if !record.stack.isEmpty { fields.append("\"stack\":[\(record.stack.map(JSONText.quoted).joined(separator: ","))]") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// Writes a line's bytes at a cursor, in room reserved beforehand (`TraceLineBuffer.reserve`).
private struct LineWriter {
    /// Digits of the longest number, with its sign.
    static let longestNumber = 21
    /// The longest time stamp, mark and thread or goroutine, with their punctuation.
    static let longestLead = 24 + 3 + 10 + longestNumber + 8

    private(set) var cursor: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) { cursor = start }

    mutating func byte(_ byte: UInt8) {
        cursor.pointee = byte
        cursor += 1
    }

    mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) {
        guard let base = bytes.baseAddress else { return }
        copy(base + start, count)
    }

    mutating func text(_ text: StaticString) { copy(text.utf8Start, text.utf8CodeUnitCount) }

    /// A loop, not memmove: the pieces of a line are a few bytes, shorter than a call.
    private mutating func copy(_ source: UnsafePointer<UInt8>, _ count: Int) {
        for index in 0..<count { cursor[index] = source[index] }
        cursor += count
    }

    /// `> ` or `>> `, then `goroutine(G` or `thread(T`; the number copied from `last` when
    /// it is the last line's (a thread makes its events in runs).
    mutating func lead(isCall: Bool, goroutine: Int64?, thread: Int32, last: inout LastID) {
        if isCall { text("> ") } else { text(">> ") }
        if let goroutine { text("goroutine(") } else { text("thread(") }
        let id = goroutine ?? Int64(thread)
        if last.id == id && last.length > 0 {
            withUnsafeBytes(of: last.digits) { copy($0.bindMemory(to: UInt8.self), 0, last.length) }
            return
        }
        let start = cursor
        decimal(UInt64(bitPattern: id), signed: true)
        last.id = id
        last.length = cursor - start
        withUnsafeMutableBytes(of: &last.digits) { $0.baseAddress?.copyMemory(from: start, byteCount: last.length) }
    }

    /// `[S.UUUUUU] `: seconds to the microsecond.
    mutating func timestamp(_ nanoseconds: UInt64) {
        let micros = nanoseconds / 1000
        byte(0x5B)  // [
        decimal(micros / 1_000_000, signed: false)
        byte(0x2E)  // .
        var fraction = micros % 1_000_000
        var divisor: UInt64 = 100_000
        while divisor > 0 {
            byte(0x30 + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
        text("] ")
    }

    /// `0x` and `word`'s hexadecimal digits.
    mutating func hex(_ word: UInt64) {
        text("0x")
        let digits = max(1, (64 - word.leadingZeroBitCount + 3) / 4)
        for index in stride(from: digits - 1, through: 0, by: -1) {
            let nibble = UInt8((word >> UInt64(index * 4)) & 0xF)
            byte(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
    }

    /// "00" to "99": a number's digits are written two at a time (a division each).
    private static let digitPairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// `word` in decimal: as an Int64 when `signed`, else as a UInt64.
    mutating func decimal(_ word: UInt64, signed: Bool) {
        let negative = signed && Int64(bitPattern: word) < 0
        if negative { byte(0x2D) }
        var magnitude = negative ? Int64(bitPattern: word).magnitude : word
        var digits = 1
        var bound: UInt64 = 10
        while digits < 20 && magnitude >= bound {
            digits += 1
            bound &*= 10
        }
        let pairs = Self.digitPairs.utf8Start
        var at = cursor + digits
        cursor = at
        while magnitude >= 100 {
            let pair = Int(magnitude % 100) * 2
            magnitude /= 100
            at -= 2
            at[0] = pairs[pair]
            at[1] = pairs[pair + 1]
        }
        if magnitude >= 10 {
            let pair = Int(magnitude) * 2
            at[-2] = pairs[pair]
            at[-1] = pairs[pair + 1]
        } else {
            at[-1] = 0x30 + UInt8(magnitude)
        }
    }
}

/// A template's pieces, read in order as a line is written.
private struct Pieces {
    let bytes: UnsafeBufferPointer<UInt8>
    let lengths: UnsafeBufferPointer<Int32>
    let template: TraceLineFormatter.Template
    private var at: Int
    private var piece: Int

    init(bytes: UnsafeBufferPointer<UInt8>, lengths: UnsafeBufferPointer<Int32>, template: TraceLineFormatter.Template) {
        self.bytes = bytes
        self.lengths = lengths
        self.template = template
        at = template.start
        piece = template.firstPiece
    }

    mutating func copyNext(to line: inout LineWriter) {
        let length = Int(lengths[piece])
        line.copy(bytes, at, length)
        skip(length)
    }

    private mutating func skip(_ length: Int) {
        at += length
        piece += 1
    }

    /// Value `index`, `word`: a number, or a pointer's address between its two pieces (its
    /// third when nil).
    mutating func writeValue(_ index: Int, _ word: UInt64, to line: inout LineWriter) {
        guard template.pointerMask & (1 << index) != 0 else {
            line.decimal(word, signed: template.signedMask & (1 << index) != 0)
            return
        }
        if word == 0 {
            skip(Int(lengths[piece]))
            skip(Int(lengths[piece]))
            copyNext(to: &line)
        } else {
            copyNext(to: &line)
            line.hex(word)
            copyNext(to: &line)
            skip(Int(lengths[piece]))
        }
    }
}

/// The thread or goroutine number of the last line, and its digits.
private struct LastID {
    var id = Int64.min
    var length = 0
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
}
