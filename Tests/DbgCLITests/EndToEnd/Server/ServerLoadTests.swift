import Foundation
import Testing

/// The server under heavy and hostile use (ServerLimits): a request without end, a thousand
/// connections, a client that never reads. Each time other clients are still served, the
/// server's memory and descriptors stay bounded, and the program still ends as it would have.
/// Figures are printed (measurements to report), bounds are generous.
@Suite(.serialized) struct ServerLoadTests {
    static let hello = "Hello, world! (5 letters)"

    /// Delve reads such a request to its end (its RSS grew 13.6 → 258.6 MB here): dbg stops at
    /// 4 MiB, answers with an error and closes the connection.
    @Test func hundredMegabytesWithoutANewline() async throws {
        let (server, witness) = try await Self.multiclientServerWithAWitness()
        defer { server.stop() }
        let before = ProcessFigures.residentKiB(server.pid) ?? 0

        let abuser = try RPCTestClient(port: server.port)
        async let reply = abuser.reply()  // read while sending: the reply comes before the end of the flood
        let sent = await abuser.flood(prefix: #"{"method":"RPCServer.Eval","params":[{"Expr":""#, filler: UInt8(ascii: "x"),
                                      count: 100 << 20)
        let error = await reply?["error"] as? String
        #expect(error?.contains("larger than 4 MiB") == true, "\(String(describing: error))")
        #expect(await abuser.isClosedByServer())
        #expect(sent < 100 << 20, "the server stopped reading: \(sent) bytes went out")

        #expect((try await witness.call("State", ["NonBlocking": true])["State"] as? [String: Any])?["Pid"] as? Int ?? 0 > 0)
        let peak = ProcessFigures.peakResidentKiB(server.pid) ?? 0
        let after = ProcessFigures.residentKiB(server.pid) ?? 0
        print("100 MB without a newline: dbg RSS \(before) KiB before, \(after) KiB after, peak \(peak) KiB; \(sent) bytes sent")
        #expect(peak - before < 64 << 10, "RSS \(before) KiB → peak \(peak) KiB")

        try await Self.runToTheEnd(witness, server)
    }

    /// 1,000 connections at once with --accept-multiclient: 64 clients are served (the witness
    /// and 63 more), the rest refused and logged without flooding the log; the descriptors come
    /// back when they leave, and a new client is served.
    @Test func aThousandConnectionsMulticlient() async throws {
        let (server, witness) = try await Self.multiclientServerWithAWitness()
        defer { server.stop() }
        let fdsBefore = ProcessFigures.openDescriptors(server.pid)

        let start = Date()
        var clients: [RPCTestClient] = []
        for _ in 0..<1000 { clients.append(try RPCTestClient(port: server.port)) }
        let seconds = Date().timeIntervalSince(start)
        let fdsDuring = ProcessFigures.openDescriptors(server.pid)
        var served = 0, refused = 0
        for client in clients {
            let answered = (try? client.request("ProcessPid", [String: Any]())) != nil
            if answered, let reply = await client.reply(), reply["result"] is [String: Any] { served += 1 } else { refused += 1 }
        }
        #expect(served == 63 && refused == 937, "served \(served), refused \(refused)")
        clients.removeAll()
        let fdsAfter = await ProcessFigures.waitForDescriptors(server.pid, atMost: fdsBefore + 2)
        print("1,000 connections (multiclient): \(served) served, \(refused) refused; dbg fds \(fdsBefore) → \(fdsDuring) → \(fdsAfter)")
        #expect(fdsAfter <= fdsBefore + 2, "descriptors \(fdsBefore) → \(fdsAfter)")

        let newcomer = try RPCTestClient(port: server.port)
        #expect(try await newcomer.call("ProcessPid")["Pid"] as? Int ?? 0 > 0)
        try await Self.runToTheEnd(newcomer, server)
        // Every refusal is in the log: a few lines, then counts of those not written out.
        let (logged, held) = ServerLog.refusals(in: server.output, containing: ["127.0.0.1:", "64 clients already connected"])
        #expect(logged + held == 937, "\(logged) logged + \(held) counted")
        #expect(logged <= ServerLog.mostLines(in: seconds), "the log is rate-limited: \(logged) lines in \(seconds) s")
    }

