import DbgTestSupport
import Foundation
import Testing

/// `dbg connect`: the REPL over JSON-RPC prints what the local REPL prints for the same session.
@Suite(.serialized) struct ConnectREPLTests {
    static let script = [
        "break greet", "trace hello.c:14", "continue", "args", "locals", "stack", "next", "print length", "set length = 3",
        "print length", "regs", "x -fmt hex -count 4 -size 1 name", "disassemble", "threads", "breakpoints", "toggle 1",
        "condition 2 length > 2", "continue", "restart", "breakpoints", "funcs ^greet$", "sources hello", "vars nosuch",
        "continue", "exit",
    ]

    /// The transcript without what differs between two runs: pids and the program's own output.
    static func normalized(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Hello, world!") }
            .map { line in
                String(line)
                    .replacingOccurrences(of: #"(Thread |thread\(|Process |PID )\d+"#, with: "$1N", options: .regularExpression)
            }
            .joined(separator: "\n")
    }

    /// The same script through `dbg exec` and through `dbg connect` to a headless `dbg exec`
    /// (which the caller stops), both run from the repository's root.
    static func localAndRemote(_ binary: String, script: [String]) async throws
        -> (local: (status: Int32, text: String), remote: (status: Int32, text: String), server: HeadlessProcess)
    {
        let scriptPath = NSTemporaryDirectory() + "dbg-connect-" + UUID().uuidString
        try (script.joined(separator: "\n") + "\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptPath) }
        let root = TerminalSession.shellQuote(DelveOracle.repositoryRoot)
        let dbg = try TerminalSession.dbgBinary
        let local = try await ProcessRunner.run("/bin/sh", ["-c", "cd \(root) && exec \"$@\"", "sh", dbg, "exec", binary], stdin: scriptPath)
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        let remote = try await ProcessRunner.run("/bin/sh", ["-c", "cd \(root) && exec \"$@\"", "sh", dbg, "connect", server.address],
                                           stdin: scriptPath)
        return (local, remote, server)
    }

    @Test func connectPrintsWhatTheLocalREPLPrints() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let (local, remote, server) = try await Self.localAndRemote(binary, script: Self.script)
        defer { server.stop() }
        #expect(remote.status == 0, "\(remote.text)")
        #expect(remote.text.contains("> thread("), "tracepoint passes are printed: \(remote.text)")
        #expect(remote.text.contains("(dbg) regs\n    Rip = 0x"))
        #expect(Self.normalized(remote.text) == Self.normalized(local.text))
        #expect(await server.waitForExit() == 0, "exit ends the server")
    }

    /// `watch` over JSON-RPC: set, stop (with gdb's old and new value lines), list, a
    /// condition, clear by name, as the local REPL prints them.
    @Test func watchpointsOverTheServerAreTheLocalOnes() async throws {
        let (binary, _) = try DelveOracle.fixture("c/watched")
        let script = [
            "break main", "continue", "watch counter", "continue", "breakpoints", "condition counter counter == 4", "continue",
            "watch 1+2", "clear counter", "continue", "exit",
        ]
        let (local, remote, server) = try await Self.localAndRemote(binary, script: script)
        defer { server.stop() }
        #expect(remote.status == 0, "\(remote.text)")
        #expect(remote.text.contains("Old value = 0\nNew value = 1\n"), "\(remote.text)")
        #expect(remote.text.contains("Old value = 3\nNew value = 4\n"), "the condition holds at 4: \(remote.text)")
        #expect(remote.text.contains("Watchpoint counter cleared at 0x"))
        let programOutput = "watched: counter=5 later=7\n"
        #expect(Self.normalized(remote.text) == Self.normalized(local.text.replacingOccurrences(of: programOutput, with: "")))
    }

    /// A Swift program over JSON-RPC: its values as Swift writes them and its tasks, the same
    /// as the local REPL prints them.
    @Test func swiftValuesAndTasksOverTheServerAreTheLocalOnes() async throws {
        let (binary, _) = try DelveOracle.fixture("swift/workers")
        let source = try String(contentsOfFile: DelveOracle.repositoryRoot + "/Fixtures/swift/workers.swift", encoding: .utf8)
        let line = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("break here") }) + 1
        let script = ["break workers.swift:\(line)", "continue", "args", "tasks -with user", "task 2 stack", "task 2 frame 1 args",
                      "stack", "threads", "exit"]
        let (local, remote, server) = try await Self.localAndRemote(binary, script: script)
        defer { server.stop() }
        #expect(remote.status == 0, "\(remote.text)")
        #expect(remote.text.contains("[9 tasks]") && remote.text.contains("(task 1)"), "\(remote.text)")
        // Command by command (the program's own lines come only in the local run, and the
        // executor's idle worker threads vary in number from run to run).
        func outputs(_ text: String) -> [String: String] {
            var byCommand: [String: String] = [:]
            var current: String?
            for line in Self.normalized(text).split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("(dbg) ") {
                    current = String(line.dropFirst(6))
                } else if let command = current {
                    byCommand[command, default: ""] += line.replacingOccurrences(of: #"\(thread \d+\)"#, with: "(thread N)", options: .regularExpression) + "\n"
                }
            }
            return byCommand
        }
        var (ours, theirs) = (outputs(local.text), outputs(remote.text))
        // The runtime numbers the executor's own tasks too, some runs one more than others:
        // the listings are compared with each task numbered by its place in the listing.
        func renumbered(_ listing: String?) -> String? {
            guard let listing else { return nil }
            var places: [String: String] = [:]
            for match in listing.matches(of: /Task (\d+) -/) { places[String(match.1)] = String(places.count + 1) }
            return listing.replacing(/([Tt]ask) (\d+)/) { match in "\(match.1) #\(places[String(match.2)] ?? String(match.2))" }
        }
        ours["tasks -with user"] = renumbered(ours["tasks -with user"])
        theirs["tasks -with user"] = renumbered(theirs["tasks -with user"])
        for command in ["args", "tasks -with user", "task 2 stack", "task 2 frame 1 args", "stack"] {
            #expect(theirs[command] == ours[command], "\(command): local \(ours[command] ?? "-"), remote \(theirs[command] ?? "-")")
        }
        #expect(theirs["threads"]?.contains("workers.checkpoint(parked:) (task 1)") == true, "\(remote.text)")
    }

    @Test func connectDrivesDelvesOwnServer() async throws {
        guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw DelveOracle.Failure(description: "dlv is not installed: run `make deps`")
        }
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let delve = try await HeadlessProcess.start(
            ["exec", "--headless", "--listen", "127.0.0.1:0", "--api-version", "2", binary], program: dlv)
        defer { delve.stop() }
        let scriptPath = NSTemporaryDirectory() + "dbg-connect-dlv-" + UUID().uuidString
        try "break hello.c:14\ncontinue\nargs\nnext\nprint length\nclear 1\ncontinue\nexit\n"
            .write(toFile: scriptPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptPath) }
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["connect", delve.address], stdin: scriptPath)
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("> C.greet() c/hello.c:14 (hits total:1)"), "\(run.text)")
        #expect(run.text.contains("name = \"world\""))
        #expect(run.text.contains("(dbg) print length\n1\n"))
        #expect(run.text.contains("has exited with status 0"))
        #expect(!run.text.contains("Command failed"), "\(run.text)")
    }

    @Test func connectingToNothingIsAOneLineError() async throws {
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["connect", "127.0.0.1:1"])
        #expect(run.status != 0)
        #expect(run.text.hasPrefix("Error: cannot connect to 127.0.0.1:1:"), "\(run.text)")
        #expect(run.text.split(separator: "\n").count == 1)
        let bad = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["connect", "nowhere"])
        #expect(bad.status != 0)
        #expect(bad.text.contains("HOST:PORT or unix:PATH"), "\(bad.text)")
    }

    @Test func headlessFlagsNeedHeadless() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["exec", "--listen", "127.0.0.1:0", binary])
        #expect(run.status != 0)
        #expect(run.text.contains("--listen and --accept-multiclient need --headless"), "\(run.text)")
    }

    @Test func aNonLoopbackListenerIsWarnedAbout() async throws {
        let (binary, _) = try DelveOracle.fixture("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", "--listen", "0.0.0.0:0", binary])
        defer { server.stop() }
        #expect(server.output.contains("Warning: 0.0.0.0:0 is not a loopback address"), "\(server.output)")
        #expect(server.address.hasPrefix("0.0.0.0:"))
    }
}

/// `dbg connect` in a terminal: Ctrl-C halts the remote program while a continue waits.
@Suite(.serialized) struct ConnectTerminalTests {
    @Test func ctrlCHaltsTheRemoteProgram() async throws {
        let loops = try DelveOracle.fixture("c/loops").binary
        let server = try await HeadlessProcess.start(["exec", "--headless", loops, "--", "forever"])
        defer { server.stop() }
        let session = try TerminalSession.start(["connect", server.address])
        defer { session.close() }
        try await session.continueThenHaltWithCtrlC(programUnder: server.pid)
        #expect(await server.waitForExit() == 0, "exit ends the server")
    }
}
