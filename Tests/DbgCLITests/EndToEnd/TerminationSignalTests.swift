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
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["400", "2", "10000"])  // ~4 s
        usleep(200_000)
        let fifo = NSTemporaryDirectory() + "dbg-commands-" + UUID().uuidString
        guard mkfifo(fifo, 0o600) == 0 else { throw DelveOracle.Failure(description: "mkfifo failed") }
        defer { unlink(fifo) }
        // Held open for writing, so that dbg never reads an end of input.
        let commands = open(fifo, O_RDWR)
        defer { close(commands) }
        let output = NSTemporaryDirectory() + "dbg-output-" + UUID().uuidString
        defer { unlink(output) }
        let debugger = try ProcessRunner.spawn(
            try TerminalSession.dbgBinary, ["attach", "\(program.pid)"], stdin: fifo, output: output)
        let script = continuing ? "break checksum if i == -1\ncontinue\n" : "break checksum\ncontinue\n"
        _ = script.withCString { write(commands, $0, strlen($0)) }
        // Until dbg has stopped at the breakpoint, or is well inside its continue.
        for _ in 0..<100 {
            let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if continuing ? printed.contains("(dbg) continue") : printed.contains("(hits total:1)") { break }
            usleep(50_000)
        }
        usleep(300_000)
        kill(debugger, signal)
        #expect(Spawned.exitStatus(of: debugger, seconds: 30) == 128 + signal, "dbg's exit status")
        // A program left stopped by a dying tracer would wait forever: it gets 30 s.
        let finished = program.wait(seconds: 30)
        #expect(finished.status == 0, "the program: \(finished.text)")
        #expect(finished.text.contains("calls=800 "), "\(finished.text)")
    }
}
