import Glibc
import Synchronization

/// One connected socket. Any task may send (sends are serialised, so replies never
/// interleave); only the connection's reader thread reads and, at the end, closes it.
final class SocketConnection: Sendable {
    let fd: Int32
    /// Open until the reader closes the descriptor; a send after that is dropped (the number
    /// may already belong to another connection).
    private let open = Mutex(true)

    init(fd: Int32) {
        self.fd = fd
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        open.withLock { isOpen in
            guard isOpen else { return false }
            var offset = 0
            while offset < bytes.count {
                let sent = bytes.withUnsafeBytes { raw in
                    Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                }
                if sent < 0 && errno == EINTR { continue }
                guard sent > 0 else { return false }
                offset += sent
            }
            return true
        }
    }

    /// Blocks until some bytes arrive; nil at the end of the stream or on an error.
    func receive(into buffer: inout [UInt8]) -> Int? {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? count : nil
        }
    }

    /// Wakes the reader (its recv returns) without releasing the descriptor.
    func hangUp() {
        open.withLock { isOpen in
            if isOpen { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Releases the descriptor: the reader's last act.
    func close() {
        open.withLock { isOpen in
            guard isOpen else { return }
            isOpen = false
            Glibc.close(fd)
        }
    }
}