    /// Without --accept-multiclient the listener closes once its client is in (as Delve's): the
    /// other 999 connections are refused by the kernel and cost dbg nothing.
    @Test func aThousandConnectionsOneClient() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        #expect(try await client.call("ProcessPid")["Pid"] as? Int ?? 0 > 0)
        let fdsBefore = ProcessFigures.openDescriptors(server.pid)
        var refused = 0
        for _ in 0..<999 where (try? RPCTestClient(port: server.port)) == nil { refused += 1 }
        #expect(refused == 999)
        #expect(ProcessFigures.openDescriptors(server.pid) <= fdsBefore)
        try await Self.runToTheEnd(client, server)
    }

    /// dbg with few descriptors to spare: once accept fails with EMFILE, the connections left in
    /// the backlog wait, and are served as soon as descriptors come back (the accept loop used to
    /// end at the first such failure, leaving the server deaf for good). On a unix socket, whose
    /// peer check needs no descriptor (over TCP the check's read of /proc/net/tcp fails first,
    /// and the peer is refused as one that cannot be checked).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit")))
    func runningOutOfDescriptorsPausesTheAcceptLoop() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let path = NSTemporaryDirectory() + "dbg-\(getpid())-\(UUID().uuidString.prefix(6)).sock"
        let server = try await HeadlessProcess.start(
            ["--nofile=48:48", try TerminalSession.dbgBinary, "exec", "--headless", "--accept-multiclient", "--listen", "unix:" + path, binary],
            program: "/usr/bin/prlimit")
        defer { server.stop() }
        let witness = try RPCTestClient(unixPath: path)
        #expect(try await witness.call("ProcessPid")["Pid"] as? Int ?? 0 > 0)
        var holders: [RPCTestClient] = []
        for _ in 0..<40 { holders.append(try RPCTestClient(unixPath: path)) }
        #expect(await Self.eventually { server.output.contains("cannot accept a connection: Too many open files (retrying)") },
                "\(server.output)")
        let fds = ProcessFigures.openDescriptors(server.pid)
        holders.removeAll()
        let late = try RPCTestClient(unixPath: path)
        #expect(try await late.call("ProcessPid")["Pid"] as? Int ?? 0 > 0, "served once descriptors are back")
        print("out of descriptors: dbg held \(fds) of 48, then served a new client")
        try await Self.runToTheEnd(late, server)
    }

    static func eventually(seconds: Double = 10, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            guard Date() < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }

    /// 5,000 requests sent in one go on one connection: past 64 in flight dbg stops reading
    /// until some are answered (the client's sends wait), and every one is answered.
    @Test func pipelinedRequestsAreAllAnswered() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        let before = ProcessFigures.residentKiB(server.pid) ?? 0
        let count = 5000
        let batch = (1...count).map { #"{"method":"RPCServer.State","params":[{"NonBlocking":true}],"id":\#($0)}"# }.joined()
        async let sent = client.flood(prefix: batch, filler: 0, count: 0)
        var ids = Set<Int>()
        for _ in 0..<count {
            guard let reply = await client.reply(), let id = reply["id"] as? Int, reply["result"] is [String: Any] else { break }
            ids.insert(id)
        }
        _ = await sent
        #expect(ids == Set(1...count), "\(ids.count) of \(count) answered")
        let peak = ProcessFigures.peakResidentKiB(server.pid) ?? 0
        print("5,000 pipelined requests: dbg RSS \(before) KiB before, peak \(peak) KiB")
        try await Self.runToTheEnd(client, server)
    }

    /// A client that sends requests and never reads their replies is dropped once 16 MiB of
    /// them wait; the server's memory stays bounded and the others are served.
    @Test func aClientThatNeverReadsIsDropped() async throws {
        let (server, witness) = try await Self.multiclientServerWithAWitness()
        defer { server.stop() }
        let before = ProcessFigures.residentKiB(server.pid) ?? 0
        let state = try await witness.call("State", ["NonBlocking": false])["State"] as? [String: Any]
        let pc = ((state?["Threads"] as? [[String: Any]])?.first?["pc"] as? Int) ?? 0
        #expect(pc > 0)
        // A page of the program's code per reply (5.5 KB of base64): 10,000 replies are far more
        // than the limit plus what the two sockets' buffers hold.
        let deaf = try RPCTestClient(port: server.port)
        let request = #"{"method":"RPCServer.ExamineMemory","params":[{"Address":\#(pc & ~0xfff),"Length":4096}],"id":1}"#
        var dropped = false
        for _ in 0..<10_000 where !deaf.send(request) {
            dropped = true
            break
        }
        if !dropped { dropped = await deaf.isClosedByServer(seconds: 20) }
        #expect(dropped, "a peer that never reads is dropped")
        #expect((try await witness.call("State", ["NonBlocking": true])["State"] as? [String: Any])?["Pid"] as? Int ?? 0 > 0)
        let peak = ProcessFigures.peakResidentKiB(server.pid) ?? 0
        print("a client that never reads: dbg RSS \(before) KiB before, peak \(peak) KiB")
        #expect(peak - before < 96 << 10, "RSS \(before) KiB → peak \(peak) KiB")
        try await Self.runToTheEnd(witness, server)
    }

    /// A multiclient dbg on Fixtures/c/hello, and a client it has answered.
    static func multiclientServerWithAWitness() async throws -> (HeadlessProcess, RPCTestClient) {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        do {
            let witness = try RPCTestClient(port: server.port)
            #expect(try await witness.call("ProcessPid")["Pid"] as? Int ?? 0 > 0)
            return (server, witness)
        } catch {
            server.stop()
            throw error
        }
    }

    /// The program runs to its own end (its output, exit status 0), then the server ends.
    static func runToTheEnd(_ client: RPCTestClient, _ server: HeadlessProcess) async throws {
        let state = try await client.call("Command", ["name": "continue"])["State"] as? [String: Any]
        #expect(state?["exited"] as? Bool == true && state?["exitStatus"] as? Int == 0, "\(String(describing: state))")
        #expect(server.output.components(separatedBy: hello).count == 3, "\(server.output)")
        _ = try await client.call("Detach", ["Kill": true])
        #expect(await server.waitForExit() == 0, "\(server.output)")
    }
}
