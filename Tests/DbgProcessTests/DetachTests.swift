import DbgProcess
import Foundation
import Testing

/// Detaching: the program runs on as if never touched, with the signal it had pending.
@Suite struct DetachTests {
    @Test func detachAtABreakpointLeavesNoTrapBehind() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let greet = try await debuggee.breakpointAddress("greet")
        try await process.insertBreakpoint(at: greet)
        #expect(try await process.cont() == .breakpoint(thread: ThreadID(process.pid), address: greet))
        try await process.detach()
        // greet runs twice more... once more: a left-over int3 would kill it with SIGTRAP.
        #expect(await ChildProcess(pid: process.pid).wait() == 0)
        #expect(debuggee.output == "Hello, world! (5 letters)\nHello, world! (5 letters)\n")
    }

    @Test func detachDeliversThePendingSignal() async throws {
        let debuggee = try await Debuggee.launch("c/signals")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        guard case .signal(let thread, let info) = try await process.cont() else {
            Issue.record("expected SIGUSR1")
            return
        }
        #expect(info.signal == .sigusr1)
        #expect(await process.pendingSignal(of: thread) == .sigusr1)
        try await process.detach()
        // The first SIGUSR1 reaches the handler after we left; the next two come untraced.
        #expect(await ChildProcess(pid: process.pid).wait() == 0)
        #expect(debuggee.output == "usr1 count=3\n")
    }

    /// Eight threads spinning where we want them: at the first hit of `hit`, its first two
    /// bytes become `jmp .` and we detach, so every worker ends up looping at the entry of
    /// hit (none can finish). A second controller attaches to all nine threads, puts the
    /// code back, takes a few hits, and detaches; the program then completes normally.
    @Test func attachToEveryThreadOfABusyProgramAndDetach() async throws {
        let debuggee = try await Debuggee.launch("c/threads")
        defer { debuggee.cleanUp() }
        let first = debuggee.process
        let hitBreakpoint = try await debuggee.breakpointAddress("hit")
        let entry = try await debuggee.range(of: "hit").lowerBound
        try await first.insertBreakpoint(at: hitBreakpoint)
        guard case .breakpoint = try await first.cont() else {
            Issue.record("expected a hit")
            return
        }
        try await first.removeBreakpoint(at: hitBreakpoint)
        // No thread may be half-way through the two bytes we replace.
        for thread in await first.threadIDs {
            while try await first.registers(of: thread).rip == entry + 1 {
                _ = try await first.stepInstruction(thread)
            }
        }
        let original = try await first.readMemory(at: entry, count: 2)
        try await first.writeMemory([0xeb, 0xfe], at: entry)  // jmp .
        try await first.detach()

        let pid = first.pid
        try await ChildProcess.waitUntil("all eight workers exist") {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"))?.count ?? 0) == 9
        }
        let second = try await TracedProcess.attach(to: pid)
        #expect(await second.threadIDs.count == 9)
        // Halting nine running threads (eight spinning, one in pthread_join) stops them all.
        let running = Task { try await second.cont() }
        try await ChildProcess.waitUntil("the program runs") { second.isRunning }
        #expect(second.halt())
        guard case .halted = try await running.value else {
            Issue.record("expected a halt")
            return
        }
        for thread in await second.threadIDs {  // all-stop: every thread in a ptrace stop
            let stat = try String(contentsOfFile: "/proc/\(pid)/task/\(thread.value)/stat", encoding: .utf8)
            #expect(stat.split(separator: ")").last?.split(separator: " ").first == "t", "\(thread)")
        }
        try await second.writeMemory(original, at: entry)
        try await second.insertBreakpoint(at: hitBreakpoint)
        var hitters = Set<ThreadID>()
        for _ in 0..<40 {
            guard case .breakpoint(let thread, let address) = try await second.cont() else {
                Issue.record("expected a hit")
                break
            }
            #expect(address == hitBreakpoint)
            hitters.insert(thread)
        }
        #expect(hitters.count >= 2)
        try await second.detach()
        #expect(await ChildProcess(pid: pid).wait() == 0)
        #expect(debuggee.output == "hits=8000 total=28023976\n")
    }
}
