import Foundation
import Testing
@testable import DbgSymbols

/// Inputs libFuzzer found to crash or hang the symbol reader (Fuzz/, `make fuzz`), each now
/// a clear error for the bad item or a degraded answer. The crafted files are in FuzzInputs/.
@Suite struct FuzzRegressionTests {
    static func input(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzInputs/\(name)").path
    }

    /// A program header whose file offset and size run past 2^64: the offset of an address
    /// in it overflowed (a trap), and reading its bytes allocated what the header claimed.
    @Test func segmentOffsetsPastTheAddressSpaceAreNoFileOffset() {
        var segment = ELFSegment(
            type: ELFSegment.load, flags: 5, virtualAddress: Address(0x1000), fileOffset: UInt64.max - 0x10,
            fileSize: 0x1000, memorySize: 0x1000)
        var elf = ELFFile(
            path: "/proc/self/exe", type: ELFFileType(3), machine: 62, entry: Address(0x1000), sections: [],
            segments: [segment], symbols: [], buildID: nil, debugLink: nil)
        #expect(elf.fileOffset(of: Address(0x1008)) == UInt64.max - 8)
        #expect(elf.fileOffset(of: Address(0x1800)) == nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 16) == nil)
        // Bytes the header claims far beyond the file: nothing read, nothing allocated.
        segment = ELFSegment(
            type: ELFSegment.load, flags: 5, virtualAddress: Address(0x1000), fileOffset: 0,
            fileSize: 48 << 30, memorySize: 48 << 30)
        elf = ELFFile(
            path: "/proc/self/exe", type: ELFFileType(3), machine: 62, entry: Address(0x1000), sections: [],
            segments: [segment], symbols: [], buildID: nil, debugLink: nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 40 << 30) == nil)
        #expect(elf.readBytes(at: Address(0x1000), count: 4) == [0x7f, 0x45, 0x4c, 0x46])
        // An address range that wraps around the top of the address space.
        #expect(elf.readBytes(at: Address(UInt64.max - 2), count: 8) == nil)
    }
}
