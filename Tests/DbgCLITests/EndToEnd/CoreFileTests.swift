import DbgTestSupport
import Foundation
import Testing

/// `dbg core` against gdb (C) and Delve (Go) reading the same core file in the same test:
/// cores written by the kernel at a crash and by gdb's gcore at a stop, so that dbg's reader
/// is checked on files it did not write.
@Suite struct CoreFileTests {
    /// The kernel's core of c/crash (SIGSEGV in level2 <- level1 <- main): the stop, the
    /// thread, its stack, arguments, locals and raw memory, as gdb reads them.
    @Test func aCrashReadsAsGDBReadsIt() async throws {
        let binary = try Fixtures.binary("c/crash")
        let core = try await CoreDump.ofCrash(binary)
        defer { core.remove() }
        let commands = ["threads", "stack", "args", "frame 1 locals", "x -fmt hex -len 16 $rsp", "regs"]
        let ours = try await CoreSession.run([binary, core.path], commands: commands)
        let gdb = try await GDBOracle.run(binary, core: core.path, commands: [
            "echo @@@\\n", "info threads", "bt", "echo @@@\\n", "info args", "echo @@@\\n", "x/16xb $rsp", "echo @@@\\n",
            "info registers rip rsp rbp", "echo @@@\\n", "up", "info locals",
        ])
        let sections = gdb.components(separatedBy: "@@@\n")
        try #require(sections.count == 6, "\(gdb)")
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        // The session opens at the signal, in level2.
        #expect(gdb.contains("Program terminated with signal SIGSEGV"), "\(gdb)")
        #expect(ours.transcript.hasPrefix("> level2() c/crash.c:17"), "\(core.writer) core:\n\(ours.transcript)")
        #expect(ours.transcript.contains("SIGSEGV at address 0x4"), "\(ours.transcript)")
        // One thread, the one gdb names (its LWP).
        let lwp = try #require(sections[1].firstMatch(of: #/\(LWP (\d+)\)/#).map { String($0.1) }, "\(gdb)")
        #expect(ours.output(of: "threads").contains("* Thread \(lwp) at "), "\(ours.output(of: "threads"))")
        let theirs = GDBOracle.frames(sections[1])
        #expect(theirs.map(\.function) == ["level2", "level1", "main"], "\(gdb)")
        let frames = CoreSession.frames(ours.output(of: "stack"))
        #expect(frames.prefix(theirs.count).map { "\($0.function):\($0.line)" } == theirs.map { "\($0.function):\($0.line)" },
                "\(ours.output(of: "stack"))")
        // gdb: `v = 0x0`, `value = 40`; dbg: `v = *struct victim nil`, `value = 40`.
        #expect(sections[2] == "v = 0x0\nvalue = 40\n", "\(sections[2])")
        #expect(ours.output(of: "args") == "v = *struct victim nil\nvalue = 40\n", "\(ours.transcript)")
        #expect(sections[5].hasSuffix("v = 0x0\n") && ours.output(of: "frame 1 locals") == "v = *struct victim nil\n", "\(sections[5])")
        // The same 16 bytes of the stack, at the same address.
        #expect(Self.bytes(sections[3]).count == 16)
        #expect(Self.bytes(ours.output(of: "x -fmt hex -len 16 $rsp")) == Self.bytes(sections[3]), "dbg:\n\(ours.transcript)\ngdb:\n\(sections[3])")
        // The registers are the thread's.
        for name in ["rip", "rsp", "rbp"] {
            let gdbValue = sections[4].firstMatch(of: try Regex("(?m)^\(name)\\s+0x([0-9a-f]+)"))?.output[1].substring
            let value = try #require(gdbValue.flatMap { UInt64($0, radix: 16) }, "\(sections[4])")
            let hex = String(value, radix: 16)
            let shown = name.capitalized + " = 0x" + String(repeating: "0", count: 16 - hex.count) + hex
            #expect(ours.output(of: "regs").contains(shown), "\(shown)\n\(ours.output(of: "regs"))")
        }
    }

    /// (address, byte) of each byte `x` shows, dbg's (`0x7ffc...:   0xc0   0x2c`) or gdb's
    /// (`0x7ffc...:\t0xc0\t0x2c`).
    static func bytes(_ text: String) -> [String] {
        var cells: [String] = []
        for line in text.split(separator: "\n") {
            guard let match = line.wholeMatch(of: #/(0x[0-9a-f]+)(?: <[^>]*>)?:\s+(.*)/#), let start = UInt64(match.1.dropFirst(2), radix: 16)
            else { continue }
            let values = match.2.split(whereSeparator: \.isWhitespace)
            cells += values.enumerated().map { "\(String(start + UInt64($0.offset), radix: 16))=\($0.element)" }
        }
        return cells
    }
}

