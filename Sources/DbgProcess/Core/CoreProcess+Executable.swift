extension CoreProcess {
    /// The executable's mappings when the core does not list them (Delve's dump writes no
    /// NT_FILE): its PT_LOAD segments, moved by its load bias (AT_ENTRY less the file's entry
    /// point), as the kernel would have mapped them. Empty when the file is not a readable
    /// ELF or the core has no AT_ENTRY.
    static func executableMappings(_ path: String, descriptor: Int32, entry: UInt64?) -> [CoreMappedFile] {
        let header = CoreFile.bytes(descriptor, at: 0, count: 64)
        guard let entry, header.count == 64, header.starts(with: [0x7F, 0x45, 0x4C, 0x46]),
              let fileEntry = header.littleEndianUInt64(at: 24), let tableOffset = header.littleEndianUInt64(at: 32),
              let entrySize = header.littleEndianUInt16(at: 54), let count = header.littleEndianUInt16(at: 56), entrySize >= 56, count <= 256
        else { return [] }
        let bias = entry &- fileEntry
        let table = CoreFile.bytes(descriptor, at: tableOffset, count: Int(count) * Int(entrySize))
        let pageMask = ~(CoreWriter.pageSize - 1)
        return (0..<Int(count)).compactMap { index in
            let base = index * Int(entrySize)
            guard table.littleEndianUInt32(at: base) == 1,  // PT_LOAD
                  let offset = table.littleEndianUInt64(at: base + 8), let address = table.littleEndianUInt64(at: base + 16),
                  let memorySize = table.littleEndianUInt64(at: base + 40), memorySize > 0
            else { return nil }
            let start = (address &+ bias) & pageMask
            let end = (address &+ bias &+ memorySize &+ CoreWriter.pageSize &- 1) & pageMask
            guard start < end else { return nil }
            return CoreMappedFile(start: start, end: end, fileOffset: offset & pageMask, path: path)
        }
    }
}
