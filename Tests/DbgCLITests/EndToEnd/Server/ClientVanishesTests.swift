import DbgTestSupport
import Foundation
import Testing

/// A client that goes away in the middle of a request (half a JSON message, or a `continue`
/// still running) harms neither the server nor the program. With --accept-multiclient the
/// server goes on serving others; without it, a lost client ends the session as Delve's does:
/// dbg detaches from an attached program, which runs on to its own normal end, and kills a
/// program it launched (none is left behind, running or stopped).
@Suite(.serialized) struct ClientVanishesTests {
    static let halfARequest = #"{"method":"RPCServer.State","params":[{"NonBl"#
    /// Fixtures/c/tracee with 2 threads × 400 calls 10 ms apart: about 4 s, then "calls=800".
    static let traceeArguments = ["400", "2", "10000"]

    @Test func halfARequestThenGoneMulticlient() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary])
        defer { server.stop() }
        do {
            let leaver = try RPCTestClient(port: server.port)
            #expect(leaver.send(Self.halfARequest))
        }
        let next = try RPCTestClient(port: server.port)
        try await ServerLoadTests.runToTheEnd(next, server)
    }

    @Test func halfARequestThenGoneEndsAOneClientServer() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let pid: Int
        do {
            let leaver = try RPCTestClient(port: server.port)
            pid = try #require(try await leaver.call("ProcessPid")["Pid"] as? Int)
            #expect(leaver.send(Self.halfARequest))
        }
        #expect(await server.waitForExit() == 0, "\(server.output)")
        #expect(await ServerLoadTests.eventually { Self.isGone(pid_t(pid)) }, "the launched program is not left behind")
    }

    /// The leaver's `continue` runs on without it: a conditional breakpoint that never holds
    /// keeps the engine busy at every call until the program ends; another client sees the end.
    @Test func continueInFlightThenGoneMulticlient() async throws {
        let binary = try TraceCommandTests.fixture("c/tracee")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--accept-multiclient", binary, "--"] + Self.traceeArguments)
        defer { server.stop() }
        do {
            let leaver = try RPCTestClient(port: server.port)
            try await Self.continueAtANeverTrueBreakpoint(leaver)
        }
        let left = ContinuousClock.now
        let next = try RPCTestClient(port: server.port)
        let running = try await next.call("State", ["NonBlocking": true])["State"] as? [String: Any]
        // Running, or already at its end: in a busy full run the test's task can be held up
        // for seconds between the leaver's going and this question; either way the continue
        // went on without its client, and the end is checked below.
        let seen = running?["Running"] as? Bool == true || running?["exited"] as? Bool == true
        #expect(seen, "\(ContinuousClock.now - left): \(String(describing: running))")
        var state: [String: Any]?
        for _ in 0..<300 {
            state = try await next.call("State", ["NonBlocking": true])["State"] as? [String: Any]
            if state?["exited"] as? Bool == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(state?["exited"] as? Bool == true && state?["exitStatus"] as? Int == 0, "\(String(describing: state))")
        #expect(server.output.contains("calls=800"), "\(server.output)")
        _ = try await next.call("Detach", ["Kill": true])
        #expect(await server.waitForExit() == 0, "\(server.output)")
    }

    /// dbg attached without multiclient: its only client leaves while a `continue` runs, so dbg
    /// halts, takes its breakpoint out, detaches and ends; the program never notices.
    @Test func continueInFlightThenGoneDetachesFromAnAttachedProgram() async throws {
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), Self.traceeArguments)
        let server = try await HeadlessProcess.start(["attach", "\(program.pid)", "--headless"])
        defer { server.stop() }
        do {
            let leaver = try RPCTestClient(port: server.port)
            try await Self.continueAtANeverTrueBreakpoint(leaver)
        }
        #expect(await server.waitForExit() == 0, "\(server.output)")
        let end = program.wait(seconds: 30)
        #expect(end.status == 0 && end.text.contains("calls=800"), "\(end)")
    }

    /// The same with a program dbg launched: killed with the session, as Delve does.
    @Test func continueInFlightThenGoneEndsALaunchedProgram() async throws {
        let binary = try TraceCommandTests.fixture("c/tracee")
        // 40 s of calls: killed long before its end, even on a loaded machine (with the
        // 4 s program of the other tests, a full run once saw it finish first).
        let server = try await HeadlessProcess.start(["exec", "--headless", binary, "--", "4000", "2", "10000"])
        defer { server.stop() }
        let pid: Int
        do {
            let leaver = try RPCTestClient(port: server.port)
            pid = try #require(try await leaver.call("ProcessPid")["Pid"] as? Int)
            try await Self.continueAtANeverTrueBreakpoint(leaver)
        }
        #expect(await server.waitForExit() == 0, "\(server.output)")
        #expect(await ServerLoadTests.eventually { Self.isGone(pid_t(pid)) }, "the launched program is not left behind")
        #expect(!server.output.contains("calls=8000"), "\(server.output)")
    }

    /// No such process, or only its zombie (reaped by init once dbg is gone).
    static func isGone(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return errno == ESRCH }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// A breakpoint on `checksum` whose condition never holds, then a `continue` left running.
    static func continueAtANeverTrueBreakpoint(_ client: RPCTestClient) async throws {
        let created = try await client.call("CreateBreakpoint", ["Breakpoint": ["Cond": "i == -1"], "LocExpr": "checksum"])
        #expect((created["Breakpoint"] as? [String: Any])?["functionName"] as? String == "checksum")
        let pid = try #require(try await client.call("ProcessPid")["Pid"] as? Int)
        _ = try client.request("Command", ["name": "continue"])
        // Under way once the program runs, as /proc tells (not the server: a State asked after
        // the test's task was held up for seconds in a busy full run would read the continue's
        // own reply, which comes at the program's end and sits first in the socket).
        let started = await Eventually.wait { ProcessState.isRunning(pid_t(pid)) || kill(pid_t(pid), 0) != 0 }
        #expect(started, "the continue never started")
    }
}
