import DbgService

/// A trace record as a line: Delve's `dlv trace` text (`> goroutine(25): main.hot(0, 7)`,
/// `>> goroutine(25): => (1)`; `thread(N)` for C, whose arguments are named), or one JSON
/// object. Here rather than beside the writer because it runs for every event and DbgCLI is
/// built without optimisation.
public struct TraceLineFormatter {
    public let json: Bool
    public let timestamps: Bool
    private var firstTime: UInt64?

    public init(json: Bool, timestamps: Bool) {
        self.json = json
        self.timestamps = timestamps
    }

    public mutating func line(_ record: TraceRecord) -> String {
        if json { return jsonLine(record) }
        var bytes: [UInt8] = []
        appendTextLine(record, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the records' lines, each ended by a newline, to `buffer`. Text lines are
    /// written as bytes straight into the buffer (no string per line: a trace writes
    /// millions of them).
    public mutating func append(_ records: ArraySlice<TraceRecord>, to buffer: inout [UInt8]) {
        for record in records {
            if json {
                buffer.append(contentsOf: jsonLine(record).utf8)
            } else {
                appendTextLine(record, to: &buffer)
            }
            buffer.append(0x0A)
        }
    }

    /// A text line, as bytes: `> thread(T): f(i=0, seed=7)` (C names its arguments),
    /// `>> goroutine(G): => (1)`.
    private mutating func appendTextLine(_ record: TraceRecord, to buffer: inout [UInt8]) {
        if timestamps {
            buffer.append(contentsOf: timestamp(record.time).utf8)
            buffer.append(0x20)
        }
        buffer.append(contentsOf: record.kind == .call ? Self.callMark : Self.returnMark)
        if let goroutine = record.goroutine {
            buffer.append(contentsOf: Self.goroutineWord)
            Self.appendDecimal(UInt64(bitPattern: goroutine), signed: true, to: &buffer)
        } else {
            buffer.append(contentsOf: Self.threadWord)
            Self.appendDecimal(UInt64(bitPattern: Int64(record.thread)), signed: true, to: &buffer)
        }
        switch record.kind {
        case .call:
            buffer.append(contentsOf: Self.colonSpace)
            buffer.append(contentsOf: record.function.utf8)
            buffer.append(0x28)  // (
        case .return:
            buffer.append(contentsOf: Self.returnArrow)
        }
        var shown = 0
        func name(_ name: String) {
            if shown > 0 { buffer.append(contentsOf: Self.commaSpace) }
            shown += 1
            guard record.showsNames && !name.isEmpty else { return }
            buffer.append(contentsOf: name.utf8)
            buffer.append(0x3D)  // =
        }
        if let numbers = record.numbers {
            for index in 0..<numbers.count {
                name(numbers.names[index])
                Self.appendDecimal(numbers.word(index), signed: numbers.isSigned[index], to: &buffer)
            }
        }
        for value in record.values {
            name(value.name)
            buffer.append(contentsOf: VariableFormatter.singleLine(value).utf8)
        }
        buffer.append(0x29)  // )
        if record.kind == .call {
            for frame in record.stack {
                buffer.append(contentsOf: [0x0A, 0x09])
                buffer.append(contentsOf: frame.utf8)
            }
        }
    }

    private static let callMark = Array("> ".utf8), returnMark = Array(">> ".utf8)
    private static let goroutineWord = Array("goroutine(".utf8), threadWord = Array("thread(".utf8)
    private static let colonSpace = Array("): ".utf8), returnArrow = Array("): => (".utf8), commaSpace = Array(", ".utf8)

    /// `word` in decimal: as an Int64 when `signed`, else as a UInt64.
    private static func appendDecimal(_ word: UInt64, signed: Bool, to buffer: inout [UInt8]) {
        let negative = signed && Int64(bitPattern: word) < 0
        if negative { buffer.append(0x2D) }
        var magnitude = negative ? Int64(bitPattern: word).magnitude : word
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[index]) }
        }
    }

    /// Each value's name and text, numbers or not.
    static func namedTexts(_ record: TraceRecord) -> [(name: String, text: String)] {
        var texts: [(name: String, text: String)] = []
        if let numbers = record.numbers {
            for index in 0..<numbers.count {
                let word = numbers.word(index)
                texts.append((numbers.names[index], numbers.isSigned[index] ? String(Int64(bitPattern: word)) : String(word)))
            }
        }
        return texts + record.values.map { ($0.name, VariableFormatter.singleLine($0)) }
    }

    func jsonLine(_ record: TraceRecord) -> String {
        var fields = [
            "\"event\":\"\(record.kind.rawValue)\"", "\"function\":\(JSONText.quoted(record.function))",
            "\"thread\":\(record.thread)",
        ]
        if let goroutine = record.goroutine { fields.append("\"goroutine\":\(goroutine)") }
        fields.append("\"time_ns\":\(record.time)")
        let values = Self.namedTexts(record).map { value in
            let name = value.name.isEmpty ? "" : "\"name\":\(JSONText.quoted(value.name)),"
            return "{\(name)\"value\":\(JSONText.quoted(value.text))}"
        }
        fields.append("\"\(record.kind == .call ? "args" : "results")\":[\(values.joined(separator: ","))]")
        if !record.stack.isEmpty { fields.append("\"stack\":[\(record.stack.map(JSONText.quoted).joined(separator: ","))]") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Seconds since the first event, to the microsecond.
    private mutating func timestamp(_ time: UInt64) -> String {
        let first = firstTime ?? time
        firstTime = first
        let micros = (time &- first) / 1000
        let fraction = String(micros % 1_000_000)
        return "[\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)]"
    }
}
