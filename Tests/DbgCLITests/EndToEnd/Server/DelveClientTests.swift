import DbgTestSupport
import Foundation
import Testing

/// Delve's own terminal client, `dlv connect --init SCRIPT`, driving `dbg exec --headless`.
@Suite(.serialized) struct DelveClientTests {
    /// Runs `dlv connect` with the script against a fresh headless dbg on the fixture (or, with
    /// `againstDelve`, Delve's own headless server); returns dlv's transcript (colours and
    /// source listings removed) and dbg's exit status (nil for Delve's server).
    static func session(_ fixture: String, script: [String], againstDelve: Bool = false)
        async throws -> (transcript: String, lines: [String], serverStatus: Int32?)
    {
        let dlv = try Self.dlv()
        let (binary, _) = try DelveOracle.fixture(fixture)
        let server = againstDelve
            ? try await HeadlessProcess.start(["exec", "--headless", "--listen", "127.0.0.1:0", "--api-version", "2", binary], program: dlv)
            : try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let scriptPath = NSTemporaryDirectory() + "dbg-dlv-connect-" + UUID().uuidString
        try (script.joined(separator: "\n") + "\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scriptPath) }
        let command = "cd \(TerminalSession.shellQuote(DelveOracle.repositoryRoot)) && exec \"$@\""
        let output = try await ProcessRunner.run("/bin/sh", ["-c", command, "sh", dlv, "connect", server.address, "--init", scriptPath]).text
        let transcript = DelveOracle.stripColours(output)
        let listing = #/^(=>)?\s+\d+:\t/#
        let lines = transcript.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { (try? listing.prefixMatch(in: $0)) == nil }
        return (transcript, lines, againstDelve ? nil : await server.waitForExit())
    }

    static func dlv() throws -> String {
        guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw DelveOracle.Failure(description: "dlv is not installed: run `make deps`")
        }
        return dlv
    }

    @Test func cSession() async throws {
        let run = try await Self.session("c/hello", script: [
            "break greet", "continue", "print name", "locals", "args", "stack", "next", "step", "stepout", "clear 1",
            "break hello.c:14", "clearall", "restart", "continue", "exit",
        ])
        let lines = run.lines
        func has(_ prefix: String) -> Bool { lines.contains { $0.hasPrefix(prefix) } }
        #expect(has("Breakpoint 1 set at 0x") && lines.contains { $0.hasSuffix("for greet() ./Fixtures/c/hello.c:12") }, "\(run.transcript)")
        #expect(has("> greet() ./Fixtures/c/hello.c:12 (hits total:1) (PC: 0x"), "\(run.transcript)")
        #expect(lines.contains("\"world\""))
        #expect(lines.contains("length = 0"))
        #expect(lines.contains("name = \"world\""))
        #expect(has("0  0x") && lines.contains("   at ./Fixtures/c/hello.c:12") && lines.contains("   at ./Fixtures/c/hello.c:23"))
        #expect(has("> greet() ./Fixtures/c/hello.c:13 (PC: 0x"))
        #expect(has("> greet() ./Fixtures/c/hello.c:14 (PC: 0x"))
        #expect(has("> main() ./Fixtures/c/hello.c:"))
        #expect(has("Breakpoint 1 cleared at 0x"))
        #expect(has("Breakpoint 2 set at 0x") && has("Breakpoint 2 cleared at 0x"))
        #expect(has("Process restarted with PID "))
        #expect(lines.contains { $0.contains("has exited with status 0") })
        #expect(!run.transcript.contains("unknown method"), "\(run.transcript)")
        #expect(run.serverStatus == 0, "exit detaches and ends the server")
    }

