import DbgProcess
import DbgTestSupport
import Foundation
import Testing
@testable import DbgService

/// An attach to a program that has only just started (its execve may not have finished)
/// leaves it as it was. The kernel ends the execve of a process traced without exec events
/// with a SIGTRAP from the process itself, which exists only because of the tracer: it was
/// reported as "received SIGTRAP (SI_USER)" and delivered by the next continue, killing the
/// program (about 1 attach in 6 made right after posix_spawn on a loaded machine; the window,
/// the execve's last moments, is narrower on a quiet one).
@Suite(.serialized) struct AttachAtStartTests {
    @Test func attachingAsTheProgramStartsNeverHandsItASIGTRAP() async throws {
        let binary = try Fixtures.binary("c/tracee")
        for _ in 0..<12 {
            // A call every 100 µs: it outlives any test.
            let program = try Spawned(binary, ["1000000000", "1", "100"])
            defer {
                kill(program.pid, SIGKILL)
                _ = program.wait()
            }
            let debugger = try await LocalDebugger.start(.attach(pid: program.pid))
            _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "checksum"))
            let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
            #expect(state.currentThread?.breakpoint != nil, "stopped by: \(state.stopReason ?? "?")")
            try await debugger.detach(kill: false)
            #expect(ProcessSnapshot.isAlive(program.pid), "the program runs on")
        }
    }
}
