import DbgProcess
import DbgTestSupport
import Foundation
import Testing

/// The core file reader on its own: a kernel's core of c/crash read as a stopped program, and
/// hundreds of damaged copies of it (bytes changed in its headers and notes, cut anywhere)
/// opened and read without a crash: each is refused with one line, or read as far as it goes.
@Suite struct CoreFileTests {
    @Test func aKernelCoreReadsAsAStoppedProgram() async throws {
        let binary = try Fixtures.binary("c/crash")
        let dump = try await CoreDump.ofCrash(binary)
        defer { dump.remove() }
        let core = try CoreFile.open(dump.path)
        let program = try CoreProcess(core: core, executable: nil)
        #expect(try program.executablePath() == binary)
        #expect(program.warnings.isEmpty, "\(program.warnings)")
        let threads = program.threadIDs()
        #expect(threads.count == 1 && threads[0].value == core.processID)
        #expect(core.signal?.signal == .sigsegv && core.signal?.faultAddress == 4, "\(String(describing: core.signal))")
        let registers = try program.registers(of: threads[0])
        // At the fault: the return address on the stack is in level1, in the executable's text.
        let returnAddress = try program.readMemory(at: registers.rsp + 8, count: 8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        let map = try program.memoryMap()
        let text = map.first { $0.path == binary && $0.isExecutable && $0.contains(registers.rip) }
        #expect(text?.contains(returnAddress) == true, "\(map)")
        // Code comes from the binary (the kernel kept only the first page of its mappings).
        let code = try program.readMemory(at: registers.rip, count: 3)
        #expect(code == [0x89, 0x50, 0x04], "mov %edx,0x4(%rax): \(code)")
        #expect(try program.auxiliaryVector().entry != nil)
        #expect(throws: ProcessError.noSuchThread(ThreadID(1))) { try program.registers(of: ThreadID(1)) }
    }

    @Test func damagedCoresAreRefusedOrReadNeverCrash() async throws {
        let binary = try Fixtures.binary("c/crash")
        let dump = try await CoreDump.ofCrash(binary)
        defer { dump.remove() }
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dump.path)))
        var random = SplitMix64(seed: 0x636F_7265)
        var (refused, read) = (0, 0)
        for round in 0..<400 {
            var bytes = original
            if round % 4 == 0 {
                bytes.removeLast(bytes.count - Int(random.next() % UInt64(bytes.count)))
            } else {
                // Headers and notes are in the first pages.
                for _ in 0..<(1 + random.next() % 8) {
                    bytes[Int(random.next() % UInt64(min(bytes.count, 0x2000)))] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let path = dump.directory + "/damaged"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let program = try CoreProcess(core: try CoreFile.open(path), executable: binary)
                for thread in program.threadIDs() {
                    if let registers = try? program.registers(of: thread) {
                        _ = try? program.readMemory(upTo: 4096, at: registers.rsp)
                        _ = try? program.readMemory(upTo: 64, at: registers.rip)
                    }
                    _ = try? program.floatingPointRegisters(of: thread)
                }
                for region in (try? program.memoryMap()) ?? [] { _ = try? program.readMemory(upTo: 16, at: region.start) }
                read += 1
            } catch {
                #expect(!error.description.contains("\n"), "\(error)")
                refused += 1
            }
        }
        #expect(refused > 0 && read > 0, "refused \(refused), read \(read)")
    }

    /// CoreWriter writes any StoppedProgram: the kernel's core of c/threadcrash, written again
    /// with its last thread first, reads back with the same threads, registers (general and
    /// floating point), auxiliary vector and memory, and the chosen thread first (gdb's
    /// current thread).
    @Test func aCoreWrittenAgainReadsTheSame() async throws {
        let binary = try Fixtures.binary("c/threadcrash")
        let dump = try await CoreDump.ofCrash(binary)
        defer { dump.remove() }
        let original = try CoreProcess(core: try CoreFile.open(dump.path), executable: binary)
        let threads = original.threadIDs()
        #expect(threads.count == 4)
        let chosen = try #require(threads.last)
        let path = dump.directory + "/again"
        let summary = try CoreWriter(program: original, info: CoreWriter.ProcessInfo(), firstThread: chosen, signal: 11).write(to: path)
        #expect(summary.threads == 4 && summary.memoryBytes > 0)
        let again = try CoreProcess(core: try CoreFile.open(path), executable: binary)
        #expect(again.core.threads.first?.id == chosen && again.threadIDs() == threads)
        #expect(again.core.signal?.signal == .sigsegv)
        #expect(try again.auxiliaryVector() == original.auxiliaryVector())
        for thread in threads {
            let registers = try original.registers(of: thread)
            #expect(try again.registers(of: thread) == registers)
            #expect(try again.floatingPointRegisters(of: thread) == original.floatingPointRegisters(of: thread))
            #expect(try again.readMemory(at: registers.rsp, count: 256) == original.readMemory(at: registers.rsp, count: 256))
        }
        let gdb = try ToolRun.gdbBatch(binary, script: ["core-file \(path)", "info threads"])
        let current = gdb.split(separator: "\n").first { $0.hasPrefix("[Current thread is 1 ") }
        #expect(current?.hasSuffix("(LWP \(chosen.value))]") == true || current?.hasSuffix("(LWP \(chosen.value)))]") == true, "\(gdb)")
    }
}
