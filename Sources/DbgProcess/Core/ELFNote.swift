/// One ELF note: its owner's name ("CORE", "LINUX", "GNU", "Go"), its type and its bytes.
/// A core file's threads, auxiliary vector and mapped files are notes; so is a binary's
/// build id.
struct ELFNote: Equatable, Sendable {
    var name: String
    var type: UInt32
    var descriptor: [UInt8]

    /// The notes of a PT_NOTE segment, in order. Name and descriptor are padded to
    /// `alignment` (4 in cores and in most of a binary's notes; 8 for .note.gnu.property).
    /// The bytes are untrusted: a note whose sizes run past the end ends the list
    /// (`complete` false), and at most `limit` notes are read.
    static func parse(_ bytes: [UInt8], alignment: Int = 4, limit: Int = 1 << 16) -> (notes: [ELFNote], complete: Bool) {
        var notes: [ELFNote] = []
        var offset = 0
        while offset < bytes.count, notes.count < limit {
            guard let nameSize = bytes.littleEndianUInt32(at: offset), let descriptorSize = bytes.littleEndianUInt32(at: offset + 4),
                  let type = bytes.littleEndianUInt32(at: offset + 8)
            else { return (notes, false) }
            let nameStart = offset + 12
            let descriptorStart = nameStart + padded(Int(nameSize), to: alignment)
            let end = descriptorStart + padded(Int(descriptorSize), to: alignment)
            // The descriptor may end the segment without its padding.
            guard descriptorStart + Int(descriptorSize) <= bytes.count else { return (notes, false) }
            let name = bytes[nameStart..<nameStart + Int(nameSize)].prefix { $0 != 0 }
            notes.append(ELFNote(
                name: String(decoding: name, as: UTF8.self), type: type,
                descriptor: Array(bytes[descriptorStart..<descriptorStart + Int(descriptorSize)])))
            offset = end
        }
        return (notes, true)
    }

    /// The note as a PT_NOTE segment holds it (4-byte alignment, as the kernel writes cores).
    var encoded: [UInt8] {
        let nameBytes = Array(name.utf8) + [0]
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt32(nameBytes.count))
        bytes.appendLittleEndian(UInt32(descriptor.count))
        bytes.appendLittleEndian(type)
        bytes += nameBytes + [UInt8](repeating: 0, count: Self.padded(nameBytes.count, to: 4) - nameBytes.count)
        bytes += descriptor + [UInt8](repeating: 0, count: Self.padded(descriptor.count, to: 4) - descriptor.count)
        return bytes
    }

    static func padded(_ size: Int, to alignment: Int) -> Int { (size + alignment - 1) / alignment * alignment }
}
