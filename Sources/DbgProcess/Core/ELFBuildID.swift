/// A binary's build id, from the notes its program headers point at: the GNU one (gcc, ld,
/// Swift) or Go's (the Go linker writes `.note.go.buildid`). Read the same way from a
/// binary file and from the first page of its mapping in a core (which the kernel keeps,
/// ELF headers and notes, for just this), so the two can be compared.
struct ELFBuildID: Equatable, Sendable, CustomStringConvertible {
    var owner: String
    var bytes: [UInt8]

    /// The GNU id in hex, Go's as the text it is.
    var description: String {
        owner == "Go" ? String(decoding: bytes, as: UTF8.self) : bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The build id of the ELF file whose bytes `read(offset, count)` gives (fewer at its
    /// end), nil when it has none. Untrusted input: a few headers and notes are read, each
    /// bounded.
    static func read(_ read: (UInt64, Int) -> [UInt8]) -> ELFBuildID? {
        let header = read(0, 64)
        guard header.count == 64, header.starts(with: [0x7F, 0x45, 0x4C, 0x46]), header[4] == 2,
              let tableOffset = header.littleEndianUInt64(at: 32), let entrySize = header.littleEndianUInt16(at: 54),
              let count = header.littleEndianUInt16(at: 56), entrySize >= 56, count <= 256
        else { return nil }
        let table = read(tableOffset, Int(count) * Int(entrySize))
        var found: [ELFBuildID] = []
        for index in 0..<Int(count) {
            let base = index * Int(entrySize)
            guard table.littleEndianUInt32(at: base) == 4,  // PT_NOTE
                  let offset = table.littleEndianUInt64(at: base + 8), let size = table.littleEndianUInt64(at: base + 32),
                  let alignment = table.littleEndianUInt64(at: base + 48), size <= 1 << 16
            else { continue }
            let notes = ELFNote.parse(read(offset, Int(size)), alignment: alignment == 8 ? 8 : 4, limit: 64).notes
            for note in notes {
                if note.name == "GNU", note.type == 3 { found.append(ELFBuildID(owner: "GNU", bytes: note.descriptor)) }
                if note.name == "Go", note.type == 4 { found.append(ELFBuildID(owner: "Go", bytes: note.descriptor)) }
            }
        }
        return found.first { $0.owner == "GNU" } ?? found.first
    }
}