extension CoreFileTests {
    /// c/threadcrash: three workers spin in spin(id) while main writes through NULL. Every
    /// thread of the core, its stack (function and line) and its arguments, as gdb reads
    /// them from the same core.
    @Test func everyThreadReadsAsGDBReadsIt() async throws {
        let binary = try Fixtures.binary("c/threadcrash")
        let core = try await CoreDump.ofCrash(binary)
        defer { core.remove() }
        let gdb = try await GDBOracle.run(binary, core: core.path, commands: ["thread apply all bt", "echo @@@\\n", "thread apply all info args"])
        let halves = gdb.components(separatedBy: "@@@\n")
        try #require(halves.count == 2, "\(gdb)")
        let stacks = Self.byThread(halves[0]), arguments = Self.byThread(halves[1])
        #expect(stacks.count == 4, "\(gdb)")
        let ids = stacks.keys.sorted()
        let ours = try await CoreSession.run([binary, core.path], commands: ["threads"] + ids.flatMap { ["thread \($0)", "stack", "args"] })
        #expect(ours.exitCode == 0, "\(ours.transcript)")
        let listed = ours.output(of: "threads")
        #expect(listed.split(separator: "\n").count == 4, "\(listed)")
        var spinning = Set<String>()
        for (index, id) in ids.enumerated() {
            #expect(listed.contains("Thread \(id) at "), "\(id): \(listed)")
            let theirs = GDBOracle.frames(stacks[id] ?? "").map { "\($0.function):\($0.line)" }
            let frames = CoreSession.frames(ours.output(of: "stack", occurrence: index)).map { "\($0.function):\($0.line)" }
            #expect(!theirs.isEmpty && Array(frames.prefix(theirs.count)) == theirs, "thread \(id): dbg \(frames), gdb \(theirs)")
            let gdbArguments = (arguments[id] ?? "").split(separator: "\n").filter { $0.contains(" = ") }
            let ourArguments = ours.output(of: "args", occurrence: index).split(separator: "\n")
            if theirs.first?.hasPrefix("spin:") == true {
                #expect(ourArguments == gdbArguments, "thread \(id): dbg \(ourArguments), gdb \(gdbArguments)")
                spinning.insert(ourArguments.joined())
            } else {
                #expect(theirs.first?.hasPrefix("crash_now:") == true, "\(theirs)")
                #expect(ourArguments == ["target = *int nil", "value = 42"] && gdbArguments == ["target = 0x0", "value = 42"])
            }
        }
        #expect(spinning == ["id = 0", "id = 1", "id = 2"], "\(ours.transcript)")
    }

    /// gdb's `thread apply all` output, by thread id (LWP).
    static func byThread(_ output: String) -> [Int: String] {
        var sections: [Int: String] = [:]
        var current: Int?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.firstMatch(of: #/^Thread \d+ \(.*\(LWP (\d+)\)\)/#), let id = Int(match.1) {
                current = id
            } else if let current {
                sections[current, default: ""] += line + "\n"
            }
        }
        return sections
    }
}

