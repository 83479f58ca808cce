import DbgService
import Dispatch
import Glibc
import Synchronization

/// One connected socket, read by one thread and written by another.
///
/// `send` only queues: a writer thread of the connection's own does the blocking writes, so
/// a peer that stops reading never holds a task (or a pool thread) hostage; past a limit of
/// queued bytes it is hung up on. The descriptor is closed by the writer, last, after the
/// reader has finished (`readerDone`), so its number is never reused while either uses it.
final class SocketConnection: Sendable {
    let fd: Int32

    private struct Outbox {
        var messages: [[UInt8]] = []
        var queuedBytes = 0
        /// No more sends: the reader finished or the peer stopped reading.
        var finished = false
        /// The reader will not touch the descriptor again.
        var readerDone = false
        /// Messages taken by the writer and not yet written.
        var writing = 0
    }
    private let outbox = Mutex(Outbox())
    private let wake = DispatchSemaphore(value: 0)

    init(fd: Int32) {
        self.fd = fd
        ServerThread.start { [self] in writeLoop() }
    }

    /// Dials `address` (a client's own connection, or a server dialling out to its client).
    static func connect(to address: ListenAddress) throws(ServiceError) -> SocketConnection {
        let socketAddress = try SocketAddress(address)
        let fd = socket(socketAddress.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServiceError("cannot create a socket: \(Listener.lastError())") }
        var connected: Int32
        repeat {
            connected = socketAddress.withPointer { Glibc.connect(fd, $0, $1) }
        } while connected != 0 && errno == EINTR
        guard connected == 0 else {
            let message = Listener.lastError()
            Glibc.close(fd)
            throw ServiceError("cannot connect to \(address.description): \(message)")
        }
        return SocketConnection(fd: fd)
    }

    var peerDescription: String { PeerAddress.describe(fd) }

    /// Queues `bytes` for the peer; false when the connection is finished.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        let outcome: (queued: Bool, overflow: Bool) = outbox.withLock { box in
            guard !box.finished else { return (false, false) }
            // A peer that does not read: the writer is stuck on one batch and the rest piles up.
            guard box.queuedBytes == 0 || box.queuedBytes + bytes.count <= ServerLimits.unreadReplyBytes else {
                box.finished = true
                return (false, true)
            }
            box.messages.append(bytes)
            box.queuedBytes += bytes.count
            return (true, false)
        }
        if outcome.overflow { shutdown(fd, Int32(SHUT_RDWR)) }  // wakes the reader: the peer is gone for us
        wake.signal()
        return outcome.queued
    }

    /// Blocks until some bytes arrive; nil at the end of the stream or on an error.
    func receive(into buffer: inout [UInt8]) -> Int? {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            return count > 0 ? count : nil
        }
    }

    /// The reader's loop: each complete message `scanner` finds to `handle`, until the peer
    /// closes the stream (nil) or sends what the scanner refuses (its failure).
    /// `prefix`: bytes already received (read to pick the protocol).
    func readMessages<Scanner: MessageScanner>(with scanner: Scanner, startingWith prefix: [UInt8] = [], _ handle: ([UInt8]) -> Void)
        -> Scanner.Failure?
    {
        var scanner = scanner
        scanner.append(prefix)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var count = 0
        repeat {
            scanner.append(buffer[0..<count])
            do {
                while let message = try scanner.next() { handle(message) }
            } catch {
                return error
            }
            guard let received = receive(into: &buffer) else { break }
            count = received
        } while true
        return nil
    }

    /// Ends a connection whose peer sent what cannot be served: `text` as an error reply, then
    /// the end of our stream, then what the peer still sends is read and dropped for a while
    /// (closing with unread bytes would reset the connection, and the reset can destroy the
    /// reply before the peer reads it). Called by the reader, which then calls `readerDone`.
    func refuseRest(_ text: String) {
        send(JSONRPC.response(id: .null, result: nil, error: text))
        for _ in 0..<200 where !outbox.withLock({ $0.messages.isEmpty && $0.writing == 0 }) { usleep(10_000) }
        shutdown(fd, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var scratch = [UInt8](repeating: 0, count: 65536)
        var drained = 0
        let deadline = ContinuousClock.now + .seconds(2)
        // At most 2 s and 16 MiB: a peer that keeps sending is cut off by the reset after all.
        while drained < 16 << 20, ContinuousClock.now < deadline, let count = receive(into: &scratch) {
            drained += count
        }
    }

    /// Wakes the reader (its recv returns) without releasing the descriptor.
    func hangUp() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// The reader's last call: what is queued is still written, then the writer closes the
    /// descriptor.
    func readerDone() {
        outbox.withLock { box in
            box.finished = true
            box.readerDone = true
        }
        wake.signal()
    }

    private func writeLoop() {
        while true {
            wake.wait()
            let batch = outbox.withLock { box in
                defer {
                    box.writing = box.messages.count
                    box.messages.removeAll()
                    box.queuedBytes = 0
                }
                return box.messages
            }
            for message in batch where !write(message) {
                // The peer is gone: no more writes; the reader sees the end too.
                outbox.withLock { $0.finished = true }
                hangUp()
                break
            }
            outbox.withLock { $0.writing = 0 }
            let closing = outbox.withLock { $0.readerDone && $0.messages.isEmpty }
            if closing {
                close(fd)
                return
            }
        }
    }

    /// Waits (up to two seconds) until everything queued has been written or dropped.
    func flush() async {
        for _ in 0..<200 {
            let drained = outbox.withLock { $0.messages.isEmpty && $0.writing == 0 }
            if drained { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func write(_ bytes: [UInt8]) -> Bool {
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

/// Cuts a byte stream into messages (JSON-RPC's objects, DAP's frames).
protocol MessageScanner {
    associatedtype Failure: Error
    mutating func append(_ bytes: some Collection<UInt8>)
    /// The next complete message, nil when more bytes are needed.
    mutating func next() throws(Failure) -> [UInt8]?
}

extension JSONStreamScanner: MessageScanner {}
extension DAPFrameScanner: MessageScanner {}
