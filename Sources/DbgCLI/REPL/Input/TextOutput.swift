import Glibc

/// Where the REPL writes: stdout and stderr in real use, a buffer in tests.
/// Written through file descriptors, never the C `stdout` global (not concurrency-safe).
public protocol TextOutput: AnyObject, Sendable {
    func write(_ text: String)
    /// Whether this is a terminal (colour and line editing depend on it).
    var isTerminal: Bool { get }
}

/// Writes to a file descriptor, retrying short writes and EINTR.
public final class FileDescriptorOutput: TextOutput {
    let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// Collects what is written (tests, and capturing a command's output).
public final class BufferOutput: TextOutput, @unchecked Sendable {
    // @unchecked is safe: `buffer`, the one mutable property, is touched only inside `lock`
    // (the interrupt watcher may write while a command runs).
    private var buffer = ""
    private let lock = Lock()
    public let isTerminal: Bool

    public init(isTerminal: Bool = false) {
        self.isTerminal = isTerminal
    }

    public func write(_ text: String) {
        lock.withLock { buffer += text }
    }

    public var text: String { lock.withLock { buffer } }
}
