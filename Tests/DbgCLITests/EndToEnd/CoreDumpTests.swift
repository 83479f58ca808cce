import DbgTestSupport
import Foundation
import Testing

/// `dump FILE` in a live session: the core dbg writes is read back by gdb (C), by Delve
/// (`dlv core`, Go) and by `dbg core`, each showing the stacks and values dbg showed live.
@Suite struct CoreDumpTests {
    /// c/pointers stopped in inspect: gdb reads the dump and prints what dbg printed live
    /// (CValueTests' values and `x`, the same facts); `dbg core` prints it word for word.
    @Test func gdbAndDbgReadADumpAsTheProgramWasLive() async throws {
        let directory = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/pointers.core"
        let binary = try Fixtures.binary(CValueTests.fixture)
        let printed = CValueTests.printed.map { "print \($0.dbg)" }, examined = CValueTests.examined.map(\.dbg)
        let reading = ["stack", "args", "frame 1 locals"] + printed + examined
        let live = try await LiveSession.run(CValueTests.fixture, commands: ["break inspect", "continue"] + reading + ["dump \(path)"])
        #expect(live.output(of: "dump \(path)").hasPrefix("Dumped 1 thread and "), "\(live.transcript)")
        // gdb: the same stack (function and line), values and bytes.
        let gdb = try await GDBOracle.run(binary, core: path, commands: ["echo @@@\\n", "bt"])
        let theirs = GDBOracle.frames(gdb.components(separatedBy: "@@@\n").last ?? "").map { "\($0.function):\($0.line)" }
        let ours = CoreSession.frames(live.output(of: "stack")).map { "\($0.function):\($0.line)" }
        #expect(theirs.count >= 2 && Array(ours.prefix(theirs.count)) == theirs, "dbg live \(ours), gdb on the dump \(theirs)\n\(gdb)")
        CValueTests.checkPrinted(live, try await CValueTests.gdbAnswers(CValueTests.printed.map { "print \($0.gdb)" }, core: path))
        CValueTests.checkExamined(live, try await CValueTests.gdbAnswers(CValueTests.examined.map(\.gdb), core: path))
        // dbg core: what dbg printed live, line for line.
        let back = try await CoreSession.run([binary, path], commands: reading)
        #expect(back.exitCode == 0 && !back.transcript.contains("Warning:"), "\(back.transcript)")
        for command in reading {
            #expect(back.output(of: command) == live.output(of: command), "\(command)")
        }
    }

    /// c/threadcrash stopped at crash_now with its three workers spinning: every thread of the
    /// dump in gdb where dbg showed it live (`threads`), and its stack and arguments in gdb as
    /// `dbg core` reads them from the dump.
    @Test func everyThreadOfADumpReadsInGDBAsItWasLive() async throws {
        let directory = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/threads.core"
        let binary = try Fixtures.binary("c/threadcrash")
        let live = try await LiveSession.run("c/threadcrash", commands: ["break crash_now", "continue", "threads", "dump \(path)"])
        #expect(live.output(of: "dump \(path)").hasPrefix("Dumped 4 threads and "), "\(live.transcript)")
        // "* Thread 1234 at 0x55... c/threadcrash.c:25 spin": where each thread was.
        var where_: [Int: String] = [:]
        for match in live.output(of: "threads").matches(of: #/Thread (\d+) at 0x[0-9a-f]+ \S+:(\d+) (\S+)/#) {
            if let id = Int(match.1) { where_[id] = "\(match.3):\(match.2)" }
        }
        #expect(where_.count == 4, "\(live.transcript)")
        let gdb = try await GDBOracle.run(binary, core: path, commands: ["thread apply all bt", "echo @@@\\n", "thread apply all info args"])
        let halves = gdb.components(separatedBy: "@@@\n")
        try #require(halves.count == 2, "\(gdb)")
        let stacks = CoreFileTests.byThread(halves[0]), arguments = CoreFileTests.byThread(halves[1])
        #expect(Set(stacks.keys) == Set(where_.keys), "gdb's threads \(stacks.keys.sorted()), dbg's \(where_.keys.sorted())")
        // The thread at the breakpoint is the dump's first: gdb's current thread.
        #expect(gdb.contains("[Current thread is 1 ") && halves[0].contains("crash_now"), "\(gdb)")
        let ids = where_.keys.sorted()
        let back = try await CoreSession.run([binary, path], commands: ids.flatMap { ["thread \($0)", "stack", "args"] })
        var spinning = Set<String>()
        for (index, id) in ids.enumerated() {
            let theirs = GDBOracle.frames(stacks[id] ?? "").map { "\($0.function):\($0.line)" }
            #expect(theirs.first == where_[id], "thread \(id): live \(where_[id] ?? "?"), gdb on the dump \(theirs)")
            let ours = CoreSession.frames(back.output(of: "stack", occurrence: index)).map { "\($0.function):\($0.line)" }
            #expect(!theirs.isEmpty && Array(ours.prefix(theirs.count)) == theirs, "thread \(id): dbg core \(ours), gdb \(theirs)")
            let gdbArguments = (arguments[id] ?? "").split(separator: "\n").filter { $0.contains(" = ") }.map(String.init)
            let ourArguments = back.output(of: "args", occurrence: index).split(separator: "\n").map(String.init)
            if theirs.first?.hasPrefix("spin:") == true {
                #expect(ourArguments == gdbArguments, "thread \(id): dbg \(ourArguments), gdb \(gdbArguments)")
                spinning.insert(ourArguments.joined())
            }
        }
        #expect(spinning == ["id = 0", "id = 1", "id = 2"], "\(back.transcript)")
    }

