import DbgService
import Glibc
import Synchronization

/// A listening socket (TCP or unix) that accepts only peers of this user.
final class Listener: Sendable {
    let fd: Int32
    let address: ListenAddress
    /// The address to print: the real port when port 0 was asked for.
    let boundDescription: String
    private let closed = Mutex(false)

    init(_ address: ListenAddress) throws(ServiceError) {
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
        guard listen(fd, 16) == 0 else {
            let message = Self.lastError()
            Glibc.close(fd)
            throw ServiceError("cannot listen on \(address.description): \(message)")
        }
        self.fd = fd
        self.address = address
        switch address {
        case .unix: boundDescription = address.description
        case .tcp(let host, let port):
            let real = SocketAddress.boundPort(of: fd) ?? port
            boundDescription = ListenAddress.tcp(host: host, port: real).description
        }
    }

    var port: UInt16 { SocketAddress.boundPort(of: fd) ?? 0 }

    /// Accepts on a thread of its own until closed; refused peers are dropped at once.
    func acceptLoop(_ onConnection: @escaping @Sendable (SocketConnection) -> Void) {
        let serverPort = port
        ServerThread.start { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return  // closed (or broken): no more clients
                }
                // Programs the debugger starts later must not inherit the connection.
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                guard isSameUser(client, serverPort: serverPort) else {
                    Glibc.close(client)
                    continue
                }
                onConnection(SocketConnection(fd: client))
            }
        }
    }

    /// Delve's --only-same-user: unix peers by SO_PEERCRED, loopback TCP peers by the owner of
    /// their socket. A peer from another machine cannot be identified (the warning at start
    /// said so).
    private func isSameUser(_ client: Int32, serverPort: UInt16) -> Bool {
        let me = getuid()
        switch address {
        case .unix:
            return PeerCredentials.unixPeerUID(client) == me
        case .tcp:
            guard let peerPort = SocketAddress.peerPort(of: client) else { return false }
            guard let owner = PeerCredentials.loopbackPeerUID(peerPort: peerPort, serverPort: serverPort) else {
                // Not in this machine's tables: a remote peer, allowed only on a non-loopback listener.
                return !address.isLoopback
            }
            return owner == me
        }
    }

    func close() {
        let first = closed.withLock { wasClosed in
            defer { wasClosed = true }
            return !wasClosed
        }
        guard first else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        if case .unix(let path) = address { unlink(path) }
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
