@testable import DbgProcess
import Testing

/// The /proc formats, parsed without a process.
@Suite struct ProcFileParsingTests {
    @Test func mapsLines() {
        let text = """
            555555554000-555555555000 r--p 00000000 fd:01 1234567                    /work/prog with space
            7ffff7fc3000-7ffff7fc7000 r--p 00000000 00:00 0                          [vvar]
            7ffff7ff0000-7ffff7ff1000 rw-s 00001000 00:05 42
            garbage
            """
        let regions = MemoryRegion.parseMaps(text)
        #expect(regions.count == 3)
        #expect(regions[0] == MemoryRegion(
            start: 0x5555_5555_4000, end: 0x5555_5555_5000, isReadable: true, isWritable: false, isExecutable: false,
            isShared: false, offset: 0, inode: 1_234_567, path: "/work/prog with space"))
        #expect(regions[1].path == "[vvar]")
        #expect(regions[2].isShared && regions[2].isWritable && regions[2].path == nil && regions[2].offset == 0x1000)
        #expect(regions[0].contains(0x5555_5555_4fff) && !regions[0].contains(0x5555_5555_5000))
    }

    @Test func auxiliaryVectorWords() {
        func words(_ values: [UInt64]) -> [UInt8] {
            values.flatMap { value in (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        }
        let auxv = AuxiliaryVector(bytes: words([9, 0x5555_5555_5040, 7, 0x7fff_f7fc_9000, 3, 0x5555_5555_4040, 0, 0, 9, 1]))
        #expect(auxv.entry == 0x5555_5555_5040)
        #expect(auxv.interpreterBase == 0x7fff_f7fc_9000)
        #expect(auxv.programHeaders == 0x5555_5555_4040)
        #expect(auxv.entries.count == 3)  // AT_NULL ends it
        #expect(AuxiliaryVector(bytes: [1, 2, 3]).entries.isEmpty)
    }

    @Test func siteTableShadowsReadsAndWrites() {
        var table = BreakpointSiteTable()
        table.add(0x1002, original: 0x55)
        table.add(0x1000, original: 0x48)
        table.add(0x2000, original: 0x90)
        #expect(table.addresses == [0x1000, 0x1002, 0x2000])
        var read: [UInt8] = [0xcc, 0x01, 0xcc, 0x03]
        table.unshadow(&read, at: 0x1000)
        #expect(read == [0x48, 0x01, 0x55, 0x03])
        var write: [UInt8] = [0xaa, 0xbb]
        table.shadowWrite(&write, at: 0x1001)
        #expect(write == [0xaa, 0xcc])
        #expect(table.original(at: 0x1002) == 0xbb)
        table.remove(0x1000)
        #expect(Array(table.sites(in: 0x0fff, count: 0x1002)) == [0x1002, 0x2000])
    }

    @Test func waitStatuses() {
        #expect(WaitStatus(0x0000) == .exited(code: 0))
        #expect(WaitStatus(0x0300) == .exited(code: 3))
        #expect(WaitStatus(0x0009) == .killed(.sigkill, coreDumped: false))
        #expect(WaitStatus(0x008b) == .killed(.sigsegv, coreDumped: true))
        #expect(WaitStatus(0x137f) == .signalStop(.sigstop))
        #expect(WaitStatus(0x3057f) == .eventStop(.clone))
        #expect(Signal(34).name == "SIGRTMIN" && Signal(36).name == "SIGRTMIN+2")
    }
}
