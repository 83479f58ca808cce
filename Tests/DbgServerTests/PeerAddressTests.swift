import Testing
@testable import DbgServer

/// Peer addresses as the peer check sees them: loopback or not (IPv4, IPv6, IPv4 mapped into
/// IPv6), and spelled as /proc/net/tcp{,6} spells them (checked against lines of those files).
@Suite struct PeerAddressTests {
    static let v4Loopback = PeerAddress(bytes: [127, 0, 0, 1], port: 0xBC0A)
    static let v4Other = PeerAddress(bytes: [192, 0, 2, 2], port: 80)
    static let v6Loopback = PeerAddress(bytes: [UInt8](repeating: 0, count: 15) + [1], port: 1)

    @Test func loopbackOrNot() {
        #expect(Self.v4Loopback.isLoopback)
        #expect(PeerAddress(bytes: [127, 1, 2, 3], port: 1).isLoopback)
        #expect(!Self.v4Other.isLoopback)
        #expect(Self.v6Loopback.isLoopback)
        #expect(Self.v4Loopback.mapped.isLoopback)
        #expect(!Self.v4Other.mapped.isLoopback)
        #expect(!PeerAddress(bytes: [0xfd] + [UInt8](repeating: 0, count: 14) + [2], port: 1).isLoopback)
    }

    @Test func spelledAsProcNetTCP() {
        #expect(Self.v4Loopback.procNetHex == "0100007F")
        #expect(Self.v4Other.procNetHex == "020200C0")
        #expect(Self.v4Loopback.mapped.procNetHex == "0000000000000000FFFF00000100007F")
        #expect(Self.v6Loopback.procNetHex == "00000000000000000000000001000000")
        #expect(Self.v4Loopback.mapped.unmapped.bytes == Self.v4Loopback.bytes)
    }

    @Test func printed() {
        #expect(Self.v4Loopback.description == "127.0.0.1:48138")
        #expect(Self.v6Loopback.description == "[::1]:1")
        #expect(Self.v4Other.mapped.description == "[::ffff:192.0.2.2]:80")
    }
}
