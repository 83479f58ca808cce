import DbgProcess
import Foundation
import Testing

/// Breakpoint sites in hello: hits, registers and memory at the stop, shadowed reads.
@Suite struct BreakpointTests {
    @Test func greetIsHitOncePerCallWithItsArgument() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let greet = try await debuggee.breakpointAddress("greet")
        let before = try await process.readMemory(at: greet, count: 16)
        #expect(before[0] != 0xcc)

        #expect(try await process.insertBreakpoint(at: greet))
        #expect(try await !process.insertBreakpoint(at: greet))  // one site per address
        #expect(await process.breakpointAddresses == [greet])
        // Reads show the original bytes; the memory itself holds the int3.
        #expect(try await process.readMemory(at: greet - 3, count: 19) == Array(try await process.readMemory(at: greet - 3, count: 3)) + before)
        #expect(try await process.readMemory(at: greet, count: 16) == before)
        #expect(try rawByte(pid: process.pid, at: greet) == 0xcc)

        for call in 1...2 {
            let stop = try await process.cont()
            let thread = ThreadID(process.pid)
            #expect(stop == .breakpoint(thread: thread, address: greet), "call \(call)")
            let registers = try await process.registers(of: thread)
            #expect(registers.rip == greet)
            #expect(registers.value(named: "rip") == greet)
            #expect(registers.fsBase != 0)  // the thread pointer: libc's TLS is set up
            // greet(const char *name): name arrives in RDI and points at "world".
            let name = try await process.readMemory(upTo: 64, at: registers.rdi)
            #expect(String(decoding: name.prefix { $0 != 0 }, as: UTF8.self) == "world")
        }
        #expect(try await process.cont() == .exited(code: 0))
        #expect(debuggee.output == "Hello, world! (5 letters)\nHello, world! (5 letters)\n")
    }

    @Test func removedBreakpointIsNotHitAndRestoresMemory() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let greet = try await debuggee.breakpointAddress("greet")
        let main = try await debuggee.breakpointAddress("main")
        try await process.insertBreakpoint(at: greet)
        try await process.insertBreakpoint(at: main)
        #expect(try await process.cont() == .breakpoint(thread: ThreadID(process.pid), address: main))
        #expect(try await process.removeBreakpoint(at: greet))
        #expect(try await !process.removeBreakpoint(at: greet))
        #expect(try rawByte(pid: process.pid, at: greet) != 0xcc)
        #expect(try await process.cont() == .exited(code: 0))
    }

    @Test func registersAndMemoryCanBeWritten() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let thread = ThreadID(process.pid)
        let greet = try await debuggee.breakpointAddress("greet")
        try await process.insertBreakpoint(at: greet)
        #expect(try await process.cont() == .breakpoint(thread: thread, address: greet))

        // Make the program greet someone else: write a new string over "world".
        let registers = try await process.registers(of: thread)
        try await process.writeMemory(Array("Swift".utf8), at: registers.rdi)
        #expect(try await process.readMemory(at: registers.rdi, count: 5) == Array("Swift".utf8))

        // Writing over the site keeps the int3 and changes the original byte.
        let original = try await process.readMemory(at: greet, count: 1)
        try await process.writeMemory(original, at: greet)
        #expect(try rawByte(pid: process.pid, at: greet) == 0xcc)

        // SSE registers round-trip.
        var vector = try await process.floatingPointRegisters(of: thread)
        #expect(vector.mxcsr & 0xffc0 == 0x1f80 & 0xffc0)
        let pattern: [UInt8] = (0..<16).map { UInt8($0 * 3) }
        vector.setXMM(7, pattern)
        try await process.setFloatingPointRegisters(vector, of: thread)
        #expect(try await process.floatingPointRegisters(of: thread).xmm(7) == pattern)

        try await process.removeBreakpoint(at: greet)
        #expect(try await process.cont() == .exited(code: 0))
        #expect(debuggee.output.hasPrefix("Hello, Swift! (5 letters)\n"))
    }

    @Test func unreadableMemoryIsAnErrorNotACrash() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        await #expect(throws: ProcessError.unreadableMemory(address: 0, count: 8)) {
            try await process.readMemory(at: 0, count: 8)
        }
        #expect(try await process.readMemory(upTo: 8, at: 0) == [])
        await #expect(throws: ProcessError.unreadableMemory(address: UInt64.max - 1, count: 8)) {
            try await process.readMemory(at: UInt64.max - 1, count: 8)
        }
        await #expect(throws: ProcessError.unwritableMemory(address: 8, count: 1)) {
            try await process.writeMemory([1], at: 8)
        }
        await #expect(throws: ProcessError.unreadableMemory(address: 16, count: 1)) {
            try await process.insertBreakpoint(at: 16)
        }
        // A read running off the end of a mapping returns what is there.
        let map = try await process.memoryMap()
        let ends = map.filter { region in region.isReadable && !map.contains { $0.start == region.end } }
        let last = try #require(ends.first { $0.path == debuggee.image.path } ?? ends.first { $0.path == "[stack]" })
        #expect(try await process.readMemory(upTo: 32, at: last.end - 16).count == 16)
        #expect(ProcessError.unreadableMemory(address: 0, count: 8).description == "cannot read 8 bytes at 0x0")
        _ = try await process.kill()
    }

    @Test func stepInstructionOverASite() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let thread = ThreadID(process.pid)
        let greet = try await debuggee.breakpointAddress("greet")
        try await process.insertBreakpoint(at: greet)
        #expect(try await process.cont() == .breakpoint(thread: thread, address: greet))
        // The original instruction runs; the site stays.
        #expect(try await process.stepInstruction(thread) == .stepped(thread: thread))
        let pc = try await process.registers(of: thread).rip
        #expect(pc > greet && pc < greet + 16)
        #expect(try rawByte(pid: process.pid, at: greet) == 0xcc)
        // The second call hits the site again.
        #expect(try await process.cont() == .breakpoint(thread: thread, address: greet))
        #expect(try await process.cont() == .exited(code: 0))
    }
}

/// The byte really in the process's memory (not shadowed), from /proc/PID/mem.
func rawByte(pid: Int32, at address: UInt64) throws -> UInt8 {
    let fd = open("/proc/\(pid)/mem", O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ChildProcess.Failure(description: "cannot open /proc/\(pid)/mem") }
    defer { close(fd) }
    var byte: UInt8 = 0
    guard pread(fd, &byte, 1, off_t(Int64(bitPattern: address))) == 1 else {
        throw ChildProcess.Failure(description: "cannot read /proc/\(pid)/mem at \(address)")
    }
    return byte
}
