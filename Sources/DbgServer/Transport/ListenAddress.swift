import DbgService
import Glibc

/// Where a server listens or a client connects: `HOST:PORT` (IPv4, `[IPv6]`, `localhost`,
/// an empty host meaning every interface) or `unix:PATH`.
public enum ListenAddress: Sendable, Equatable {
    case tcp(host: String, port: UInt16)
    case unix(path: String)

    public static let defaultListen = ListenAddress.tcp(host: "127.0.0.1", port: 0)

    public static func parse(_ text: String) throws(ServiceError) -> ListenAddress {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw ServiceError("'\(text)': unix: needs a socket path") }
            return .unix(path: path)
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw ServiceError("'\(text)' is not an address: use HOST:PORT or unix:PATH")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw ServiceError("'\(text)': the port must be a number from 0 to 65535")
        }
        return .tcp(host: host, port: port)
    }

    /// True for addresses only this machine can reach (127.0.0.0/8, ::1, unix sockets).
    public var isLoopback: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _):
            if host == "localhost" || host == "::1" { return true }
            var address = in_addr()
            return inet_pton(AF_INET, host, &address) == 1 && (UInt32(bigEndian: address.s_addr) >> 24) == 127
        }
    }

    public var description: String {
        switch self {
        case .unix(let path): return "unix:" + path
        case .tcp(let host, let port): return (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        }
    }
}
