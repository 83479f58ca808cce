import DbgTestSupport
import Foundation
import Testing

/// Only the user who runs the server may drive it (Delve's --only-same-user), and a server
/// bound to loopback only loopback peers: any other peer is cut off before it is answered, and
/// logged with who it was (its address, its uid), without flooding the log.
@Suite(.serialized) struct SameUserTests {
    static let canSwitchUser = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    /// This machine's address that is not loopback (a peer on this host, not on `lo`).
    static let otherAddress = LocalAddress.nonLoopbackIPv4

    /// Python as `nobody`: connects (TCP port or unix path), sends a request, prints whether it
    /// was answered or the connection closed.
    static func probeAsNobody(_ target: String) async throws -> String {
        let probe = """
            import socket, json, sys
            t = sys.argv[1]
            if t.startswith("unix:"):
                s = socket.socket(socket.AF_UNIX); s.connect(t[5:])
            else:
                s = socket.create_connection(("127.0.0.1", int(t)))
            s.settimeout(10)
            try:
                s.sendall(json.dumps({"method": "RPCServer.ProcessPid", "params": [{}], "id": 1}).encode())
                print("answered" if s.recv(1000) else "closed")
            except (ConnectionResetError, BrokenPipeError):
                print("closed")
            """
        let run = try await ProcessRunner.run(
            "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", probe, target])
        return run.text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: canSwitchUser, "needs root, setpriv and /usr/bin/python3 to play another user"))
    func anotherUsersConnectionIsRefused() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { server.stop() }
        #expect(try await Self.probeAsNobody("\(server.port)") == "closed")
        #expect(server.output.contains("refused connection from 127.0.0.1:"), "\(server.output)")
        #expect(server.output.contains("(uid 65534)"), "\(server.output)")
        // The owner is still served, and the program runs to its end.
        let owner = try RPCTestClient(port: server.port)
        try await ServerLoadTests.runToTheEnd(owner, server)
    }

    /// SO_PEERCRED names a unix peer; the socket file is made reachable by all, so that only the
    /// server's own check stands between `nobody` and the debugger.
    @Test(.enabled(if: canSwitchUser, "needs root, setpriv and /usr/bin/python3 to play another user"))
    func anotherUsersUnixConnectionIsRefused() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let path = NSTemporaryDirectory() + "dbg-\(getpid())-\(UUID().uuidString.prefix(6)).sock"
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", "--listen", "unix:" + path, binary])
        defer { server.stop() }
        chmod(path, 0o666)
        #expect(try await Self.probeAsNobody("unix:" + path) == "closed")
        #expect(server.output.contains("refused connection from uid 65534"), "\(server.output)")
        let owner = try RPCTestClient(unixPath: path)
        try await ServerLoadTests.runToTheEnd(owner, server)
    }

    /// A socket bound to another address of this machine reaches 127.0.0.1; such a peer is not
    /// loopback, and was served until this check existed. The same peer, same user, on a
    /// server bound to every address is served.
    @Test(.enabled(if: otherAddress != nil, "needs an IPv4 address that is not loopback"))
    func aNonLoopbackPeerOfALoopbackServerIsRefused() async throws {
        let source = try #require(Self.otherAddress)
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let loopback = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { loopback.stop() }
        let outsider = try RPCTestClient(port: loopback.port, source: source)
        _ = try? outsider.request("ProcessPid", [String: Any]())
        #expect(await outsider.reply() == nil, "not answered")
        #expect(loopback.output.contains("refused connection from \(source):"), "\(loopback.output)")
        #expect(loopback.output.contains("(not a loopback address)"), "\(loopback.output)")
        let owner = try RPCTestClient(port: loopback.port)
        try await ServerLoadTests.runToTheEnd(owner, loopback)

        let everywhere = try await HeadlessProcess.start(["exec", "--headless", "--listen", "0.0.0.0:0", binary])
        defer { everywhere.stop() }
        let neighbour = try RPCTestClient(port: everywhere.port, host: source, source: source)
        try await ServerLoadTests.runToTheEnd(neighbour, everywhere)
        #expect(!everywhere.output.contains("refused connection"), "\(everywhere.output)")
    }

    /// 200 refused peers in a burst: a few lines, then a count of the rest, never 200 lines.
    @Test(.enabled(if: otherAddress != nil, "needs an IPv4 address that is not loopback"))
    func aFloodOfRefusedPeersIsLoggedBriefly() async throws {
        let source = try #require(Self.otherAddress)
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { server.stop() }
        let start = Date()
        for _ in 0..<200 {
            let outsider = try RPCTestClient(port: server.port, source: source)
            #expect(await outsider.isClosedByServer())
        }
        let seconds = Date().timeIntervalSince(start)
        let owner = try RPCTestClient(port: server.port)
        try await ServerLoadTests.runToTheEnd(owner, server)
        let (logged, held) = ServerLog.refusals(in: server.output, containing: ["\(source):", "(not a loopback address)"])
        #expect(logged + held == 200, "\(logged) logged + \(held) counted: \(server.output)")
        #expect(logged <= ServerLog.mostLines(in: seconds), "\(logged) lines in \(seconds) s")
    }
}
