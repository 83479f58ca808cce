import Glibc

/// One in-memory file that a fuzz target rewrites for every input: the readers under test
/// open paths, and creating a file per execution would cost more than the parse. It is a
/// file in /dev/shm, unlinked at once and reached through `/proc/self/fd/N` (Swift's Glibc
/// module does not import memfd_create).
public final class MemoryFile: @unchecked Sendable {
    // @unchecked is safe: libFuzzer calls the target from one thread.
    private let fd: Int32
    /// A path that opens this file (`/proc/self/fd/N`).
    public let path: String

    public init(name: String) {
        let name = "/dev/shm/\(name)-\(getpid())"
        let fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot create \(name)")  // the harness itself, not an input
        unlink(name)
        self.fd = fd
        path = "/proc/self/fd/\(fd)"
    }

    /// Replaces the file's contents with `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        _ = ftruncate(fd, 0)
        var written = 0
        while written < bytes.count {
            let result = pwrite(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written, off_t(written))
            if result <= 0 { break }
            written += result
        }
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }
}
