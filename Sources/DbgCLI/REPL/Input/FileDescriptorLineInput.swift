import Glibc

/// Lines read from a file descriptor (stdin in batch mode). Blocking reads happen on
/// a thread of their own, never on the cooperative pool.
public final class FileDescriptorLineInput: LineInput, @unchecked Sendable {
    // @unchecked is safe: `pending` and `atEnd`, the mutable properties, are touched only
    // inside `lock`.
    private let descriptor: Int32
    private var pending: [UInt8] = []
    private var atEnd = false
    private let lock = Lock()
    public let isInteractive = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func readLine(prompt: String) async -> LineResult {
        // A line already read needs no thread.
        let buffered = lock.withLock { atEnd || pending.contains(UInt8(ascii: "\n")) }
        if buffered { return nextLine() }
        return await BlockingThread.run { self.nextLine() }
    }

    private func nextLine() -> LineResult {
        lock.withLock {
            while true {
                if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
                }
                if atEnd {
                    guard !pending.isEmpty else { return .end }
                    let line = String(decoding: pending, as: UTF8.self)
                    pending.removeAll()
                    return .line(line)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { atEnd = true } else { pending += chunk[..<count] }
            }
        }
    }
}
