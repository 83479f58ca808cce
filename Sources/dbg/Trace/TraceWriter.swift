import DbgFormat
import DbgService
import Glibc

/// Writes trace lines (DbgFormat's `TraceLineFormatter`: Delve's text, or JSON) to a file
/// descriptor. Buffered: at millions of lines a second, a write per line would cost more
/// than the trace. Used by one thread only.
final class TraceWriter {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var formatter: TraceLineFormatter
    private var buffer = TraceLineBuffer()

    init(descriptor: Int32, ownsDescriptor: Bool, json: Bool, timestamps: Bool) {
        self.descriptor = descriptor
        self.ownsDescriptor = ownsDescriptor
        formatter = TraceLineFormatter(json: json, timestamps: timestamps)
    }

    deinit {
        flush()
        if ownsDescriptor { close(descriptor) }
    }

    func write(_ records: TraceRecords) {
        // A write per 2,048 lines: for lines of usual length, within the buffer's first 128 KiB.
        var start = 0
        while start < records.count {
            let end = min(start + 2048, records.count)
            formatter.append(records, start..<end, to: &buffer)
            flush()
            start = end
        }
    }

    func writeRaw(_ line: String) {
        buffer.append(Array((line + "\n").utf8))
        flush()
    }

    func flush() {
        let bytes = buffer.bytes
        var start = 0
        while start < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + start }, bytes.count - start)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { break }
            start += written
        }
        buffer.removeAll()
    }
}
