import DbgSymbols
import DbgTestSupport
import Testing

@testable import DbgEngine

/// The program's initial memory from its file: initialised data, zeroed .bss, errors
/// elsewhere, and the same at a load bias.
@Suite struct StaticMemoryTests {
    @Test func readsDataBssAndRefusesTheRest() throws {
        let image = try BinaryImage.open(try Fixtures.binary("c/structs"))
        let globals = GlobalVariables(debugInfo: try #require(image.debugInfo))
        let counter = try #require(globals.variable(named: "global_counter")?.staticAddress)
        let storage = try #require(globals.variable(named: "list_storage")?.staticAddress)
        let greeting = try #require(globals.variable(named: "global_greeting")?.staticAddress)
        for bias: UInt64 in [0, 0x5555_5555_4000] {
            let memory = StaticMemory(image: image, bias: bias)
            #expect(try memory.read(at: counter.value + bias, count: 4) == le(Int32(7)))
            #expect(try memory.read(at: greeting.value + bias, count: 11) == Array("hello, dbg\0".utf8))
            #expect(try memory.read(at: storage.value + bias, count: 72) == [UInt8](repeating: 0, count: 72), ".bss is zero")
            #expect(try memory.read(at: counter.value + bias, count: 0) == [])
            // A PIE's image starts at 0 with its ELF header; past its end nothing is mapped.
            #expect(try memory.read(at: bias, count: 4) == [0x7f] + Array("ELF".utf8))
            #expect(throws: TargetMemoryError.self) { try memory.read(at: bias + 0x10_0000, count: 1) }
            #expect(throws: TargetMemoryError.self) { try memory.read(at: 0xdead_beef_0000, count: 8) }
            #expect(throws: TargetMemoryError.self) { try memory.read(at: .max - 2, count: 8) }
            #expect(throws: TargetMemoryError.self) { try memory.read(at: counter.value + bias, count: 1 << 30) }
        }
        do {
            _ = try StaticMemory(image: image).read(at: 0x10_0000, count: 4)
            Issue.record("read past the image")
        } catch {
            #expect(error.description == "cannot read memory at 0x100000")
        }
    }

    @Test func readsStopAtTheEndOfASegment() throws {
        let image = try BinaryImage.open(try Fixtures.binary("c/structs"))
        let memory = StaticMemory(image: image)
        for segment in image.elf.segments where segment.isLoad && segment.memorySize > 8 {
            let end = segment.virtualAddress.value + segment.memorySize
            #expect(throws: Never.self) { try memory.read(at: end - 8, count: 8) }
            #expect(throws: TargetMemoryError.self) { try memory.read(at: end - 4, count: 8) }
        }
    }

    /// The code is in the file too: the first bytes of main are what objdump shows (endbr64
    /// or push %rbp on these compilers).
    @Test func readsCode() throws {
        let image = try BinaryImage.open(try Fixtures.binary("c/structs"))
        let main = try #require(image.functions(named: "main").first)
        let bytes = try StaticMemory(image: image).read(at: main.entry.value, count: 4)
        #expect(bytes == [0xf3, 0x0f, 0x1e, 0xfa] || bytes.first == 0x55)
    }
}
