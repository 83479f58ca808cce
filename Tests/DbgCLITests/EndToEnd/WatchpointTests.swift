import DbgTestSupport
import Foundation
import Testing

/// Hardware watchpoints (`watch`), against gdb's `watch` on the same binary: the stop is
/// after the write that hit it, with the old and the new value, as gdb shows them.
@Suite struct WatchpointTests {
    @Test func watchStopsAfterEachWriteAsGDBDoes() async throws {
        let session = try await LiveSession.run("c/watched", commands: [
            "break main", "continue", "watch counter", "breakpoints", "continue", "continue", "clear 2", "continue",
        ])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/watched").binary, commands: [
            "break main", "run", "watch counter", "continue", "continue",
        ])
        #expect(session.output(of: "watch counter").hasPrefix("Watchpoint counter set at 0x"))
        #expect(session.output(of: "breakpoints").contains("Watchpoint counter (enabled) at 0x"))
        for (occurrence, (old, new)) in [(0, 1), (1, 2)].enumerated() {
            let stop = session.output(of: "continue", occurrence: occurrence + 1)
            let lines = stop.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("> watchpoint on [counter] bump() c/watched.c:36 (hits total:\(occurrence + 1)) (PC: 0x") == true, "\(stop)")
            #expect(Array(lines.dropFirst().prefix(2)) == ["Old value = \(old)", "New value = \(new)"], "\(stop)")
            // gdb: the same values, and the same line next.
            #expect(gdb.contains("Old value = \(old)\nNew value = \(new)\nbump (i=\(old)) at c/watched.c:36"), "\(gdb)")
        }
        #expect(session.output(of: "clear 2").hasPrefix("Watchpoint counter cleared at 0x"))
        #expect(session.output(of: "continue", occurrence: 3).contains("has exited with status 0"))
        #expect(session.programOutput == "watched: counter=5 later=7\n")
    }

    /// A thread created after the watch is set gets the debug registers too; `-rw` is gdb's
    /// awatch, and what it watches is the field alone.
    @Test func watchReachesThreadsCreatedLaterAndFields() async throws {
        let session = try await LiveSession.run("c/watched", commands: [
            "break main", "continue", "watch -rw pair.low", "watch later", "continue", "clearall", "break writer",
            "continue", "watch later", "continue",
        ])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/watched").binary, commands: [
            "break main", "run", "awatch pair.low", "continue",
        ])
        let first = session.output(of: "continue", occurrence: 1)
        #expect(first.hasPrefix("> watchpoint on [pair.low] bump() c/watched.c:37 (hits total:1)"), "\(first)")
        #expect(first.contains("Old value = 0\nNew value = 1\n"))
        #expect(gdb.contains("Hardware access (read/write) watchpoint 2: pair.low\n\nOld value = 0\nNew value = 1"), "\(gdb)")
        let threaded = session.output(of: "continue", occurrence: 3)
        #expect(threaded.hasPrefix("> watchpoint on [later] writer() c/watched.c:43"), "\(threaded)")
        #expect(threaded.contains("Old value = 0\nNew value = 7\n"))
    }

    /// A local under a watchpoint lives as long as its frame: the watch ends where the frame
    /// returns, with the program stopped there, as gdb ends it ("Watchpoint 2 deleted because
    /// the program has left the block..."), in Delve's words. The same function called again
    /// (its slot reused) and deeper recursive calls returning to the same place do not end it
    /// early nor wrongly.
    @Test func aWatchOnALocalEndsWhereItsFrameReturnsAsInGDB() async throws {
        let session = try await LiveSession.run("c/scoped", commands: [
            "break tally", "continue", "watch total", "continue", "continue", "continue", "continue", "continue", "breakpoints",
            "clearall", "break nest", "continue", "clear 3", "watch mine", "continue", "continue", "continue", "continue",
        ])
        let binary = try DelveOracle.fixture("c/scoped").binary
        let gdbTally = try await GDBOracle.run(binary, commands: ["break tally", "run", "watch total"] + Array(repeating: "continue", count: 4))
        let gdbNest = try await GDBOracle.run(binary, commands: ["break nest", "run", "delete 1", "watch mine"] + Array(repeating: "continue", count: 4))
        // tally(3): total goes 0 → 1 → 3 → 6 (dbg also stops at the first write, of 0 over 0,
        // which gdb passes as no change).
        for (index, (old, new)) in [(0, 1), (1, 3), (3, 6)].enumerated() {
            let stop = session.output(of: "continue", occurrence: index + 2)
            #expect(stop.contains("Old value = \(old)\nNew value = \(new)\n"), "\(stop)")
            #expect(gdbTally.contains("Old value = \(old)\nNew value = \(new)\n"), "\(gdbTally)")
        }
        func returnStop(_ gdb: String) -> String? {
            // gdb: "0x00005555555551a5 in main () at c/scoped.c:37": the return address and line.
            gdb.firstMatch(of: /which its expression is valid\.\n0x0*([0-9a-f]+) in main \(\) at (c\/scoped\.c:\d+)/)
                .map { "(PC: 0x\($0.1))|\($0.2)" }
        }
        func dbgStop(_ text: String) -> String? {
            text.firstMatch(of: /> main\(\) (c\/scoped\.c:\d+) \(PC: (0x[0-9a-f]+)\)/).map { "(PC: \($0.2))|\($0.1)" }
        }
        let tallyEnd = session.output(of: "continue", occurrence: 5)
        #expect(tallyEnd.contains("Watchpoint total went out of scope and was cleared\n"), "\(tallyEnd)")
        #expect(dbgStop(tallyEnd) != nil && dbgStop(tallyEnd) == returnStop(gdbTally), "dbg \(tallyEnd)\ngdb \(gdbTally)")
        #expect(!session.output(of: "breakpoints").contains("Watchpoint"), "\(session.output(of: "breakpoints"))")
        // nest(3): mine 10 (stale) → 3, then 3 → 6 after the inner calls returned, then the end.
        #expect(session.output(of: "continue", occurrence: 8).contains("Old value = 3\nNew value = 6\n"))
        #expect(gdbNest.contains("Old value = 3\nNew value = 6\n"), "\(gdbNest)")
        let nestEnd = session.output(of: "continue", occurrence: 9)
        #expect(nestEnd.contains("Watchpoint mine went out of scope and was cleared\n"), "\(nestEnd)")
        #expect(dbgStop(nestEnd) != nil && dbgStop(nestEnd) == returnStop(gdbNest), "dbg \(nestEnd)\ngdb \(gdbNest)")
        #expect(session.output(of: "continue", occurrence: 10).contains("has exited with status 0"))
        #expect(session.programOutput == "scoped: 6 10 nest=6\n")
    }

    /// What cannot be watched: one line each, and the session goes on.
    @Test func badWatchesGiveOneLineErrorsAndTheSessionGoesOn() async throws {
        let session = try await LiveSession.run("c/watched", commands: [
            "break bump", "continue", "watch 1+2", "watch wide", "watch i", "watch counter", "watch pair.low",
            "watch pair.high", "watch wide.first", "watch -x counter", "print counter",
        ])
        #expect(session.output(of: "watch 1+2") == "Command failed: cannot watch 1+2: it has no address\n")
        #expect(session.output(of: "watch wide") == "Command failed: cannot watch 16 bytes: a hardware watchpoint covers 1, 2, 4 or 8\n")
        #expect(session.output(of: "watch i").hasPrefix("Watchpoint i set at 0x7f"), "\(session.output(of: "watch i"))")
        #expect(session.output(of: "watch wide.first") == "Command failed: no free hardware watchpoint: at most 4 at once\n")
        #expect(session.output(of: "watch -x counter") == "Command failed: wrong flag -x: watch [-r|-w|-rw] <expr>\n")
        #expect(session.output(of: "print counter") == "0\n")
    }

    /// A watchpoint's condition and hit condition hold as a breakpoint's (they were ignored),
    /// and giving it a condition takes no second debug register: four watchpoints still fit.
    @Test func conditionsOnWatchpointsHoldAndTakeNoRegister() async throws {
        let session = try await LiveSession.run("c/watched", commands: [
            "break main", "continue", "watch counter", "condition counter counter == 3", "condition counter counter == 4",
            "watch -rw pair.low", "condition -hitcount pair.low == 2", "watch later", "watch wide.first", "continue", "continue",
        ])
        #expect(session.output(of: "watch wide.first").hasPrefix("Watchpoint wide.first set at 0x"), "\(session.transcript)")
        let first = session.output(of: "continue", occurrence: 1)
        #expect(first.hasPrefix("> watchpoint on [pair.low] bump() c/watched.c:37 (hits total:2)"), "\(first)")
        #expect(first.contains("Old value = 1\nNew value = 2\n"), "\(first)")
        let second = session.output(of: "continue", occurrence: 2)
        #expect(second.hasPrefix("> watchpoint on [counter] bump() c/watched.c:36 (hits total:1)"), "\(second)")
        #expect(second.contains("Old value = 3\nNew value = 4\n"), "\(second)")
    }

    /// An attached program left with a watchpoint set runs on to its end after the detach:
    /// the kernel keeps debug registers past it, so dbg takes them out first (else the next
    /// write ended the program with SIGTRAP); on a local, the int3 where its frame returns
    /// goes too (else the next return ended it so).
    @Test(arguments: [
        (["watch counter", "continue"], "> watchpoint on [counter] bump() "),
        (["watch i"], "Watchpoint i set at 0x7f"),
    ])
    func anAttachedProgramRunsOnAfterADetachWithAWatchpoint(watching: [String], shown: String) async throws {
        let program = try Spawned(try DelveOracle.fixture("c/watched").binary, ["300", "10"])  // ~3 s
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = directory + "/init"
        try (["break bump", "continue", "clear 1"] + watching + ["exit"]).joined(separator: "\n")
            .write(toFile: script, atomically: true, encoding: .utf8)
        let run = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["attach", "\(program.pid)", "--init", script])
        #expect(run.text.contains(shown), "\(run.text)")
        let finished = program.wait(seconds: 60)
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text == "watched: counter=300 later=7\n")
    }

    /// dbg SIGKILLed while an attached program has a watchpoint: the kernel keeps the debug
    /// registers, and the trap healer dbg put in the program lets each of their traps go, so
    /// the program still reaches its end (without the healer it died of SIGTRAP at the next
    /// write).
    @Test func anAttachedProgramOutlivesSIGKILLWithAWatchpoint() async throws {
        let program = try Spawned(try DelveOracle.fixture("c/watched").binary, ["300", "10"])  // ~3 s
        let fifo = NSTemporaryDirectory() + "dbg-commands-" + UUID().uuidString
        guard mkfifo(fifo, 0o600) == 0 else { throw DelveOracle.Failure(description: "mkfifo failed") }
        defer { unlink(fifo) }
        let commands = open(fifo, O_RDWR | O_CLOEXEC)  // held open: no end of input
        defer { close(commands) }
        let output = NSTemporaryDirectory() + "dbg-output-" + UUID().uuidString
        defer { unlink(output) }
        let dbg = try ProcessRunner.spawn(try TerminalSession.dbgBinary, ["attach", "\(program.pid)"], stdin: fifo, output: output)
        func type(_ text: String) { _ = text.withCString { write(commands, $0, strlen($0)) } }
        func printed() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        type("break bump\ncontinue\nclear 1\nwatch counter\ncontinue\n")
        await Eventually.wait { printed().contains("> watchpoint on [counter] bump() ") }
        #expect(printed().contains("> watchpoint on [counter] bump() "), "\(printed().suffix(800))")
        type("continue\n")
        kill(dbg, SIGKILL)
        _ = Spawned.exitStatus(of: dbg, seconds: 30)
        let finished = program.wait(seconds: 60)
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text == "watched: counter=300 later=7\n")
    }

    /// A Go package variable, against Delve on the same binary: the same set, stop and list
    /// lines. Intended difference: after a watchpoint stop dbg prints gdb's `Old value` /
    /// `New value` lines, Delve 1.20 none.
    @Test func aGoWatchpointStopsWhereDelveStops() async throws {
        let commands = ["break main.main", "continue", "watch -w main.counter", "continue", "continue", "breakpoints"]
        let (binary, directory) = try DelveOracle.fixture("go/watched")
        let delve = try await DelveOracle.run(binary: binary, directory: directory, script: commands)
        let session = try await LiveSession.run("go/watched", commands: commands, workingDirectory: directory)
        let dbg = Self.headlines(session.transcript)
        #expect(dbg.contains { $0.hasPrefix("> watchpoint on [main.counter] main.bump() ./main.go:19 (hits goroutine(1):2 total:2)") },
                "\(session.transcript)")
        #expect(dbg == Self.headlines(delve), "dbg:\n\(session.transcript)\nDelve:\n\(delve)")
        #expect(session.output(of: "continue", occurrence: 2).contains("Old value = 1\nNew value = 2\n"))
    }

    /// What a session shows of its stops and its breakpoints and watchpoints: the lines a
    /// comparison with Delve's looks at (`movingStack`: without the watched addresses, where
    /// a goroutine's stack happens to be). A breakpoint's several addresses are compared as a
    /// set: Delve lists runtime-fatal-throw's in an order that changes from run to run.
    static func headlines(_ text: String, movingStack: Bool = false) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            ["> ", "Watchpoint ", "Breakpoint "].contains { line.hasPrefix($0) }
        }.map { movingStack ? $0.replacing(#/ at 0x[0-9a-f]+$/#, with: "") : $0 }
            .map { line in
                line.replacing(#/ at (0x[0-9a-f]+(?:,0x[0-9a-f]+)+) /#) { match in
                    " at " + match.1.split(separator: ",").sorted().joined(separator: ",") + " "
                }
            }
    }

    /// A Go local under a watchpoint: while it is watched, deeper calls grow the goroutine's
    /// stack and the runtime moves it; the watch follows the variable (both later writes
    /// stop), and ends when its frame returns, where Delve's does, in its words.
    @Test func aGoLocalsWatchFollowsItsMovingStackAndEndsWithItsFrameAsInDelve() async throws {
        let commands = ["break main.go:39", "continue", "watch -w mine", "continue", "continue", "continue", "continue"]
        let (binary, directory) = try DelveOracle.fixture("go/scoped")
        let delve = try await DelveOracle.run(binary: binary, directory: directory, script: commands)
        let session = try await LiveSession.run("go/scoped", commands: commands, workingDirectory: directory)
        let dbg = Self.headlines(session.transcript, movingStack: true)
        #expect(dbg.contains("Watchpoint mine went out of scope and was cleared"), "\(session.transcript)")
        #expect(dbg == Self.headlines(delve, movingStack: true), "dbg:\n\(session.transcript)\nDelve:\n\(delve)")
        #expect(session.output(of: "continue", occurrence: 1).contains("Old value = 1\nNew value = 1001\n"))
        #expect(session.output(of: "continue", occurrence: 2).contains("Old value = 1001\nNew value = 2002\n"))
        #expect(session.programOutput == "scoped 6 10 2002\n")
    }
}
