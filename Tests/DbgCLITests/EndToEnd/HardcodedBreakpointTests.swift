import Testing

/// A breakpoint written into the program (an int3 of its own) stops it, and continuing
/// does not hand the SIGTRAP to the program, which would die of it.
@Suite struct HardcodedBreakpointTests {
    /// `__asm__("int3")` in C: the stop is where gdb reports "Program received signal
    /// SIGTRAP", and the program runs to its normal end, as under gdb.
    @Test func cTrapStopsWhereGDBStopsAndTheProgramGoesOn() async throws {
        let session = try await LiveSession.run("c/trap", commands: ["continue", "stack", "args", "continue"])
        let gdb = try await GDBOracle.run(try DelveOracle.fixture("c/trap").binary, commands: ["run", "bt", "info args", "continue"])
        #expect(gdb.contains("Program received signal SIGTRAP"))
        #expect(gdb.contains("exited normally"))
        let stop = session.output(of: "continue")
        #expect(stop.hasPrefix("> [hardcoded-breakpoint] bump() c/trap.c:9 (hits total:0) (PC: 0x"), "\(stop)")
        let theirs = GDBOracle.frames(gdb)
        let ours = CSessionTests.frames(session.output(of: "stack"))
        #expect(theirs.map(\.function) == ["bump", "main"])
        // gdb's backtrace ends at main; dbg's goes on into libc's start, as Delve's does.
        #expect(ours.prefix(theirs.count).map(\.function) == theirs.map(\.function))
        #expect(ours.prefix(theirs.count).map(\.line) == theirs.map(\.line))
        #expect(gdb.contains("x = 1") && session.output(of: "args") == "x = 1\n")
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"))
        #expect(session.programOutput == "after 2\n")
    }

    // Go's runtime.Breakpoint() is compared with Delve in the Go corpus (corpus/go/hardbreak).
}
