import Testing

/// A program that replaces itself (execve): breakpoints are set again in the new program,
/// as gdb sets them, and stop there.
@Suite struct ExecTests {
    /// `break after_exec` before the exec: gdb and dbg both stop in the new program's
    /// after_exec with n = 2, and the program then runs to its end.
    @Test func breakpointsAreSetAgainInTheNewProgram() async throws {
        let session = try await LiveSession.run("c/execs", commands: ["break after_exec", "continue", "args", "continue"])
        let gdb = try await GDBOracle.run(
            try DelveOracle.fixture("c/execs").binary, commands: ["break after_exec", "run", "bt", "info args", "continue"])
        #expect(gdb.contains("is executing new program"), "\(gdb)")
        let theirs = GDBOracle.frames(gdb)
        #expect(theirs.first?.function == "after_exec", "\(gdb)")
        let stop = session.output(of: "continue")
        #expect(stop.contains("after_exec() c/execs.c:\(theirs.first?.line ?? -1)"), "\(session.transcript)")
        #expect(gdb.contains("n = 2") && session.output(of: "args") == "n = 2\n", "\(session.transcript)")
        #expect(session.output(of: "continue", occurrence: 1).contains("has exited with status 0"), "\(session.transcript)")
        #expect(session.programOutput == "before exec\nafter exec: 4\n")
    }
}
