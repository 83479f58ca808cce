import CSys
import Glibc

/// The mmap'd ring buffer of one perf event (1 header page + 2^n data pages), read through
/// data_head/data_tail. Owned by one reader thread: not Sendable.
public final class PerfRingBuffer {
    public let descriptor: Int32
    private let base: UnsafeMutableRawPointer
    private let length: Int
    private let data: UnsafeMutableRawPointer
    private let dataSize: UInt64
    /// A record that wraps around the end is copied here to be read in one piece.
    private var scratch: [UInt8] = []

    /// Maps `dataPages` (a power of two) data pages of `descriptor`.
    public init(descriptor: Int32, dataPages: Int) throws(PerfError) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        length = page * (1 + dataPages)
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0),
              mapped != MAP_FAILED
        else { throw PerfError("cannot map the perf ring buffer: \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        base = mapped
        data = mapped + Int(csys_perf_data_offset(mapped))
        let size = csys_perf_data_size(mapped)
        dataSize = size > 0 ? size : UInt64(page * dataPages)
    }

    deinit { munmap(base, length) }

    /// How full the buffer is, 0 to 1: what the kernel wrote that was not read yet.
    public var fill: Double {
        let unread = csys_perf_data_head(base) &- csys_perf_data_tail(base)
        return Double(min(unread, dataSize)) / Double(dataSize)
    }

    /// Hands every record written since the last call to `body` (its header's type and its
    /// body, valid only during the call), then frees their space. Returns the count read.
    @discardableResult
    public func drain(_ body: (_ type: UInt32, _ record: UnsafeRawBufferPointer) -> Void) -> Int {
        let head = csys_perf_data_head(base)
        var tail = csys_perf_data_tail(base)
        var count = 0
        while tail + 8 <= head {
            let start = Int(tail % dataSize)
            let header = readHeader(at: start)
            let size = Int(header.size)
            guard size >= 8, tail + UInt64(size) <= head else { break }
            if start + size <= Int(dataSize) {
                body(header.type, UnsafeRawBufferPointer(start: data + start + 8, count: size - 8))
            } else {
                copyWrapped(from: start, count: size)
                scratch.withUnsafeBytes { body(header.type, UnsafeRawBufferPointer(rebasing: $0[8..<size])) }
            }
            tail += UInt64(size)
            count += 1
        }
        csys_perf_set_data_tail(base, tail)
        return count
    }

    /// Records are 8-byte aligned and padded to 8 bytes, so a header never wraps.
    private func readHeader(at start: Int) -> (type: UInt32, size: UInt16) {
        (data.loadUnaligned(fromByteOffset: start, as: UInt32.self),
         data.loadUnaligned(fromByteOffset: start + 6, as: UInt16.self))
    }

    private func copyWrapped(from start: Int, count: Int) {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
        let first = Int(dataSize) - start
        scratch.withUnsafeMutableBytes { target in
            target.baseAddress?.copyMemory(from: data + start, byteCount: first)
            (target.baseAddress.map { $0 + first })?.copyMemory(from: data, byteCount: count - first)
        }
    }
}
