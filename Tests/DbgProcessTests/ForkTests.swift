import DbgProcess
import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

/// A forked child goes its own way, without our breakpoints.
@Suite struct ForkTests {
    @Test func forkedChildIsDetachedWithoutOurBreakpoints() async throws {
        let debuggee = try await Debuggee.launch("c/forks")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        // The child calls child_work; the parent never does. A trap in the child would
        // kill it with SIGTRAP ("child ended abnormally").
        let childWork = try await debuggee.breakpointAddress("child_work")
        let parentWork = try await debuggee.breakpointAddress("parent_work")
        try await process.insertBreakpoint(at: childWork)
        try await process.insertBreakpoint(at: parentWork)
        #expect(try await process.cont() == .breakpoint(thread: ThreadID(process.pid), address: parentWork))
        #expect(try await process.cont() == .exited(code: 0))
        let lines = debuggee.output.split(separator: "\n")
        #expect(lines.contains("child: child_work(21)=42"))
        #expect(lines.contains("parent: parent_work(10)=55"))
        #expect(lines.last == "child exited with status 0")
    }

    /// An attached program forks while dbg has a breakpoint in it: the child goes its way
    /// with nothing of dbg's, neither the trap healer (its SIGTRAP action is the program's
    /// again) nor the healer's area.
    @Test func aForkedChildOfAnAttachedProgramKeepsNothingOfOurs() async throws {
        let path = try Fixtures.binary("c/forklater")
        let program = try Spawned(path, [])
        defer { _ = program.wait(seconds: 30) }
        let process = try await TracedProcess.attach(to: program.pid)
        let directory = try Fixtures.temporaryDirectory()
        let debuggee = Debuggee(process: process, image: try BinaryImage.open(path), directory: directory, outputPath: "")
        defer { debuggee.cleanUp() }
        let bias = try await debuggee.loadBias()
        let afterFork = try await debuggee.breakpointAddress("after_fork")
        try await process.insertBreakpoint(at: afterFork)
        // The healer is in the parent now: SIGTRAP caught, by code in an anonymous mapping.
        #expect(Self.catchesSIGTRAP(program.pid))
        let go = try #require(debuggee.image.symbols.symbols(named: "go").first)
        try await process.writeMemory([1, 0, 0, 0], at: bias + go.address.value)
        #expect(try await process.cont() == .breakpoint(thread: ThreadID(program.pid), address: afterFork))
        let child = Int32(truncatingIfNeeded: try await process.registers(of: ThreadID(program.pid)).rdi)
        #expect(child > 0)
        #expect(!Self.catchesSIGTRAP(child), "the child's SIGTRAP action is the program's own (default)")
        #expect(Self.anonymousCode(of: child).isEmpty, "the child has no mapping of ours: \(Self.anonymousCode(of: child))")
        kill(child, SIGKILL)
        try await process.removeBreakpoint(at: afterFork)
        try await process.detach()
        #expect(program.wait(seconds: 30).text.contains("child ended"))
    }

    /// Whether `pid` has a handler for SIGTRAP (SigCgt in its status).
    static func catchesSIGTRAP(_ pid: pid_t) -> Bool {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << (UInt64(SIGTRAP) - 1)) != 0
    }

    /// Anonymous read+exec mappings of `pid` (code of a debugger's, not of a file).
    static func anonymousCode(of pid: pid_t) -> [String] {
        let maps = (try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? ""
        return maps.split(separator: "\n").map(String.init).filter { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count == 5 && fields[1] == "r-xp"
        }
    }

    /// dash runs each external command in a vforked child, which shares the parent's
    /// memory until it execs: our int3s must be out of that memory meanwhile (the child
    /// calls execve, where a breakpoint waits) and back in it afterwards.
    @Test func vforkedChildRunsWithoutOurBreakpointsWhichThenReturn() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out"
        let process = try await TracedProcess.launch(LaunchConfiguration(
            path: "/bin/sh", arguments: ["-c", "/bin/true; /bin/echo done"], standardOutput: .file(output)))
        let thread = ThreadID(process.pid)

        // Run to the program's entry point, where libc is loaded.
        let entry = try #require(try await process.auxiliaryVector().entry)
        try await process.insertBreakpoint(at: entry)
        #expect(try await process.cont() == .breakpoint(thread: thread, address: entry))
        try await process.removeBreakpoint(at: entry)
        let map = try await process.memoryMap()
        let libcRegion = try #require(map.first { $0.path?.contains("/libc.so") == true && $0.offset == 0 })
        let libc = try BinaryImage.open(try #require(libcRegion.path))
        let execve = libcRegion.start + (try #require(libc.functions(named: "execve").first)).entry.value
        let wait4 = libcRegion.start + (try #require(libc.functions(named: "wait4").first)).entry.value
        try await process.insertBreakpoint(at: execve)
        try await process.insertBreakpoint(at: wait4)

        var waits = 0
        var stop = try await process.cont()
        while !stop.isEnd {
            // Only the parent is ours, and it never calls execve: its children do.
            #expect(stop == .breakpoint(thread: thread, address: wait4), "\(stop)")
            waits += 1
            // The vfork is over (the parent waits for its child): the int3s are back.
            #expect(try rawByte(pid: process.pid, at: execve) == 0xcc)
            stop = try await process.cont()
        }
        #expect(stop == .exited(code: 0))
        #expect(waits >= 2)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "done\n")
    }
}
