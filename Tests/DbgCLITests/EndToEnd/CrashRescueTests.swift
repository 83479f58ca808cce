import CSys
import DbgTestSupport
import Foundation
import Testing

/// dbg dying of a fault (a Swift runtime trap is a SIGILL, a bad access a SIGSEGV, an
/// abort a SIGABRT) while attached leaves the program as it was: its int3s out, a thread
/// stopped at one put back at its instruction, the scratch areas of displaced steps
/// unmapped, every thread detached. The fault is raised in dbg from outside, on the thread
/// it would come from: dbg's main thread or its ptrace thread (the only one allowed to
/// touch the program, which the rescue must run on). Without the rescue the program dies
/// of SIGTRAP (exit 133).
@Suite(.serialized) struct CrashRescueTests {
    @Test(arguments: [
        (SIGSEGV, "dbg", false), (SIGSEGV, "dbg", true), (SIGILL, "dbg-ptrace", false),
        (SIGILL, "dbg-ptrace", true), (SIGABRT, "dbg", true),
    ])
    func anAttachedProgramOutlivesDbgsCrash(signal: Int32, thread: String, continuing: Bool) throws {
        let dbg = try AttachedDbg(continuing: continuing)
        let hadScratchAreas = !TraceCommandTests.anonymousCodeMappings(of: dbg.program.pid).isEmpty
        let target = try #require(dbg.thread(named: thread), "dbg's \(thread) thread")
        #expect(csys_tgkill(dbg.pid, target, signal) == 0)
        let status = Spawned.exitStatus(of: dbg.pid, seconds: 30)
        #expect(status > 128, "dbg died of a signal, not \(status)")
        #expect(dbg.printed.contains("dbg crashed (signal \(signal)); process \(dbg.program.pid) runs on as it was"), "\(dbg.printed.suffix(2000))")
        Self.expectWholeCrashReport(dbg.printed)
        // The program still runs (about 4 s in all): nothing of dbg's is left in it.
        #expect(TraceCommandTests.anonymousCodeMappings(of: dbg.program.pid).isEmpty, "\(TraceCommandTests.anonymousCodeMappings(of: dbg.program.pid))")
        if continuing { #expect(hadScratchAreas, "a continue past a C breakpoint runs its instruction out of line") }
        dbg.expectProgramEndsNormally()
    }

    /// The same for `dbg trace --pid` with the ptrace backend: its tracepoints and scratch
    /// area leave with it.
    @Test func aTracedProgramOutlivesDbgsCrash() throws {
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["300", "2", "10000"])  // ~3 s
        program.waitForThreads(3)
        let tracer = try Spawned(
            try TerminalSession.dbgBinary, ["trace", "--backend", "ptrace", "--pid", "\(program.pid)", "^checksum$"])
        // Until the tracepoints are in: their scratch area mapped.
        Eventually.wait { !TraceCommandTests.anonymousCodeMappings(of: program.pid).isEmpty }
        #expect(!TraceCommandTests.anonymousCodeMappings(of: program.pid).isEmpty, "the scratch area was mapped")
        kill(tracer.pid, SIGSEGV)
        let traced = tracer.wait(seconds: 30)
        #expect(traced.status > 128, "\(traced.text.suffix(2000))")
        #expect(traced.text.contains("dbg crashed (signal \(SIGSEGV)); process \(program.pid) runs on as it was"), "\(traced.text.suffix(2000))")
        Self.expectWholeCrashReport(traced.text)
        #expect(TraceCommandTests.anonymousCodeMappings(of: program.pid).isEmpty, "left in the program")
        let finished = program.wait(seconds: 30)
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text.contains("calls=600 "), "\(finished.text)")
    }

    /// After the rescue, Swift's backtracer still reports dbg's own crash to the end: its
    /// helper process reads dbg's memory through a thread it starts in dbg, which must not
    /// inherit the rescue's mask (every signal blocked), or its first fault kills dbg
    /// mid-report and leaves the helper waiting forever.
    static func expectWholeCrashReport(_ printed: String) {
        let settings = ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] ?? ""
        guard !settings.contains("enable=no") else { return }
        #expect(printed.contains("Backtrace took"), "\(printed.suffix(2000))")
    }
}