    @Test func goSession() async throws {
        let run = try await Self.session("go/goroutines", script: [
            "break main.inspect", "continue", "print s", "args", "stack", "next", "step", "locals", "stepout", "clear 1",
            "break main.worker", "clearall", "restart", "exit",
        ])
        let lines = run.lines
        func has(_ prefix: String) -> Bool { lines.contains { $0.hasPrefix(prefix) } }
        #expect(has("Breakpoint 1 set at 0x") && lines.contains { $0.hasSuffix("for main.inspect() ./Fixtures/go/goroutines/main.go:175") },
                "\(run.transcript)")
        #expect(has("> main.inspect() ./Fixtures/go/goroutines/main.go:175 (hits"), "\(run.transcript)")
        #expect(lines.contains { $0.hasPrefix("o = (*main.Order)(0x") }, "args")
        #expect(has("0  0x") && lines.contains("   at ./Fixtures/go/goroutines/main.go:175"))
        #expect(lines.contains("   at ./Fixtures/go/goroutines/main.go:254"))
        #expect(has("> main.inspect() ./Fixtures/go/goroutines/main.go:176 (PC: 0x"))
        #expect(has("> main.inspect() ./Fixtures/go/goroutines/main.go:177 (PC: 0x"))
        #expect(lines.contains { $0.hasPrefix("discount = ") }, "locals")
        #expect(has("> main.main() ./Fixtures/go/goroutines/main.go:254 (PC: 0x"), "stepout")
        #expect(has("Breakpoint 1 cleared at 0x"))
        #expect(has("Breakpoint 2 set at 0x") && lines.contains { $0.hasSuffix("for main.worker() ./Fixtures/go/goroutines/main.go:103") })
        #expect(has("Breakpoint 2 cleared at 0x"))
        #expect(has("Process restarted with PID "))
        #expect(run.serverStatus == 0, "exit detaches and ends the server")
    }

    /// Breakpoint commands (`on ID CMD`) through the server: Delve's client prints what dbg
    /// gathered at each stop and each tracepoint pass exactly as it prints what Delve gathers.
    @Test func onCommandsAsDelveItself() async throws {
        let script = [
            "break main.transfer", "on 1 stack 2", "on 1 goroutine", "on 1 print amount", "on 1 print nosuch",
            "on 1 args -v", "on 1 locals", "break main.note", "on 2 args", "on 2 print journal", "trace main.fee",
            "on 3 print amount", "on 3 goroutine", "breakpoints", "continue", "continue", "clear 2", "break main.go:59",
            "continue", "exit",
        ]
        let run = try await Self.session("go/defers", script: script)
        let (binary, _) = try DelveOracle.fixture("go/defers")
        let direct = try await DelveOracle.run(binary: binary, directory: DelveOracle.repositoryRoot, script: script, programOutput: DelveOracle.programOutputPath())
        let ours = Self.comparableTranscript(run.transcript)
        #expect(ours == Self.comparableTranscript(direct))
        #expect(ours.contains("\tamount: 30") && ours.contains("\tjournal: []string len: 0, cap: 0, nil"), "\(run.transcript)")
        #expect(ours.contains("> goroutine(1): main.fee(70)") && ours.contains { $0.hasPrefix("\t\tRuntime: ./Fixtures/go/defers/main.go:66 main.fee ") })
    }

    /// Delve's transcript without what differs between two runs (addresses on the stack and
    /// the heap, a result not yet set, Delve's own internal breakpoints, the source listings).
    static func comparableTranscript(_ text: String) -> [String] {
        let listing = #/^(=>)?\s+\d+:\t/#
        return DelveOracle.stripColours(text).split(separator: "\n").map(String.init)
            .filter { (try? listing.prefixMatch(in: $0)) == nil && !GoOnCommandTests.isDelveInternalBreakpoint($0) }
            .map {
                $0.replacingOccurrences(of: #"0xc[0-9a-f]{9}"#, with: "0xc…", options: .regularExpression)
                    .replacingOccurrences(of: #"~r0: \d+"#, with: "~r0: …", options: .regularExpression)
            }
            .filter { !$0.hasPrefix("Type 'help'") }
    }

    /// A continue that passes tracepoints: one line per pass and one per return (dlv's client
    /// asks FunctionReturnLocations and puts return tracepoints there), then the stop.
    @Test func tracepointsAsDelvePrintsThem() async throws {
        let run = try await Self.session("c/hello", script: ["trace greet", "on 1 print name", "break hello.c:24", "continue", "exit"])
        let passes = run.lines.filter { $0 == "> goroutine(0): greet(\"world\")" }
        #expect(passes.count == 2, "\(run.transcript)")
        #expect(run.lines.filter { $0 == "\tname: \"world\"" }.count == 2, "the tracepoint's `on` values")
        #expect(run.lines.filter { $0 == ">> goroutine(0): => ()" }.count == 2, "\(run.transcript)")
        #expect(run.lines.contains { $0.hasPrefix("> main() ./Fixtures/c/hello.c:24 (hits total:1)") }, "\(run.transcript)")
        #expect(!run.transcript.contains("not supported"))
    }

    /// Delve's client lists, filters and groups goroutines through the server (filters and
    /// groups are worked out server side), and switches to one.
    @Test func goroutinesThroughDelvesClient() async throws {
        let run = try await Self.session("go/goroutines", script: [
            "break main.inspect", "continue", "goroutines", "goroutines -with userloc main.worker",
            "goroutines -group userloc", "goroutine 1", "exit",
        ])
        #expect(run.lines.contains { $0.hasPrefix("* Goroutine 1 - User: ./Fixtures/go/goroutines/main.go:") }, "\(run.transcript)")
        #expect(run.lines.filter { $0.contains("main.worker") && $0.contains("[chan receive]") }.count >= 6)  // listed, then filtered
        #expect(run.lines.contains("[13 goroutines]"))
        #expect(run.lines.contains("[3 goroutines]"))
        #expect(run.lines.contains { $0.hasSuffix("main.go:104 in main.worker") })
        #expect(run.lines.contains("\tTotal: 3"))
        #expect(run.lines.contains { $0.hasPrefix("Switched from 1 to 1") })
    }
}
