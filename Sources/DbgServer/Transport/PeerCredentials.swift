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

    /// Where the owner of a TCP peer was looked for, and what was found.
    enum Lookup: Equatable {
        case owner(uid_t)
        /// In neither table: not a socket of this machine.
        case notFound
        /// A table could not be read (dbg out of descriptors, say): the peer cannot be checked.
        case unreadable(String)
    }

    /// The owner of a TCP peer on this machine: the /proc/net/tcp{,6} entry whose local end is the
    /// peer's address and port and whose remote end is ours (addresses too, not only ports: a
    /// remote peer may use the same port number as some local socket).
    static func localPeerUID(peer: PeerAddress, server: PeerAddress) -> Lookup {
        // Either end may be an IPv4 socket (listed in tcp) or an IPv6 one, with IPv4 addresses
        // mapped into IPv6 (listed in tcp6). Each table costs the kernel milliseconds to print
        // (a walk of its whole hash table): the line is found with strstr, not by splitting.
        for (table, mapped) in [("/proc/net/tcp", false), ("/proc/net/tcp6", true)] {
            let (peer, server) = mapped ? (peer.mapped, server.mapped) : (peer.unmapped, server.unmapped)
            guard peer.bytes.count == (mapped ? 16 : 4), server.bytes.count == peer.bytes.count else { continue }
            var text: [CChar]
            switch readFile(table) {
            case .success(let bytes): text = bytes
            case .failure(let error): return .unreadable(error.reason)
            }
            let needle = " " + peer.procNetHex + ":" + hex(peer.port) + " " + server.procNetHex + ":" + hex(server.port) + " "
            text.append(0)
            let uid: uid_t?? = text.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress, let found = strstr(base, needle) else { return .none }
                // From the match to the end of its line: st tx:rx tr:when retrnsmt uid ...
                let start = base.distance(to: UnsafePointer(found)) + needle.utf8.count
                let end = buffer[start...].firstIndex(of: 0x0a) ?? buffer.count - 1
                let fields = String(decoding: buffer[start..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    .split(separator: " ", omittingEmptySubsequences: true)
                return .some(fields.count > 4 ? uid_t(fields[4]) : nil)
            }
            if let uid { return uid.map(Lookup.owner) ?? .notFound }
        }
        return .notFound
    }

    /// 0xBC0A → "BC0A", as /proc/net/tcp prints ports.
    private static func hex(_ port: UInt16) -> String {
        let digits = String(port, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    struct ReadFailure: Error {
        var reason: String
    }

    private static func readFile(_ path: String) -> Result<[CChar], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        var bytes: [CChar] = []
        var chunk = [CChar](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return .success(bytes)
    }
}
