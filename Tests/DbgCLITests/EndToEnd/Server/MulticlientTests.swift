import Foundation
import Testing

/// `--accept-multiclient`: several connections at once; a pending continue never holds up
/// another request, and `halt` from another client stops the program.
@Suite(.serialized) struct MulticlientTests {
    static func state(_ reply: [String: Any]?) -> [String: Any] {
        (reply?["result"] as? [String: Any])?["State"] as? [String: Any] ?? [:]
    }

    @Test func oneClientContinuesTheOtherHalts() async throws {
        // `loops forever` spins until it is stopped.
        let loops = try DelveOracle.fixture("c/loops").binary
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", loops, "--", "forever"])
        defer { server.stop() }
        let runner = try RPCTestClient(port: server.port)
        let other = try RPCTestClient(port: server.port)
        #expect(try await other.call("IsMulticlient")["IsMulticlient"] as? Bool == true)

        let continueID = try runner.request("Command", ["name": "continue"])
        // While the continue is pending, State on the other connection is answered at once
        // (the first answers may predate the continue: requests run concurrently, as Delve's do)...
        var running = false
        for _ in 0..<100 where !running {
            let state = try await other.call("State", ["NonBlocking": true])
            running = (state["State"] as? [String: Any])?["Running"] as? Bool == true
            if !running { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(running)
        // ...and so is State on the connection that waits for its continue.
        _ = try runner.request("State", ["NonBlocking": true])
        let sameConnection = await runner.reply()
        #expect(Self.state(sameConnection)["Running"] as? Bool == true, "\(String(describing: sameConnection))")

        _ = try await other.call("Command", ["name": "halt"])
        let stopped = await runner.reply()
        #expect(stopped?["id"] as? Int == continueID)
        let state = Self.state(stopped)
        #expect(state["Running"] as? Bool == false, "\(String(describing: stopped))")
        #expect(state["exited"] as? Bool == false)
        #expect((state["Threads"] as? [Any])?.isEmpty == false)
        let flag = try await runner.call("Eval", ["Expr": "stop_requested"])
        #expect((flag["Variable"] as? [String: Any])?["value"] as? String == "0", "halted, not ended by a signal")

        // The session goes on for both.
        let threads = try await runner.call("ListThreads")
        #expect((threads["Threads"] as? [Any])?.count == 1)
        #expect((try await other.call("State", ["NonBlocking": false])["State"] as? [String: Any])?["Running"] as? Bool == false)

        // A client that leaves does not end a multiclient server; Detach does.
        _ = runner
        let third = try RPCTestClient(port: server.port)
        #expect((try await third.call("ProcessPid"))["Pid"] as? Int ?? 0 > 0)
        _ = try await other.call("Detach", ["Kill": true])
        #expect(await server.waitForExit() == 0)
    }

    /// As Delve: the listener closes once its one client is in, so the kernel refuses the next.
    @Test func withoutMulticlientASecondClientIsTurnedAway() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let first = try RPCTestClient(port: server.port)
        #expect(try await first.call("IsMulticlient")["IsMulticlient"] as? Bool == false)
        #expect(throws: RPCTestClient.Failure.self) { try RPCTestClient(port: server.port) }
        #expect((try await first.call("State", ["NonBlocking": true])["State"] as? [String: Any])?["Pid"] as? Int ?? 0 > 0)
    }

    @Test func withoutMulticlientTheServerEndsWhenItsClientLeaves() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        do {
            let client = try RPCTestClient(port: server.port)
            _ = try await client.call("State", ["NonBlocking": true])
        }
        #expect(await server.waitForExit() == 0, "\(server.output)")
    }

    @Test func unixSocketIsPrivateAndServes() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let path = NSTemporaryDirectory() + "dbg-\(getpid())-\(UUID().uuidString.prefix(6)).sock"
        let server = try await HeadlessProcess.start(["exec", "--headless", "--listen", "unix:" + path, binary])
        defer { server.stop() }
        #expect(server.address == "unix:" + path)
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
        let client = try RPCTestClient(unixPath: path)
        #expect((try await client.call("ProcessPid"))["Pid"] as? Int ?? 0 > 0)
        _ = try await client.call("Detach", ["Kill": true])
        #expect(await server.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed at the end")
    }
}
