import DbgFormat
import DbgService
import Glibc

/// Writes trace lines (DbgFormat's `TraceLineFormatter`: Delve's text, or JSON) to a file
/// descriptor. Buffered: at a hundred thousand lines a second, a write per line would cost
/// more than the trace. Used by one thread only.
final class TraceWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var formatter: TraceLineFormatter
    private var buffer: [UInt8] = []

    init(descriptor: Int32, ownsDescriptor: Bool, json: Bool, timestamps: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        formatter = TraceLineFormatter(json: json, timestamps: timestamps)
        buffer.reserveCapacity(1 << 17)
    }

    deinit {
        flush()
        if ownsDescriptor { close(descriptor) }
    }

    func write(_ records: [TraceRecord]) {
        // A write per 1,024 lines: for lines of usual length, within the buffer's reserved 128 KiB.
        var start = 0
        while start < records.count {
            let end = min(start + 1024, records.count)
            formatter.append(records[start..<end], to: &buffer)
            flush()
            start = end
        }
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
}
