import Glibc

/// Who is on the other end of an accepted connection: only the user running the server may
/// drive it (Delve's `--only-same-user`, on by default here).
enum PeerCredentials {
    /// A unix socket's peer uid, from the kernel (SO_PEERCRED).
    static func unixPeerUID(_ fd: Int32) -> uid_t? {
        // struct ucred (pid, uid, gid) is hidden behind _GNU_SOURCE in Swift's Glibc: read it as
        // three 32-bit fields, its layout on Linux.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else { return nil }
        return credentials.uid
    }

    /// The owner of a TCP peer on this machine: the /proc/net/tcp{,6} entry whose local end is the
    /// peer's address and port and whose remote end is ours (addresses too, not only ports: a
    /// remote peer may use the same port number as some local socket).
    static func localPeerUID(peer: PeerAddress, server: PeerAddress) -> uid_t? {
        // An IPv4 client of an IPv6 listener is listed, in /proc/net/tcp, as the IPv4 socket it is.
        let (peer, server) = (peer.unmapped, server.unmapped)
        let peerEnd = peer.procNetHex + ":" + hex(peer.port)
        let serverEnd = server.procNetHex + ":" + hex(server.port)
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readFile(table) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 7, fields[1] == peerEnd, fields[2] == serverEnd, let uid = uid_t(fields[7]) else { continue }
                return uid
            }
        }
        return nil
    }

    /// 0xBC0A → "BC0A", as /proc/net/tcp prints ports.
    private static func hex(_ port: UInt16) -> String {
        let digits = String(port, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
