import DbgTestSupport
import Foundation
import Testing

/// `dbg trace` on real programs: exact counts and values from 8 threads, goroutine ids,
/// attach and Ctrl-C, and the bad inputs. Each backend where it applies.
@Suite(.serialized) struct TraceCommandTests {
    static func trace(_ arguments: [String]) async throws -> (status: Int32, text: String) {
        try await ProcessRunner.run(try TerminalSession.dbgBinary, ["trace"] + arguments)
    }

    static func fixture(_ relative: String) throws -> String {
        try DelveOracle.fixture(relative).binary
    }

    /// Lines of the form `> thread(T): checksum(i=I, seed=S)` and `>> thread(T): => (R)`.
    /// Executable mappings backed by no file: what dbg maps for out-of-line instructions (a
    /// C program has none of its own).
    static func anonymousCodeMappings(of pid: pid_t) -> [String] {
        let maps = (try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? ""
        return maps.split(separator: "\n").map(String.init).filter { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count == 5 && fields[1].contains("x")
        }
    }

    /// Until an attached trace's probes are in (a busy machine can take seconds to get
    /// there): the scratch area mapped (ptrace) or the probes' code area and ring (inject),
    /// or the kernel's area for uprobes, mapped at the first hit.
    static func waitForProbes(in pid: pid_t, backend: String) {
        for _ in 0..<200 {
            let maps = (try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? ""
            if backend == "uprobe" ? maps.contains("[uprobes]") : !anonymousCodeMappings(of: pid).isEmpty { return }
            usleep(50_000)
        }
    }

    static func lines(_ text: String, prefix: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }

    static func integers(in text: Substring) -> [Int] {
        text.split(whereSeparator: { !"-0123456789".contains($0) }).compactMap { Int($0) }
    }

    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func everyCallAndReturnOfEightThreadsOnceWithTheirValues(backend: String) async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "--backend", backend, "^checksum$", "--", "500", "8"])
        #expect(run.status == 0, "\(run.text.suffix(2000))")
        #expect(run.text.contains("calls=4000 "))
        let calls = Self.lines(run.text, prefix: "> thread(")
        let returns = Self.lines(run.text, prefix: ">> thread(")
        #expect(calls.count == 4000)
        #expect(returns.count == 4000)
        #expect(run.text.contains("Trace summary (\(backend)): 4000 calls, 4000 returns\n"))
        // Per thread, calls and returns alternate, and each return is checksum(i, seed).
        var pending: [String: Int] = [:]
        var seen = Set<String>()
        var mismatches = 0
        for line in run.text.split(separator: "\n") where line.hasPrefix("> thread(") || line.hasPrefix(">> thread(") {
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")") else { continue }
            let thread = String(line[line.index(after: open)..<close])
            if line.hasPrefix("> ") {
                let values = Self.integers(in: line[line.index(after: close)...])
                guard values.count == 2 else { mismatches += 1; continue }
                #expect(pending[thread] == nil, "two calls without a return on thread \(thread)")
                pending[thread] = (values[0] * 31 + values[1]) % 1000
                seen.insert("\(values[1]):\(values[0])")
            } else {
                let values = Self.integers(in: line[line.index(after: close)...])
                if values.first != pending[thread] { mismatches += 1 }
                pending[thread] = nil
            }
        }
        #expect(mismatches == 0)
        #expect(seen.count == 4000, "every (seed, i) pair once")
    }

    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func goroutineIDsAreTheGoroutinesOwn(backend: String) async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("go/goids"), "--backend", backend, "main\\.work", "--", "5", "3"])
        #expect(run.status == 0, "\(run.text)")
        var goroutineOfSeed: [Int: String] = [:]
        for line in run.text.split(separator: "\n") where line.hasPrefix("seed=") {
            let parts = line.split(separator: " ")
            if let seed = Int(parts[0].dropFirst(5)) { goroutineOfSeed[seed] = String(parts[1].dropFirst(5)) }
        }
        #expect(goroutineOfSeed.count == 3)
        let calls = Self.lines(run.text, prefix: "> goroutine(")
        #expect(calls.count == 15)
        for call in calls {
            // > goroutine(18): main.work(3, 0)
            guard let seed = Self.integers(in: call.split(separator: ":")[1]).last else { continue }
            #expect(call.hasPrefix("> goroutine(\(goroutineOfSeed[seed] ?? "?")): main.work("), "\(call)")
        }
        #expect(Self.lines(run.text, prefix: ">> goroutine(").count == 15)
        // Per goroutine, each call is followed by its return: work(i, seed) = i*100 + seed.
        var pending: [String: Int] = [:]
        for line in run.text.split(separator: "\n") where line.hasPrefix("> goroutine(") || line.hasPrefix(">> goroutine(") {
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")") else { continue }
            let goroutine = String(line[line.index(after: open)..<close])
            let values = Self.integers(in: line[line.index(after: close)...])
            if line.hasPrefix("> ") {
                #expect(pending[goroutine] == nil, "two calls without a return on goroutine \(goroutine)")
                pending[goroutine] = values.count == 2 ? values[0] * 100 + values[1] : -1
            } else {
                #expect(values.first == pending[goroutine], "\(line)")
                pending[goroutine] = nil
            }
        }
    }

    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func attachTracesARunningProgramAndCtrlCLeavesItRunning(backend: String) throws {
        let program = try Spawned(try Self.fixture("c/tracee"), ["500", "2", "10000"])  // ~5 s
        program.waitForThreads(3)
        let tracer = try Spawned(
            try TerminalSession.dbgBinary, ["trace", "--backend", backend, "--pid", "\(program.pid)", "^checksum$"])
        Self.waitForProbes(in: program.pid, backend: backend)
        // Events flowing: every probe is in (the inject backend maps its code area, then its
        // ring, then patches: the code area alone says too little).
        for _ in 0..<200 where !tracer.printed.contains("> thread(") { usleep(50_000) }
        let ringWasMapped = ((try? String(contentsOfFile: "/proc/\(program.pid)/maps", encoding: .utf8)) ?? "").contains("dbg-trace-ring")
        let mappingsBefore = Self.anonymousCodeMappings(of: program.pid)
        kill(tracer.pid, SIGINT)
        let traced = tracer.wait()
        #expect(traced.status == 0, "\(traced.text)")
        // The scratch area of out-of-line instructions (ptrace backend), the probes' code and
        // ring (inject) are gone with dbg.
        #expect(Self.anonymousCodeMappings(of: program.pid).isEmpty, "left in the program")
        let mapsAfter = (try? String(contentsOfFile: "/proc/\(program.pid)/maps", encoding: .utf8)) ?? ""
        #expect(!mapsAfter.contains("dbg-trace-ring"), "the ring left in the program")
        if backend != "uprobe" { #expect(!mappingsBefore.isEmpty, "the scratch or code area was mapped") }
        if backend == "inject" { #expect(ringWasMapped, "the ring was mapped") }
        #expect(traced.text.contains("> thread("), "\(traced.text)")
        #expect(traced.text.contains("Trace summary (\(backend)): "), "\(traced.text.suffix(500))")
        let finished = program.wait()
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text.contains("calls=1000 "))
    }

    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func aForkedChildRunsOnUntraced(backend: String) async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/forks"), "--backend", backend, "^(child|parent)_work$"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("child: child_work(21)=42"), "\(run.text)")
        #expect(run.text.contains("child exited with status 0"), "\(run.text)")
        #expect(run.text.contains("): parent_work(n=10)"), "\(run.text)")
        #expect(run.text.contains(": => (55)"), "\(run.text)")
    }

    @Test func aCFileIsBuiltThenTracedAndTheBinaryRemoved() async throws {
        let before = DebugCommandTests.leftoverBinaries(prefix: "__trace_bin")
        let run = try await ProcessRunner.run("/bin/sh", [
            "-c", "cd \(TerminalSession.shellQuote(DelveOracle.repositoryRoot)) && exec \"$@\"", "sh",
            try TerminalSession.dbgBinary, "trace", "Fixtures/c/hello.c", "^greet$",
        ])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("): greet(name=\"world\")"), "\(run.text)")
        #expect(DebugCommandTests.leftoverBinaries(prefix: "__trace_bin").subtracting(before).isEmpty)
    }

    @Test func aPatternMatchingNothing() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "no_such_function_here"])
        #expect(run.status != 0)
        #expect(run.text.contains("no functions match \"no_such_function_here\""), "\(run.text)")
    }

    @Test func anInvalidPatternSaysWhere() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "check(sum"])
        #expect(run.status != 0)
        #expect(run.text.contains("invalid regular expression \"check(sum\" at column 6"), "\(run.text)")
    }

    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func aFunctionWithoutDebugInfoShowsRawRegisters(backend: String) async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "--backend", backend, "^mix$", "--", "1", "1"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("): mix(rdi=0x3, rsi=0x4, "), "\(run.text)")
        #expect(run.text.contains(": => (rax=0x22)"), "\(run.text)")
    }

    /// A C string in a buffer of the caller's frame, which the next iteration writes over: the
    /// inject backend's recorder copies it at the call, ptrace reads it there; the uprobe
    /// backend, which reads it after the call, shows its address, never another call's text
    /// (both showed bytes of later calls); the literal by its text everywhere.
    @Test(arguments: ["inject", "uprobe", "ptrace"])
    func aStringOnTheStackOfTheCallIsNeverReadLate(backend: String) async throws {
        let calls = 300
        let run = try await Self.trace(["--exec", try Self.fixture("c/buffers"), "--backend", backend, "^label$", "--", "\(calls)"])
        #expect(run.status == 0, "\(run.text.suffix(500))")
        let texts = run.text.split(separator: "\n").filter { $0.hasPrefix("> thread(") }.map { line in
            line.firstRange(of: "label(text=").map { String(line[$0.upperBound...].dropLast()) } ?? String(line)
        }
        #expect(texts.count == calls + 1)
        #expect(texts.last == "\"fixed\"")
        for (index, text) in texts.dropLast().enumerated() {
            if backend != "uprobe" {
                #expect(text == "\"item-\(index)\"")
            } else {
                #expect(text.hasPrefix("(*const char)(0x7f"), "call \(index): \(text)")
            }
        }
    }

    /// The inject backend copies C strings with a system call a program may forbid itself:
    /// once sandboxed has a seccomp filter that kills it for process_vm_readv, dbg stops
    /// copying (it was killed by SIGSYS when dbg did not look), and the string on its stack
    /// shows its address.
    @Test func aProgramThatForbidsTheCopyLivesOn() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/sandboxed"), "--backend", "inject", "^label$"])
        #expect(run.status == 0, "\(run.text.suffix(500))")
        #expect(run.text.contains("alive total=12"), "\(run.text.suffix(500))")
        #expect(run.text.contains("label(text=(*const char)(0x7f"), "\(run.text.suffix(500))")
    }

    @Test func theStackOfEachCallWithThePtraceBackend() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "--backend", "ptrace", "--stack", "2", "^checksum$", "--", "1", "1"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("\t0  0x"), "\(run.text)")
        #expect(run.text.contains(" in checksum at "), "\(run.text)")
        #expect(run.text.contains(" in worker at "), "\(run.text)")
    }

    /// A position-independent binary named relative to the working directory (`--exec
    /// ./hello`, as Debian's gcc builds by default): the ptrace backend finds where it was
    /// loaded (it read the code at the unrelocated 0x1139), and each call's stack is gdb's.
    @Test func aPIEBinaryNamedRelativelyWithThePtraceBackendAndItsStack() async throws {
        let binary = try Self.fixture("c/hello")
        let gdb = GDBOracle.frames(try await GDBOracle.run(binary, commands: ["break greet", "run", "bt"]))
        #expect(gdb.map(\.function) == ["greet", "main"], "gdb: \(gdb)")
        let directory = String(binary.dropLast("/hello".count))
        let run = try await ProcessRunner.run("/bin/sh", ["-c", "cd \(TerminalSession.shellQuote(directory)) && exec \"$@\"", "sh",
                                                    try TerminalSession.dbgBinary, "trace", "--exec", "./hello", "--backend", "ptrace",
                                                    "--stack", "2", "^greet$"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("Trace summary (ptrace): 2 calls, 2 returns\n"), "\(run.text)")
        let frames = run.text.matches(of: #/^\t\d+  0x[0-9a-f]+ in (\w+) at \S+:(\d+)$/#.anchorsMatchLineEndings())
            .map { (function: String($0.1), line: Int($0.2) ?? 0) }
        #expect(frames.count == 4, "\(run.text)")
        #expect(frames.prefix(2).map(\.function) == gdb.map(\.function), "\(run.text)")
    }

    @Test func floatingPointArgumentsAndResultsWithThePtraceBackend() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/structs"), "--backend", "ptrace", "^(describe|mul)$"])
        #expect(run.status == 0, "\(run.text)")
        #expect(run.text.contains("): describe(tag=65 'A', s=-2, i=300, l=40000, u=200 '\\310', f=2.5, d=6.25, str=\"abc\", p=struct point {x: 1, y: 2}, r=(*struct rect)(0x"), "\(run.text)")
        #expect(run.text.contains(": => (40587.75)"), "\(run.text)")
    }

    @Test func timestampsAndNoReturns() async throws {
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "--timestamp", "--no-returns", "^checksum$", "--", "3", "1"])
        #expect(run.status == 0, "\(run.text)")
        let calls = run.text.split(separator: "\n").filter { $0.contains("checksum(i=") }
        #expect(calls.count == 3)
        #expect(calls.allSatisfy { $0.wholeMatch(of: /\[\d+\.\d{6}\] > thread\(\d+\): checksum\(i=\d, seed=0\)/) != nil }, "\(calls)")
        #expect(!run.text.contains(">> "))
        #expect(run.text.contains("3 calls, 0 returns"))
    }

    @Test func jsonAndOutputFile() async throws {
        let file = NSTemporaryDirectory() + "dbg-trace-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try await Self.trace(["--exec", try Self.fixture("c/tracee"), "--json", "--output", file, "^checksum$", "--", "2", "1"])
        #expect(run.status == 0, "\(run.text)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first?.contains("\"event\":\"call\",\"function\":\"checksum\"") == true, "\(lines)")
        #expect(lines.first?.contains("\"args\":[{\"name\":\"i\",\"value\":\"0\"},{\"name\":\"seed\",\"value\":\"0\"}]") == true)
        #expect(lines.last?.contains("\"summary\":{") == true)
    }
}