extension CoreFileTests {
    /// gdb's gcore of c/pointers stopped in inspect: CValueTests' values (pointers to pointers,
    /// NULL and unreadable pointers, text, floating point, gdb's `@`) and `x`, dbg and gdb
    /// reading the same core.
    @Test func valuesOfAGcoreMeanWhatGDBPrints() async throws {
        let binary = try Fixtures.binary(CValueTests.fixture)
        let core = try await CoreDump.gcore(binary, at: ["break inspect", "run"])
        defer { core.remove() }
        let printed = CValueTests.printed.map { "print \($0.dbg)" }, examined = CValueTests.examined.map(\.dbg)
        let ours = try await CoreSession.run([binary, core.path], commands: printed + examined + ["regs -a"])
        #expect(ours.transcript.hasPrefix("> inspect() c/pointers.c:"), "\(ours.transcript)")
        CValueTests.checkPrinted(ours, try await CValueTests.gdbAnswers(CValueTests.printed.map { "print \($0.gdb)" }, core: core.path))
        CValueTests.checkExamined(ours, try await CValueTests.gdbAnswers(CValueTests.examined.map(\.gdb), core: core.path))
        // The floating-point registers (NT_FPREGSET): XMM0-7, some of them not zero here
        // (libc's string functions leave bytes in them).
        let xmm = try await CValueTests.gdbAnswers((0..<8).map { "p/x $xmm\($0).uint128" }, core: core.path)
        let registers = ours.output(of: "regs -a")
        for (index, answer) in xmm.enumerated() {
            let digits = String(answer.text.dropFirst(2))
            let shown = "XMM\(index) = 0x" + String(repeating: "0", count: max(0, 32 - digits.count)) + digits
            #expect(!answer.isError && registers.contains(shown + "\t"), "\(shown) in\n\(registers)")
        }
        #expect(xmm.contains { $0.text != "0x0" }, "all of XMM0-7 are zero: the check would not tell")
    }
}

extension CoreFileTests {
    /// gdb's gcore of go/goroutines stopped at main.go:203 (thirteen goroutines, parked in
    /// every common way), read by dbg and by `dlv core`: the goroutine list, stacks of the
    /// running and of a parked goroutine, threads, locals and GoValueTests' values. The same
    /// core, so even addresses agree; map entries are compared as sets (their order is the
    /// printer's, not the core's).
    @Test func aGoCoreReadsAsDelveReadsIt() async throws {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let core = try await CoreDump.gcore(binary, at: ["break main.go:203", "run"])
        defer { core.remove() }
        // A worker parked on its channel (goroutine ids differ from run to run).
        let listed = try await CoreSession.run([binary, core.path], commands: ["goroutines"], directory: directory).output(of: "goroutines")
        let worker = try #require(listed.firstMatch(of: #/Goroutine (\d+) - User: .* main\.worker /#).map { String($0.1) }, "\(listed)")
        let commands = ["goroutines", "stack", "goroutine \(worker) stack", "threads", "args", "locals"] + GoValueTests.corpus
        var script: [String] = []
        for (index, command) in commands.enumerated() { script += ["print \"=C\(index)=\"", command] }
        let delve = DelveOracle.sections(try await DelveOracle.run(binary: binary, directory: directory, script: script + ["exit"], core: core.path))
        let ours = try await CoreSession.run([binary, core.path], commands: commands, directory: directory)
        #expect(ours.transcript.hasPrefix("> main.inspect() "), "\(ours.transcript)")
        #expect(ours.output(of: "goroutines").contains("[13 goroutines]"), "\(ours.output(of: "goroutines"))")
        for (index, command) in commands.enumerated() {
            let expected = GoValueTests.normalized((delve["C\(index)"] ?? []).joined(separator: "\n"))
            #expect(!expected.isEmpty, "Delve printed nothing for \(command)")
            var printed = ours.output(of: command)
            if command == "threads" {
                // Intended: dbg names the goroutine a thread runs (as its live `threads` does);
                // `dlv core` leaves it out of `threads`, though its `goroutines` names the thread.
                #expect(printed.contains("main.inspect (goroutine 1)\n"), "\(printed)")
                printed = printed.replacingOccurrences(of: " (goroutine 1)", with: "")
            }
            #expect(GoValueTests.normalized(printed) == expected, "\(command)")
        }
    }
}
