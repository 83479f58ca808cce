import DbgService
import Foundation
import Testing
@testable import DbgCLI

/// The REPL's printers against the real Delve 1.20, same binary, same run: Delve's
/// lines are parsed back into API values, printed by dbg's formatters, and must come
/// out identical. Checks the layouts (padding, widths, separators, path display, the
/// source listing) with real addresses and real files.
@Suite(.serialized) struct DelveFormatTests {
    static let script = [
        "break main.inspect",
        "condition -hitcount 1 > 0",
        "break main.go:203",
        "condition 2 priced == 0",
        #"print "=breakpoints=""#, "breakpoints",
        #"print "=continue=""#, "continue",
        #"print "=stack=""#, "stack",
        #"print "=continue2=""#, "continue",
        #"print "=x=""#, "x -fmt hex -count 16 -size 1 -x o",
        #"print "=threads=""#, "threads",
        #"print "=goroutine=""#, "goroutine",
        #"print "=goroutines=""#, "goroutines",
        #"print "=frame=""#, "frame 1",
        #"print "=clear=""#, "clear 1",
        #"print "=list=""#, "list main.worker",
        #"print "=end=""#,
    ]

    struct Transcript: Sendable {
        var sections: [String: [String]]
        var directory: String
    }

    /// Delve's run, once for the whole suite (started by the first test that asks).
    static let transcript = Task<Transcript, any Error> {
        let (binary, directory) = try DelveOracle.fixture("go/goroutines")
        let output = try await DelveOracle.run(binary: binary, directory: directory, script: script)
        return Transcript(sections: DelveOracle.sections(output), directory: directory)
    }

    func delve() async throws -> Transcript { try await Self.transcript.value }

    func paths(_ t: Transcript) -> PathFormatter { PathFormatter(workingDirectory: t.directory) }

    /// "./main.go" back to the absolute path Delve read.
    func absolute(_ path: String, _ t: Transcript) -> String {
        path.hasPrefix("./") ? t.directory + path.dropFirst(1) : path
    }

    func hex(_ text: some StringProtocol) -> UInt64 {
        let digits = String(text)
        return UInt64(digits.hasPrefix("0x") ? String(digits.dropFirst(2)) : digits, radix: 16)!
    }

    @Test func breakpointSetAndListed() async throws {
        let t = try await delve()
        let setLine = try #require(t.sections["start"]?.first { $0.hasPrefix("Breakpoint 1 set at ") })
        let match = try #require(setLine.wholeMatch(of: /Breakpoint 1 set at (0x[0-9a-f]+) for (\S+)\(\) (\S+):(\d+)/))
        var bp = API.Breakpoint(id: 1, addrs: [hex(match.1)], file: absolute(String(match.3), t), line: Int(match.4)!, functionName: String(match.2))
        let text = BreakpointText(theme: .plain, paths: paths(t))
        #expect(text.event(bp, "set") == setLine + "\n")

        // The listing: user breakpoints with their conditions (Delve's internal ones are
        // the service's business).
        let listing = try #require(t.sections["breakpoints"])
        let first = try #require(listing.firstIndex { $0.hasPrefix("Breakpoint 1 ") })
        bp.hitCond = "> 0"
        #expect(text.listing(bp) == listing[first...].prefix(2).joined(separator: "\n") + "\n")
        let secondLine = try #require(listing.first { $0.hasPrefix("Breakpoint 2 ") })
        let second = try #require(secondLine.wholeMatch(of: /Breakpoint 2 \(enabled\) at (0x[0-9a-f]+) for (\S+)\(\) (\S+):(\d+) \(0\)/))
        var bp2 = API.Breakpoint(id: 2, addrs: [hex(second.1)], file: absolute(String(second.3), t), line: Int(second.4)!, functionName: String(second.2))
        bp2.cond = "priced == 0"
        let secondIndex = try #require(listing.firstIndex(of: secondLine))
        #expect(text.listing(bp2) == listing[secondIndex...].prefix(2).joined(separator: "\n") + "\n")

        let cleared = try #require(t.sections["clear"]?.first)
        bp.hitCount = ["1": 1]
        #expect(text.event(bp, "cleared") == cleared + "\n")
    }

    @Test func stopBannerAndSourceListing() async throws {
        let t = try await delve()
        let lines = try #require(t.sections["continue"])
        let banner = try #require(lines.first)
        let match = try #require(banner.wholeMatch(of: /> (\S+)\(\) (\S+):(\d+) \(hits goroutine\((\d+)\):(\d+) total:(\d+)\) \(PC: (0x[0-9a-f]+)\)/))
        let file = absolute(String(match.2), t)
        let line = Int(match.3)!
        var bp = API.Breakpoint(id: 1, addrs: [hex(match.7)], file: file, line: line, functionName: String(match.1))
        bp.hitCount = [String(match.4): UInt64(match.5)!]
        bp.totalHitCount = UInt64(match.6)!
        let thread = API.Thread(id: 100, pc: hex(match.7), file: file, line: line,
                                function: API.Function(name: String(match.1), value: 0), goroutineID: Int64(match.4)!, breakpoint: bp)
        let state = API.DebuggerState(pid: 1, currentThread: thread, threads: [thread])
        let stop = StopText(theme: .plain, paths: paths(t)).context(state)
        #expect(stop.text == banner + "\n")
        let lister = SourceLister(cache: SourceCache(), theme: .plain, paths: paths(t), lineCount: 5)
        let listing = try lister.listing(file: file, line: line, arrow: true)
        #expect(listing == lines[1...11].joined(separator: "\n") + "\n")
    }