    /// A dump keeps each thread's whole XSAVE area (NT_X86_XSTATE, as the kernel writes it):
    /// Delve reads the AVX registers from it as it reads them live (c/vectors at loaded: ymm5's
    /// upper half is eight 1.5s only the XSAVE area holds).
    @Test func aDumpKeepsTheAVXRegisters() async throws {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        try #require(flags.contains(" avx "), "c/vectors needs a CPU with AVX")
        let directory = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/vectors.core"
        let binary = try Fixtures.binary("c/vectors"), source = Fixtures.repositoryRoot
        let live = try await LiveSession.run("c/vectors", commands: ["break loaded", "continue", "dump \(path)"])
        #expect(live.output(of: "dump \(path)").hasPrefix("Dumped 1 thread and "), "\(live.transcript)")
        func vectorLines(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix("XMM5 ") || $0.hasPrefix("[YMM5h]") }
        }
        let fromDump = vectorLines(try await DelveOracle.run(binary: binary, directory: source, script: ["regs -a"], core: path))
        let fromLive = vectorLines(try await DelveOracle.run(binary: binary, directory: source, script: ["break loaded", "continue", "regs -a"]))
        #expect(fromLive.count == 2 && fromLive.allSatisfy { $0.contains("0x3fc000003fc000003fc000003fc00000") }, "\(fromLive)")
        #expect(fromDump == fromLive, "Delve on dbg's dump \(fromDump), Delve live \(fromLive)")
    }

    /// go/goroutines stopped at main.go:203: `dlv core` reads the dump and prints the
    /// goroutines, the stack, the locals and GoValueTests' values as dbg printed them live.
    @Test func delveReadsAGoDumpAsTheProgramWasLive() async throws {
        let scratch = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = scratch + "/goroutines.core"
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let commands = ["goroutines", "stack", "args", "locals"] + GoValueTests.corpus
        let live = try await LiveSession.run("go/goroutines", commands: GoValueTests.stop + commands + ["dump \(path)"], workingDirectory: directory)
        #expect(live.output(of: "dump \(path)").contains(" threads and "), "\(live.transcript)")
        var script: [String] = []
        for (index, command) in commands.enumerated() { script += ["print \"=C\(index)=\"", command] }
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"], core: path))
        for (index, command) in commands.enumerated() {
            let expected = GoValueTests.normalized((delve["C\(index)"] ?? []).joined(separator: "\n"))
            #expect(!expected.isEmpty, "Delve printed nothing for \(command)")
            #expect(GoValueTests.normalized(live.output(of: command)) == expected, "\(command)")
        }
    }
}

/// `dump` over Delve's JSON-RPC API (DumpStart, DumpWait): `dbg connect` dumps through a dbg
/// server, and through Delve's own, whose core `dbg core` then reads as `dlv core` does.
@Suite(.serialized) struct RemoteCoreDumpTests {
    @Test func dumpThroughADbgServer() async throws {
        let directory = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/hello.core", script = directory + "/script"
        try "break greet\ncontinue\ndump \(path)\nexit\n".write(toFile: script, atomically: true, encoding: .utf8)
        let binary = try Fixtures.binary("c/hello")
        let server = try await HeadlessProcess.start(["exec", "--headless", binary])
        defer { server.stop() }
        let run = try await ProcessRunner.run(try BuiltBinaries.dbg, ["connect", server.address], stdin: script)
        #expect(run.status == 0 && run.text.contains("Dumped 1 thread and "), "\(run.text)")
        let gdb = try await GDBOracle.run(binary, core: path, commands: ["echo @@@\\n", "bt"])
        #expect(GDBOracle.frames(gdb.components(separatedBy: "@@@\n").last ?? "").first?.function == "greet", "\(gdb)")
    }

    @Test func dumpThroughDelvesServerReadsInDbgAsInDelve() async throws {
        guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw DelveOracle.Failure(description: "dlv is not installed: run `make deps`")
        }
        let scratch = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = scratch + "/delve.core", script = scratch + "/script"
        try "break main.go:203\ncontinue\ndump \(path)\nexit --kill\n".write(toFile: script, atomically: true, encoding: .utf8)
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let delve = try await HeadlessProcess.start(["exec", "--headless", "--listen", "127.0.0.1:0", "--api-version", "2", binary], program: dlv)
        defer { delve.stop() }
        let run = try await ProcessRunner.run(try BuiltBinaries.dbg, ["connect", delve.address], stdin: script)
        #expect(run.status == 0 && run.text.contains("Dumped "), "\(run.text)")
        // Delve's writer, read by both.
        // Goroutine 1 by name: which thread a Delve dump puts first varies.
        let commands = ["goroutines", "goroutine 1 stack", "goroutine 1 locals"]
        var lines: [String] = []
        for (index, command) in commands.enumerated() { lines += ["print \"=C\(index)=\"", command] }
        let theirs = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: lines + ["exit"], core: path))
        let ours = try await CoreSession.run([binary, path], commands: commands, directory: directory)
        for (index, command) in commands.enumerated() {
            let expected = GoValueTests.normalized((theirs["C\(index)"] ?? []).joined(separator: "\n"))
            #expect(!expected.isEmpty, "Delve printed nothing for \(command)")
            #expect(GoValueTests.normalized(ours.output(of: command)) == expected, "\(command)\n\(ours.transcript)")
        }
    }
}
