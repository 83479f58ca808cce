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
