import DbgProcess
import DbgTestSupport
import Foundation
import Testing
@testable import DbgEngine
@testable import DbgService

/// At a stop shown to the user, every thread of an attached program has a SIGSTOP queued
/// (parked, for a SIGKILL of dbg). The first breakpoint in the program's code set then (attach,
/// continue, Ctrl-C, break) still gets its displaced step: the scratch area's mmap runs in a
/// parked thread, which is parked again.
@Suite struct ParkedDisplacedStepTests {
    @Test func theFirstBreakpointSetAfterAHaltIsSteppedOutOfLine() async throws {
        let binary = try Fixtures.binary("c/tracee")
        // Two threads calling checksum every 100 µs, for days.
        let program = try Spawned(binary, ["1000000000", "2", "100"])
        let pid = program.pid
        defer {
            kill(pid, SIGKILL)
            _ = program.wait()
        }
        let debugger = try await LocalDebugger.start(.attach(pid: pid))
        let target = await debugger.target
        let running = Task { try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue)) }
        var spins = 0
        while !target.isRunning, spins < 10_000_000 {
            spins += 1
            await Task.yield()
        }
        _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.halt))
        let halted = try await running.value
        #expect(halted.stopReason == "halted", "\(halted)")
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "checksum"))
        #expect(await debugger.target.traced?.hasDisplacedStep(at: breakpoint.addr) == true, "no displaced step at checksum")
        let hit = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(hit.currentThread?.breakpoint?.id == breakpoint.id, "\(hit.stopReason ?? "")")
        try await debugger.detach(kill: false)
        #expect(ProcessSnapshot.isAlive(pid), "the program runs on")
    }
}