    @Test func stackTrace() async throws {
        let t = try await delve()
        let lines = try #require(t.sections["stack"]).filter { !$0.isEmpty }
        var frames: [API.Stackframe] = []
        var index = 0
        while index + 1 < lines.count {
            let head = try #require(lines[index].wholeMatch(of: /\s*\d+  0x([0-9a-f]{16}) in (\S+)/))
            let at = try #require(lines[index + 1].wholeMatch(of: /\s+at (\S+):(\d+)/))
            let location = API.Location(pc: hex(head.1), file: absolute(String(at.1), t), line: Int(at.2)!, function: API.Function(name: String(head.2), value: 0))
            frames.append(API.Stackframe(location: location, bottom: index + 2 >= lines.count))
            index += 2
        }
        #expect(frames.count >= 3)
        #expect(StackText(theme: .plain, paths: paths(t)).render(frames) == lines.joined(separator: "\n") + "\n")
        // A stack that does not reach the bottom says so.
        frames[frames.count - 1].bottom = false
        #expect(StackText(theme: .plain, paths: paths(t)).render(frames).hasSuffix("(truncated)\n"))
    }

    @Test func memory() async throws {
        let t = try await delve()
        let lines = try #require(t.sections["x"]).filter { !$0.isEmpty }
        var bytes: [UInt8] = []
        var address: UInt64?
        for line in lines {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            if address == nil { address = hex(cells[0].dropLast()) }
            bytes += cells.dropFirst().map { UInt8(hex($0)) }
        }
        let start = try #require(address)
        #expect(MemoryText.render(address: start, bytes: bytes, format: .hex, size: 1) == lines.joined(separator: "\n") + "\n")
    }

    @Test func threadsAndGoroutines() async throws {
        let t = try await delve()
        let text = ThreadText(theme: .plain, paths: paths(t))
        for line in try #require(t.sections["threads"]).filter({ !$0.isEmpty }) {
            let m = try #require(line.wholeMatch(of: /([* ]) Thread (\d+) at (0x[0-9a-f]+) (\S+):(\d+) (\S+)/))
            let thread = API.Thread(id: Int(m.2)!, pc: hex(m.3), file: absolute(String(m.4), t), line: Int(m.5)!, function: API.Function(name: String(m.6), value: 0))
            #expect(text.threadLine(thread, current: m.1 == "*") == line + "\n")
        }

        let goroutines = try #require(t.sections["goroutines"]).filter { !$0.isEmpty }
        #expect(goroutines.last?.wholeMatch(of: /\[\d+ goroutines\]/) != nil)
        for line in goroutines.dropLast() {
            let m = try #require(line.wholeMatch(of: /([* ]) Goroutine (\d+) - User: (\S+):(\d+) (\S+) \((0x[0-9a-f]+)\)( \(thread (\d+)\))?( \[(.+)\])?/))
            let location = API.Location(pc: hex(m.6), file: absolute(String(m.3), t), line: Int(m.4)!, function: API.Function(name: String(m.5), value: 0))
            let reason = m.10.map { r in ThreadText.waitReasons.firstIndex(of: String(r)) ?? -1 } ?? 0
            #expect(reason >= 0, "unknown wait reason in \(line)")
            let g = try Self.goroutine(id: Int64(m.2)!, user: location, thread: m.8.map { Int($0)! } ?? 0,
                                       status: m.10 == nil ? 2 : ThreadText.goroutineWaiting, waitReason: Int64(reason))
            #expect((m.1 == "*" ? "* " : "  ") + "Goroutine " + text.goroutine(g, .user) == line)
        }

