import DbgSymbols
import FuzzSupport
import Glibc

/// libFuzzer target: call frame information (.debug_frame and .eh_frame, CIEs, FDEs and their
/// instructions) through libdwarf and dbg's row copying, then one unwind per row.
///
/// Byte 0 chooses where the rest goes: bit 0 .eh_frame (else .debug_frame), bit 1 both
/// (split at byte 1). The bytes are wrapped in a minimal ELF file; with
/// DBG_FUZZ_WRITE_ELF=PATH set, that file is also written to PATH (for regression tests).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCallFrames(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 1 else { return 0 }
    let selector = data[0]
    var body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var sections: [ELFWriter.Section] = []
    if selector & 2 != 0 {
        let split = min(Int(body.removeFirst()) * 4, body.count)
        sections.append(.init(name: ".debug_frame", bytes: Array(body[..<split])))
        sections.append(.init(name: ".eh_frame", flags: 2, address: 0x2000, bytes: Array(body[split...])))
    } else if selector & 1 != 0 {
        sections.append(.init(name: ".eh_frame", flags: 2, address: 0x2000, bytes: body))
    } else {
        sections.append(.init(name: ".debug_frame", bytes: body))
    }
    let elf = ELFWriter(sections: sections).bytes()
    if let dump = getenv("DBG_FUZZ_WRITE_ELF") {
        let file = fopen(dump, "w")
        _ = elf.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
    }
    file.write(elf)
    guard let handle = try? DwarfHandle(path: file.path), let table = try? CallFrameTable(handle: handle) else { return 0 }
    let machine = FuzzMachine(seed: UInt64(selector))
    for entry in (table.debugFrameEntries + table.ehFrameEntries).prefix(32) {
        let length = entry.range.high.value &- entry.range.low.value
        for pc in [entry.range.low.value, entry.range.low.value &+ length / 2, entry.range.high.value &- 1] {
            guard let row = try? table.row(at: Address(pc)) else { continue }
            _ = try? CallFrameUnwinder().unwind(row: row, registers: machine, memory: machine)
        }
    }
    return 0
}

private let file = MemoryFile(name: "fuzz-cfi")
