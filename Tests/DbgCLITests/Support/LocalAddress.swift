import Foundation

/// This machine's own addresses, for peers that are on this host but not loopback.
enum LocalAddress {
    /// An IPv4 address of an interface that is up and not loopback (192.0.2.2 on these VMs), if any.
    static var nonLoopbackIPv4: String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, Int32(address.pointee.sa_family) == AF_INET,
                  entry.pointee.ifa_flags & UInt32(IFF_UP) != 0,
                  entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0 else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let v4 = UnsafeRawPointer(address).load(as: sockaddr_in.self)
            var inAddress = v4.sin_addr
            guard inet_ntop(AF_INET, &inAddress, &text, socklen_t(text.count)) != nil else { continue }
            return String(cString: text)
        }
        return nil
    }
}