        let current = try #require(t.sections["goroutine"]).filter { !$0.isEmpty }
        let threadLine = try #require(current.first?.wholeMatch(of: /Thread (\d+) at (\S+):(\d+)/))
        let thread = API.Thread(id: Int(threadLine.1)!, pc: 0, file: absolute(String(threadLine.2), t), line: Int(threadLine.3)!, function: nil)
        #expect("Thread " + text.short(thread) == current[0])
        var locations: [API.Location] = []
        for line in current[2...5] {
            let m = try #require(line.wholeMatch(of: /\t\w+: (\S+):(\d+) (\S+) \((0x[0-9a-f]+)\)/))
            locations.append(API.Location(pc: hex(m.4), file: absolute(String(m.1), t), line: Int(m.2)!, function: API.Function(name: String(m.3), value: 0)))
        }
        var g = try Self.goroutine(id: 1, user: locations[1], thread: thread.id, status: 2, waitReason: 0)
        g.currentLoc = locations[0]
        g.goStatementLoc = locations[2]
        g.startLoc = locations[3]
        #expect(text.goroutineLong(g) == current[1...5].joined(separator: "\n") + "\n")
    }

    @Test func frameAndList() async throws {
        let t = try await delve()
        let frame = try #require(t.sections["frame"]).filter { !$0.isEmpty }
        let line = try #require(frame.first { $0.hasPrefix("Frame 1: ") })
        #expect(line.wholeMatch(of: /Frame 1: \S+main\.go:\d+ \(PC: [0-9a-f]+\)/) != nil)
        let list = try #require(t.sections["list"]).filter { !$0.isEmpty }
        let showing = try #require(list.first?.wholeMatch(of: /Showing (\S+):(\d+) \(PC: (0x[0-9a-f]+)\)/))
        let lister = SourceLister(cache: SourceCache(), theme: .plain, paths: paths(t), lineCount: 5)
        #expect(try lister.listing(file: String(showing.1), line: Int(showing.2)!, arrow: false) == list[1...].joined(separator: "\n") + "\n")
    }

    /// Whole commands: the REPL, given the values Delve showed, prints what Delve printed.
    @Test func replCommandsPrintWhatDelvePrinted() async throws {
        let t = try await delve()
        func banner(_ line: String) throws -> API.Thread {
            let m = try #require(line.wholeMatch(of: /> (\S+)\(\) (\S+):(\d+) \(hits goroutine\((\d+)\):(\d+) total:(\d+)\) \(PC: (0x[0-9a-f]+)\)/))
            var bp = API.Breakpoint(id: 1, addrs: [hex(m.7)], file: absolute(String(m.2), t), line: Int(m.3)!, functionName: String(m.1))
            bp.hitCount = [String(m.4): UInt64(m.5)!]
            bp.totalHitCount = UInt64(m.6)!
            return API.Thread(id: 100, pc: hex(m.7), file: bp.file, line: bp.line, function: API.Function(name: String(m.1), value: 0),
                              goroutineID: Int64(m.4)!, breakpoint: bp)
        }
        let first = try banner(try #require(t.sections["continue"]?.first))
        let second = try banner(try #require(t.sections["continue2"]?.first))
        let client = RecordingClient()
        client.states = [API.DebuggerState(pid: 1, currentThread: first, threads: [first])]
        client.defaultState = API.DebuggerState(pid: 1, currentThread: second, threads: [second])
        let stackLines = try #require(t.sections["stack"]).filter { !$0.isEmpty }
        let caller = try #require(stackLines[2].wholeMatch(of: /\s*1  0x([0-9a-f]{16}) in (\S+)/))
        let callerAt = try #require(stackLines[3].wholeMatch(of: /\s+at (\S+):(\d+)/))
        client.stack = [
            API.Stackframe(location: API.Location(pc: second.pc, file: second.file, line: second.line, function: second.function)),
            API.Stackframe(location: API.Location(pc: hex(caller.1), file: absolute(String(callerAt.1), t), line: Int(callerAt.2)!,
                                                  function: API.Function(name: String(caller.2), value: 0))),
        ]
        let showing = try #require(t.sections["list"]?.first?.wholeMatch(of: /Showing (\S+):(\d+) \(PC: (0x[0-9a-f]+)\)/))
        client.locations["main.worker"] = [API.Location(pc: hex(showing.3), file: String(showing.1), line: Int(showing.2)!, function: API.Function(name: "main.worker", value: 0))]

        let session = await Session.run(["continue", "frame 1", "list main.worker"], client: client, workingDirectory: t.directory)
        func delveText(_ name: String) throws -> String {
            var lines = try #require(t.sections[name])
            while lines.last == "" { lines.removeLast() }
            return lines.joined(separator: "\n") + "\n"
        }
        #expect(session.perCommand.count == 3)
        #expect(session.perCommand[0] == (try delveText("continue")))
        // Delve prints the listing path of `list` and `frame` in full; dbg keeps them relative.
        #expect(session.perCommand[1] == (try delveText("frame")))
        #expect(session.perCommand[2].split(separator: "\n").dropFirst() == (try delveText("list")).split(separator: "\n").dropFirst())
    }

    /// API.Goroutine has no memberwise initialiser outside DbgService: built from JSON,
    /// as a client of the JSON-RPC server would receive it.
    static func goroutine(id: Int64, user: API.Location, thread: Int, status: UInt64, waitReason: Int64) throws -> API.Goroutine {
        API.Goroutine(
            id: id, currentLoc: user, userCurrentLoc: user, goStatementLoc: user, startLoc: user, threadID: thread,
            status: status, waitSince: 0, waitReason: waitReason)
    }
}
