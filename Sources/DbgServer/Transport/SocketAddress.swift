import DbgService
import Glibc

/// A socket address for bind/connect, built from a `ListenAddress`.
struct SocketAddress {
    var family: Int32
    var storage: sockaddr_storage
    var length: socklen_t

    init(_ address: ListenAddress) throws(ServiceError) {
        storage = sockaddr_storage()
        switch address {
        case .unix(let path):
            family = AF_UNIX
            var unixAddress = sockaddr_un()
            unixAddress.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: unixAddress.sun_path)
            guard bytes.count < capacity else { throw ServiceError("unix socket path too long: \(path)") }
            withUnsafeMutableBytes(of: &unixAddress.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            length = socklen_t(MemoryLayout<sockaddr_un>.size)
            Self.store(unixAddress, in: &storage)
        case .tcp(let host, let port):
            let name = host.isEmpty ? "0.0.0.0" : (host == "localhost" ? "127.0.0.1" : host)
            var v4 = sockaddr_in()
            var v6 = sockaddr_in6()
            if inet_pton(AF_INET, name, &v4.sin_addr) == 1 {
                family = AF_INET
                v4.sin_family = sa_family_t(AF_INET)
                v4.sin_port = port.bigEndian
                length = socklen_t(MemoryLayout<sockaddr_in>.size)
                Self.store(v4, in: &storage)
            } else if inet_pton(AF_INET6, name, &v6.sin6_addr) == 1 {
                family = AF_INET6
                v6.sin6_family = sa_family_t(AF_INET6)
                v6.sin6_port = port.bigEndian
                length = socklen_t(MemoryLayout<sockaddr_in6>.size)
                Self.store(v6, in: &storage)
            } else {
                throw ServiceError("'\(host)' is not an IP address (names other than localhost are not resolved)")
            }
        }
    }

    private static func store<T>(_ value: T, in storage: inout sockaddr_storage) {
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: value) { source in target.copyMemory(from: source) }
        }
    }

    func withPointer<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}
