import DbgService
import Glibc
import Synchronization

/// A listening socket (TCP or unix) that accepts only peers of this user (see `PeerPolicy`).
final class Listener: Sendable {
    let fd: Int32
    let address: ListenAddress
    /// The address to print: the real port when port 0 was asked for.
    let boundDescription: String
    private let closed = Mutex(false)
    /// Refused peers and accept failures; shared with the server (clients over the limit).
    let log: RateLimitedLog

    init(_ address: ListenAddress, log: RateLimitedLog = RateLimitedLog()) throws(ServiceError) {
        self.log = log
        let socketAddress = try SocketAddress(address)
        let fd = socket(socketAddress.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServiceError("cannot create a socket: \(Self.lastError())") }
        var yes: Int32 = 1
        if case .tcp = address { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) }
        if case .unix(let path) = address {
            // Created with no permissions for others from the start (no window before chmod).
            let old = umask(0o177)
            defer { umask(old) }
            let bound = socketAddress.withPointer { bind(fd, $0, $1) }
            guard bound == 0 else {
                let message = Self.lastError()
                Glibc.close(fd)
                throw ServiceError("cannot listen on unix:\(path): \(message)")
            }
            chmod(path, 0o600)
        } else {
            let bound = socketAddress.withPointer { bind(fd, $0, $1) }
            guard bound == 0 else {
                let message = Self.lastError()
                Glibc.close(fd)
                throw ServiceError("cannot listen on \(address.description): \(message)")
            }
        }
        guard listen(fd, Int32(ServerLimits.clients)) == 0 else {
            let message = Self.lastError()
            Glibc.close(fd)
            throw ServiceError("cannot listen on \(address.description): \(message)")
        }
        self.fd = fd
        self.address = address
        switch address {
        case .unix: boundDescription = address.description
        case .tcp(let host, let port):
            let real = PeerAddress.local(of: fd)?.port ?? port
            boundDescription = ListenAddress.tcp(host: host, port: real).description
        }
    }

    var port: UInt16 { PeerAddress.local(of: fd)?.port ?? 0 }

    /// Accepts on a thread of its own until closed. Refused peers are dropped at once and
    /// logged; running out of descriptors (EMFILE, ENFILE) or kernel memory pauses the loop
    /// and retries, since the pending connections wait in the backlog and freed descriptors
    /// come back (returning would leave the server deaf for the rest of its life).
    /// `noRoom` (why no more clients can be taken, nil when they can) is asked first, so that a
    /// flood past the server's client limit is refused without the cost of the peer check (a
    /// read of /proc/net/tcp, milliseconds each).
    func acceptLoop(noRoom: @escaping @Sendable () -> String?, _ onConnection: @escaping @Sendable (SocketConnection) -> Void) {
        let policy = PeerPolicy(listen: address)
        ServerThread.start { [self] in
            var pause: UInt32 = 10_000
            while !isClosed {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    let error = errno
                    if isClosed { return }
                    switch error {
                    case EINTR, ECONNABORTED, EPROTO, EPERM:
                        continue
                    case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                        log.log("cannot accept a connection: \(String(cString: strerror(error))) (retrying)")
                        usleep(pause)
                        pause = min(pause * 2, 500_000)
                        continue
                    default:
                        return  // the listener is broken: no more clients
                    }
                }
                pause = 10_000
                // Programs the debugger starts later must not inherit the connection (accept4,
                // which would do it at once, is hidden from Swift's Glibc module).
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                if let full = noRoom() {
                    log.log("refused connection from \(PeerAddress.describe(client)): \(full)")
                    Glibc.close(client)
                    continue
                }
                if let who = policy.refusal(of: client) {
                    log.log("refused connection from \(who)")
                    Glibc.close(client)
                    continue
                }
                onConnection(SocketConnection(fd: client))
            }
        }
    }

    private var isClosed: Bool { closed.withLock { $0 } }

    func close() {
        let first = closed.withLock { wasClosed in
            defer { wasClosed = true }
            return !wasClosed
        }
        guard first else { return }
        log.flush()
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        if case .unix(let path) = address { unlink(path) }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
