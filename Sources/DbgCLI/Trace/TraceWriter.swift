import DbgFormat
import DbgService
import Glibc

/// Writes trace lines as Delve's `dlv trace` prints them (`> goroutine(25): main.hot(0, 7)`,
/// `>> goroutine(25): => (1)`; `thread(N)` for C), or one JSON object per line. Buffered:
/// at a hundred thousand lines a second, a write per line would cost more than the trace.
/// Used by one thread only.
final class TraceWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let json: Bool
    private let timestamps: Bool
    private var firstTime: UInt64?
    private var buffer: [UInt8] = []

    init(descriptor: Int32, ownsDescriptor: Bool, json: Bool, timestamps: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        self.json = json
        self.timestamps = timestamps
        buffer.reserveCapacity(1 << 17)
    }

    deinit {
        flush()
        if ownsDescriptor { close(descriptor) }
    }

    func write(_ records: [TraceRecord]) {
        for record in records {
            append(json ? jsonLine(record) : textLine(record))
            if buffer.count >= 1 << 16 { flush() }
        }
        flush()
    }

    func writeRaw(_ line: String) {
        append(line)
        flush()
    }

    private func append(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
    }

    func flush() {
        var start = 0
        while start < buffer.count {
            let written = buffer[start...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { break }
            start += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func textLine(_ record: TraceRecord) -> String {
        var line = ""
        if timestamps { line += timestamp(record.time) + " " }
        let who = record.goroutine.map { "goroutine(\($0))" } ?? "thread(\(record.thread))"
        let values = record.values.map { value in
            let text = VariableFormatter.singleLine(value)
            return record.showsNames && !value.name.isEmpty ? "\(value.name)=\(text)" : text
        }.joined(separator: ", ")
        switch record.kind {
        case .call:
            line += "> \(who): \(record.function)(\(values))"
            for frame in record.stack { line += "\n\t" + frame }
        case .return:
            line += ">> \(who): => (\(values))"
        }
        return line
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
    private func timestamp(_ time: UInt64) -> String {
        let first = firstTime ?? time
        firstTime = first
        let micros = (time &- first) / 1000
        let fraction = String(micros % 1_000_000)
        return "[\(micros / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)]"
    }
}

/// JSON string literals, without Foundation.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
