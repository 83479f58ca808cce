import Glibc

/// One end of a connected TCP socket, as bytes (4 for IPv4, 16 for IPv6) and a port: enough
/// to tell loopback from not, to print, and to find the socket in /proc/net/tcp{,6}.
struct PeerAddress: CustomStringConvertible {
    var bytes: [UInt8]
    var port: UInt16

    /// The peer of a connected socket (`getpeername`).
    static func peer(of fd: Int32) -> PeerAddress? { address(of: fd, getpeername) }

    /// This side of a connected socket (`getsockname`).
    static func local(of fd: Int32) -> PeerAddress? { address(of: fd, getsockname) }

    /// Who is on the other end of a connected socket, for the log: its address, or a unix peer's uid.
    static func describe(_ fd: Int32) -> String {
        if let address = peer(of: fd) { return address.description }
        return PeerCredentials.unixPeerUID(fd).map { "uid \($0) (unix socket)" } ?? "a peer"
    }

    /// 127.0.0.0/8, ::1, and 127.x mapped into IPv6 (::ffff:127.x.y.z).
    var isLoopback: Bool {
        let address = unmapped
        if address.bytes.count == 4 { return address.bytes[0] == 127 }
        return address.bytes.count == 16 && address.bytes[0..<15].allSatisfy({ $0 == 0 }) && address.bytes[15] == 1
    }

    /// An IPv4 address mapped into IPv6 (::ffff:a.b.c.d) as the IPv4 address; others as they are.
    var unmapped: PeerAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return self }
        return PeerAddress(bytes: Array(bytes[12..<16]), port: port)
    }

    /// An IPv4 address as IPv6 maps it (::ffff:a.b.c.d); others as they are.
    var mapped: PeerAddress {
        guard bytes.count == 4 else { return self }
        return PeerAddress(bytes: [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + bytes, port: port)
    }

    /// The address as /proc/net/tcp{,6} prints it: each 32-bit word in host order, in hex.
    var procNetHex: String {
        stride(from: 0, to: bytes.count, by: 4).map { start in
            let word = bytes[start..<start + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let digits = String(word, radix: 16, uppercase: true)
            return String(repeating: "0", count: 8 - digits.count) + digits
        }.joined()
    }

    var description: String {
        var text = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let printed = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
        let host = printed == nil ? "?" : String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (bytes.count == 4 ? host : "[\(host)]") + ":\(port)"
    }

    private static func address(
        of fd: Int32, _ name: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> PeerAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { name(fd, $0, &length) }
        }
        guard got == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: &storage) { raw -> PeerAddress? in
            switch family {
            case AF_INET:
                let v4 = raw.load(as: sockaddr_in.self)
                return PeerAddress(bytes: withUnsafeBytes(of: v4.sin_addr) { Array($0) }, port: UInt16(bigEndian: v4.sin_port))
            case AF_INET6:
                let v6 = raw.load(as: sockaddr_in6.self)
                return PeerAddress(bytes: withUnsafeBytes(of: v6.sin6_addr) { Array($0) }, port: UInt16(bigEndian: v6.sin6_port))
            default:
                return nil
            }
        }
    }
}
