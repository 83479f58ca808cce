import DbgService
import Testing
@testable import DbgServer

@Suite struct ListenAddressTests {
    @Test func forms() throws {
        #expect(try ListenAddress.parse("127.0.0.1:0") == .tcp(host: "127.0.0.1", port: 0))
        #expect(try ListenAddress.parse("localhost:4040") == .tcp(host: "localhost", port: 4040))
        #expect(try ListenAddress.parse("[::1]:4040") == .tcp(host: "::1", port: 4040))
        #expect(try ListenAddress.parse(":4040") == .tcp(host: "", port: 4040))
        #expect(try ListenAddress.parse("unix:/tmp/dbg.sock") == .unix(path: "/tmp/dbg.sock"))
    }

    @Test func badAddressesSayWhy() {
        #expect(throws: ServiceError.self) { try ListenAddress.parse("nonsense") }
        #expect(throws: ServiceError.self) { try ListenAddress.parse("127.0.0.1:99999") }
        #expect(throws: ServiceError.self) { try ListenAddress.parse("unix:") }
    }

    @Test func onlyLoopbackIsSafe() throws {
        #expect(try ListenAddress.parse("127.0.0.1:1").isLoopback)
        #expect(try ListenAddress.parse("127.9.9.9:1").isLoopback)
        #expect(try ListenAddress.parse("[::1]:1").isLoopback)
        #expect(try ListenAddress.parse("localhost:1").isLoopback)
        #expect(try ListenAddress.parse("unix:/tmp/x").isLoopback)
        #expect(!(try ListenAddress.parse("0.0.0.0:1").isLoopback))
        #expect(!(try ListenAddress.parse(":1").isLoopback))
        #expect(!(try ListenAddress.parse("10.1.2.3:1").isLoopback))
        #expect(HeadlessServer.exposureWarning(for: try ListenAddress.parse("0.0.0.0:1")) != nil)
        #expect(HeadlessServer.exposureWarning(for: try ListenAddress.parse("127.0.0.1:1")) == nil)
    }
}
