import DbgProcess
import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

/// Attaching to programs started outside the debugger, and detaching from them.
@Suite struct AttachTests {
    /// `loops` writes its output when it exits. Started with a full pipe as standard
    /// output, it blocks in that write(2): a program that stays put until we let it go,
    /// with no timing involved. We attach, stop it at libc's `_exit` (called after the
    /// write completes), detach, and it must end normally with all its output.
    @Test func attachStopDetachAndTheProgramFinishesNormally() async throws {
        let loops = try Fixtures.binary("c/loops")
        let (readEnd, writeEnd) = try makePipe()
        defer { close(readEnd) }
        let filler = try fillPipe(writeEnd)
        let child = try ChildProcess.spawn(loops, ["spin", "tick"], stdoutFD: writeEnd)
        close(writeEnd)
        var reaped = false
        defer { if !reaped { child.kill(); reapLater(child) } }
        try await ChildProcess.waitUntil("loops blocks in write(2)") {
            (try? String(contentsOfFile: "/proc/\(child.pid)/syscall", encoding: .utf8))?.hasPrefix("1 ") == true
        }

        let process = try await TracedProcess.attach(to: child.pid)
        #expect(!process.isLaunched)
        #expect(await process.threadIDs == [ThreadID(child.pid)])
        #expect(try await process.executablePath() == loops)

        // libc's _exit, found through the memory map and libc's own symbols.
        let map = try await process.memoryMap()
        let libcRegion = try #require(map.first { $0.path?.contains("/libc.so") == true && $0.offset == 0 })
        let libcPath = try #require(libcRegion.path)
        let libc = try BinaryImage.open(libcPath)
        let exitSymbol = try #require(libc.functions(named: "_exit").first)
        let exitAddress = libcRegion.start + exitSymbol.entry.value
        try await process.insertBreakpoint(at: exitAddress)

        // Unblock the write, run to _exit, leave.
        _ = try drain(readEnd, count: filler)
        let stop = try await process.cont()
        #expect(stop == .breakpoint(thread: ThreadID(child.pid), address: exitAddress))
        try await process.detach()
        #expect(await !process.isAlive)
        await #expect(throws: ProcessError.detached(child.pid)) { try await process.cont() }

        let output = try drain(readEnd, count: nil)
        #expect(String(decoding: output, as: UTF8.self) == "spin=49999995000000\nticks=10000 acc=15000\n")
        reaped = true
        #expect(await child.wait() == 0)
    }

    @Test func attachToMissingProcess() async throws {
        let pid = try unusedPID()
        await #expect(throws: ProcessError.noSuchProcess(pid)) { try await TracedProcess.attach(to: pid) }
        #expect(ProcessError.noSuchProcess(123).description == "no such process 123")
    }

    @Test func attachToProcessesWeMayNotTrace() async throws {
        // The kernel refuses to let a process trace itself...
        await #expect(throws: ProcessError.notPermitted(getpid(), reason: "it is the debugger itself")) {
            try await TracedProcess.attach(to: getpid())
        }
        // ...and any process to trace a kernel thread.
        if let comm = try? String(contentsOfFile: "/proc/2/comm", encoding: .utf8), comm == "kthreadd\n" {
            await #expect(throws: ProcessError.notPermitted(2, reason: "it is a kernel thread")) {
                try await TracedProcess.attach(to: 2)
            }
        }
    }

    @Test func attachToProcessTracedByGDB() async throws {
        let loops = try Fixtures.binary("c/loops")
        // gdb runs loops to a breakpoint in tick, then waits for commands on a pipe we
        // hold; closing it makes gdb quit (and kill loops).
        let (commandsIn, commandsOut) = try makePipe()
        let gdb = try ChildProcess.spawn("/usr/bin/gdb", [
            "-nx", "-q", "-ex", "set confirm off", "-ex", "set startup-with-shell off", "-ex", "break tick",
            "-ex", "run", "--args", loops, "tick",
        ], stdinFD: commandsIn)
        close(commandsIn)
        defer {
            close(commandsOut)  // gdb quits at the end of its input
            reapLater(gdb)
        }
        var inferior: Int32 = 0
        try await ChildProcess.waitUntil("gdb runs loops to tick") {
            guard let pid = tracee(of: gdb.pid) else { return false }
            inferior = pid
            return (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") t ") == true
        }
        await #expect(throws: ProcessError.alreadyTraced(inferior, tracerPID: gdb.pid, tracerName: "gdb")) {
            try await TracedProcess.attach(to: inferior)
        }
        let message = ProcessError.alreadyTraced(inferior, tracerPID: gdb.pid, tracerName: "gdb").description
        #expect(message == "process \(inferior) is already traced by PID \(gdb.pid) (gdb)")
    }
}

/// Collects a child's exit status in the background (a defer cannot await).
private func reapLater(_ child: ChildProcess) {
    Task.detached { _ = await child.wait() }
}

/// A pipe (read end, write end), both close-on-exec so no other test's child inherits them.
private func makePipe() throws -> (Int32, Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw ChildProcess.Failure(description: "pipe failed") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
}

/// Fills a pipe to capacity; returns how many bytes that took.
private func fillPipe(_ fd: Int32) throws -> Int {
    let flags = fcntl(fd, F_GETFL)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    defer { _ = fcntl(fd, F_SETFL, flags) }  // the program must block, not fail, on it
    let chunk = [UInt8](repeating: 0x2e, count: 4096)
    var total = 0
    while true {
        let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written <= 0 { break }
        total += written
    }
    guard total > 0 else { throw ChildProcess.Failure(description: "could not fill the pipe") }
    return total
}

/// Reads `count` bytes (nil: until end of file) from a blocking descriptor.
private func drain(_ fd: Int32, count: Int?) throws -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while count.map({ bytes.count < $0 }) ?? true {
        let wanted = count.map { min(chunk.count, $0 - bytes.count) } ?? chunk.count
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
        if got < 0 && errno == EINTR { continue }
        if got <= 0 { break }
        bytes += chunk[0..<got]
    }
    return bytes
}

/// A process id that no process has.
private func unusedPID() throws -> Int32 {
    let maximum = Int32((try? String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 32768
    for pid in stride(from: maximum - 1, to: 1000, by: -1) where access("/proc/\(pid)", F_OK) != 0 {
        return pid
    }
    throw ChildProcess.Failure(description: "no unused pid")
}

/// The process `tracer` traces, from the TracerPid lines of /proc/*/status.
private func tracee(of tracer: Int32) -> Int32? {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
    for entry in entries {
        guard let pid = Int32(entry),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { continue }
        if status.split(separator: "\n").contains("TracerPid:\t\(tracer)") { return pid }
    }
    return nil
}
