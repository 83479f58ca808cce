import DbgProcess
import DbgTestSupport
import Foundation
import Testing

/// Stopping a running program from another thread, and programs killed from outside.
@Suite struct HaltTests {
    /// Stops at spin's entry and makes its loop endless (n = Int64.max in RDI): a program
    /// that runs until stopped, with no timing involved.
    private func spinForever() async throws -> (Debuggee, Range<UInt64>) {
        let debuggee = try await Debuggee.launch("c/loops", ["spin"])
        let process = debuggee.process
        let spin = try await debuggee.range(of: "spin")
        try await process.insertBreakpoint(at: spin.lowerBound)
        let stop = try await process.cont()
        let thread = ThreadID(process.pid)
        #expect(stop == .breakpoint(thread: thread, address: spin.lowerBound))
        var registers = try await process.registers(of: thread)
        registers.rdi = UInt64(Int64.max)
        try await process.setRegisters(registers, of: thread)
        try await process.removeBreakpoint(at: spin.lowerBound)
        return (debuggee, spin)
    }

    /// Resumes in a task; returns once the program is running.
    private func startRunning(_ process: TracedProcess) async throws -> Task<StopEvent, any Error> {
        let running = Task { try await process.cont() }
        try await ChildProcess.waitUntil("the program runs") { process.isRunning }
        return running
    }

    @Test func haltStopsASpinningProgram() async throws {
        let (debuggee, spin) = try await spinForever()
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let thread = ThreadID(process.pid)
        #expect(!process.halt())  // stopped: nothing to halt

        for _ in 0..<3 {
            let running = try await startRunning(process)
            #expect(process.halt())
            #expect(try await running.value == .halted(thread: thread))
            #expect(spin.contains(try await process.registers(of: thread).rip))
            #expect(await process.pendingSignal(of: thread) == nil)  // our SIGSTOP is never delivered
        }
        _ = try await process.kill()
        #expect(await !process.isAlive)
    }

    /// `loops spin` writing its output into a full pipe blocks in write(2): a program
    /// stuck in a system call, for a halt while it runs and one during a stepi.
    @Test func haltEndsAStepStuckInASystemCall() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(fds[0]) }
        let flags = fcntl(fds[1], F_GETFL)
        _ = fcntl(fds[1], F_SETFL, flags | O_NONBLOCK)
        let chunk = [UInt8](repeating: 0x2e, count: 4096)
        var filler = 0
        while true {
            let written = chunk.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
            if written <= 0 { break }
            filler += written
        }
        _ = fcntl(fds[1], F_SETFL, flags)
        let process = try await TracedProcess.launch(LaunchConfiguration(
            path: try Fixtures.binary("c/loops"), arguments: ["spin"], standardOutput: .descriptor(fds[1])))
        close(fds[1])
        let thread = ThreadID(process.pid)

        let running = try await startRunning(process)
        try await ChildProcess.waitUntil("loops blocks in write(2)") { isBlockedInWrite(process.pid) }
        #expect(process.halt())
        #expect(try await running.value == .halted(thread: thread))

        // A stepi restarts the interrupted write, which blocks again: halt() ends the step,
        // leaving the thread at its syscall instruction (before or after it, depending on
        // where the kernel is in restarting it), to restart it when resumed.
        let stepping = Task { try await process.stepInstruction(thread) }
        try await ChildProcess.waitUntil("the step runs") { process.isRunning }
        try await ChildProcess.waitUntil("loops blocks in write(2) again") { isBlockedInWrite(process.pid) }
        #expect(process.halt())
        #expect(try await stepping.value == .halted(thread: thread))
        let pc = try await process.registers(of: thread).rip
        let code = try await process.readMemory(at: pc - 2, count: 4)
        #expect(code[0..<2] == [0x0f, 0x05] || code[2..<4] == [0x0f, 0x05])  // syscall

        // Drain the pipe: the program writes its line and exits.
        var drained: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while drained.count < filler {
            let got = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, min($0.count, filler - drained.count)) }
            if got <= 0 { break }
            drained += buffer[0..<got]
        }
        var stop = try await process.cont()
        while case .stepped = stop { stop = try await process.cont() }
        #expect(stop == .exited(code: 0))
        let got = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        #expect(String(decoding: buffer[0..<max(got, 0)], as: UTF8.self) == "spin=49999995000000\n")
    }

    @Test func killedFromOutsideWhileRunning() async throws {
        let (debuggee, _) = try await spinForever()
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let running = try await startRunning(process)
        #expect(kill(process.pid, SIGKILL) == 0)
        let end = try await running.value
        #expect(end == .killed(signal: .sigkill, coreDumped: false))
        #expect(end.description == "killed by SIGKILL")
    }

    @Test func killedFromOutsideWhileStopped() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let greet = try await debuggee.breakpointAddress("greet")
        try await process.insertBreakpoint(at: greet)
        #expect(try await process.cont() == .breakpoint(thread: ThreadID(process.pid), address: greet))
        #expect(kill(process.pid, SIGKILL) == 0)
        #expect(try await process.cont() == .killed(signal: .sigkill, coreDumped: false))
        await #expect(throws: ProcessError.processExited(process.pid)) {
            try await process.readMemory(at: greet, count: 1)
        }
    }

    @Test func killedFromOutsideBeforeAStep() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let thread = ThreadID(process.pid)
        let greet = try await debuggee.breakpointAddress("greet")
        try await process.insertBreakpoint(at: greet)
        #expect(try await process.cont() == .breakpoint(thread: thread, address: greet))
        #expect(kill(process.pid, SIGKILL) == 0)
        #expect(try await process.stepInstruction(thread) == .killed(signal: .sigkill, coreDumped: false))
    }

    @Test func terminateFromAnotherThread() async throws {
        let (debuggee, _) = try await spinForever()
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let running = try await startRunning(process)
        process.terminate()
        #expect(try await running.value == .killed(signal: .sigkill, coreDumped: false))
    }
}

/// True when the process sleeps in write(2) (state S, system call 1), not in a ptrace stop.
private func isBlockedInWrite(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let syscall = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8),
          let state = stat.split(separator: ")").last?.split(separator: " ").first
    else { return false }
    return state == "S" && syscall.hasPrefix("1 ")
}
