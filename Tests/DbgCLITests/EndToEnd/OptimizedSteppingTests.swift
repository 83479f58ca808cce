import Testing
@testable import DbgCLI

/// `next` and `step` through -O2 code (inlined calls, loops, a tail call, rows that are not
/// statements), against gdb on the same binary: the same stops, in the same functions.
@Suite struct OptimizedSteppingTests {
    /// From `break intern`: through the inlined hash, the bucket loop, the tail call into
    /// create, the return into the middle of main's line, and back to the breakpoint.
    @Test func nextMatchesGDB() async throws {
        try await compare(start: ["break intern"], steps: Array(repeating: "next", count: 12))
    }

    /// `step` enters the inlined hash at its call (without running), and walks its loop.
    @Test func stepIntoInlinedCodeMatchesGDB() async throws {
        try await compare(start: ["break intern"], then: ["next"], steps: Array(repeating: "step", count: 9))
    }

    /// The tail call from intern into create, followed by `step` as by `next`.
    @Test func stepThroughTheTailCallMatchesGDB() async throws {
        try await compare(start: ["break interning.c:58"], steps: ["step", "next", "next"])
    }

    /// A breakpoint on a function by name whose first statement starts inlined calls shows
    /// that function (gdb hides the calls that start there); `step` enters one call
    /// without running, and `finish` leaves an inlined call for the frame that made it.
    @Test func breakOnAFunctionInlinedElsewhereMatchesGDB() async throws {
        try await compare(program: "corpus/c/inline_o2", start: ["break bounded"], steps: ["step", "finish", "next", "next"])
    }

    /// A breakpoint on a line shows the innermost inlined call at its address, as gdb does;
    /// `finish` leaves the inlined calls, then the function.
    @Test func breakOnALineInInlinedCodeMatchesGDB() async throws {
        try await compare(program: "corpus/c/inline_o2", start: ["break inline_o2.c:38"], steps: ["finish", "finish", "step", "step"])
    }

    /// gdb runs `breaks`, `run`, `then`; dbg the same with `continue` for `run` and
    /// `stepout` for `finish`.
    private func compare(program: String = "c/interning", start breaks: [String], then: [String] = [], steps: [String]) async throws {
        let binary = try DelveOracle.fixture(program).binary
        let gdb = Self.gdbStops(try await GDBOracle.run(binary, commands: breaks + ["run"] + then + steps))
        let dbgSteps = steps.map { $0 == "finish" ? "stepout" : $0 }
        let session = try await LiveSession.run(program, commands: breaks + ["continue"] + then + dbgSteps)
        let ours = session.outputs.compactMap { Self.stop($0.text) }
        #expect(gdb.count == 1 + then.count + steps.count, "gdb's stops: \(gdb)")
        #expect(ours.map(\.line) == gdb.map(\.line), "ours \(ours), gdb \(gdb)")
        // gdb names the function only when it prints a frame's header.
        for (index, stop) in gdb.enumerated() where index < ours.count {
            guard let function = stop.function else { continue }
            #expect(ours[index].function == function, "stop \(index): \(session.transcript)")
        }
    }

    /// The stop a dbg command reported: `> intern() ./c/interning.c:51 ...`.
    static func stop(_ text: String) -> (function: String, line: Int)? {
        let pattern = #/^> (\S+)\(\) \S+:(\d+)/#
        for line in text.split(separator: "\n") {
            if let match = try? pattern.prefixMatch(in: String(line)), let number = Int(match.2) {
                return (String(match.1), number)
            }
        }
        return nil
    }

    /// gdb's stops, in order: each printed source line, with the function when a frame's
    /// header came with it (gdb prints none while it thinks the frame is the same).
    static func gdbStops(_ output: String) -> [(function: String?, line: Int)] {
        let header = #/(\w+) \(.*\) at \S+:(\d+)$/#
        let source = #/^(\d+)\t/#
        var function: String?
        var stops: [(String?, Int)] = []
        for line in output.split(separator: "\n").map(String.init) {
            if let match = try? header.firstMatch(in: line) { function = String(match.1) }
            if let match = try? source.prefixMatch(in: line), let number = Int(match.1) {
                stops.append((function, number))
                function = nil
            }
        }
        return stops
    }
}
