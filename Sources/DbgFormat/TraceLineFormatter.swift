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
        json ? jsonLine(record) : textLine(record)
    }

    /// Appends the records' lines, each ended by a newline, to `buffer`.
    public mutating func append(_ records: ArraySlice<TraceRecord>, to buffer: inout [UInt8]) {
        for record in records {
            buffer.append(contentsOf: line(record).utf8)
            buffer.append(0x0A)
        }
    }

    mutating func textLine(_ record: TraceRecord) -> String {
        var line = ""
        if timestamps { line += timestamp(record.time) + " " }
        let who = record.goroutine.map { "goroutine(\($0))" } ?? "thread(\(record.thread))"
        switch record.kind {
        case .call:
            line += "> \(who): \(record.function)("
            appendValues(record, to: &line)
            line += ")"
            for frame in record.stack { line += "\n\t" + frame }
        case .return:
            line += ">> \(who): => ("
            appendValues(record, to: &line)
            line += ")"
        }
        return line
    }

    /// `i=0, seed=7` (C), `0, 7` (Go).
    private func appendValues(_ record: TraceRecord, to line: inout String) {
        for (index, value) in record.values.enumerated() {
            if index > 0 { line += ", " }
            if record.showsNames && !value.name.isEmpty {
                line += value.name
                line += "="
            }
            line += VariableFormatter.singleLine(value)
        }
    }

    func jsonLine(_ record: TraceRecord) -> String {
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

    /// Seconds since the first event, to the microsecond.
    private mutating func timestamp(_ time: UInt64) -> String {
        let first = firstTime ?? time
        firstTime = first
        let micros = (time &- first) / 1000
        let fraction = String(micros % 1_000_000)
        return "[\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)]"
    }
}
