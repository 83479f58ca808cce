import Foundation
import Testing

/// dbg attached to a running program and ended by a signal (the terminal closed, `kill`)
/// leaves the program as it was: it runs to its own normal end, as under gdb, instead of
/// dying of SIGTRAP at the next breakpoint hit.
@Suite(.serialized) struct TerminationSignalTests {
    /// `continuing`: dbg is inside a `continue` (the program runs, with a breakpoint whose
    /// condition never holds) rather than at its prompt after a stop.
    @Test(arguments: [(SIGTERM, false), (SIGTERM, true), (SIGHUP, true), (SIGQUIT, false)])
    func anAttachedProgramOutlivesDbg(signal: Int32, continuing: Bool) throws {
        let dbg = try AttachedDbg(continuing: continuing)
        kill(dbg.pid, signal)
        #expect(Spawned.exitStatus(of: dbg.pid, seconds: 30) == 128 + signal, "dbg's exit status")
        // A program left stopped by a dying tracer would wait forever: it gets 30 s.
        let finished = dbg.program.wait(seconds: 30)
        #expect(finished.status == 0, "the program: \(finished.text)")
        #expect(finished.text.contains("calls=800 "), "\(finished.text)")
    }
}
