/// Writes a minimal 64-bit little-endian x86-64 ELF file holding the given sections (and a
/// section name table), so that a fuzz target can hand raw section bytes (.debug_frame,
/// .eh_frame) to readers that only take files.
public struct ELFWriter {
    public struct Section {
        public var name: String
        public var type: UInt32
        public var flags: UInt64
        public var address: UInt64
        public var bytes: [UInt8]

        public init(name: String, type: UInt32 = 1, flags: UInt64 = 0, address: UInt64 = 0, bytes: [UInt8]) {
            self.name = name
            self.type = type
            self.flags = flags
            self.address = address
            self.bytes = bytes
        }
    }

    public var sections: [Section] = []
    public var fileType: UInt16 = 3  // ET_DYN, as a PIE

    public init(sections: [Section] = []) {
        self.sections = sections
    }

    public func bytes() -> [UInt8] {
        var names: [UInt8] = [0]
        var nameOffsets: [UInt32] = []
        for section in sections + [Section(name: ".shstrtab", type: 3, bytes: [])] {
            nameOffsets.append(UInt32(names.count))
            names += Array(section.name.utf8) + [0]
        }
        let all = sections + [Section(name: ".shstrtab", type: 3, bytes: names)]
        var out = [UInt8](repeating: 0, count: 64)
        var offsets: [UInt64] = []
        for section in all {
            while out.count % 8 != 0 { out.append(0) }
            offsets.append(UInt64(out.count))
            out += section.bytes
        }
        while out.count % 8 != 0 { out.append(0) }
        let headerOffset = UInt64(out.count)
        out += [UInt8](repeating: 0, count: 64)  // section 0
        for (index, section) in all.enumerated() {
            var header: [UInt8] = []
            header.append(le: nameOffsets[index])
            header.append(le: section.type)
            header.append(le: section.flags)
            header.append(le: section.address)
            header.append(le: offsets[index])
            header.append(le: UInt64(section.bytes.count))
            header.append(le: UInt32(0))  // link
            header.append(le: UInt32(0))  // info
            header.append(le: UInt64(1))  // alignment
            header.append(le: UInt64(0))  // entry size
            out += header
        }
        var header: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        header.append(le: fileType)
        header.append(le: UInt16(62))  // EM_X86_64
        header.append(le: UInt32(1))
        header.append(le: UInt64(0))  // entry
        header.append(le: UInt64(0))  // program headers
        header.append(le: headerOffset)
        header.append(le: UInt32(0))  // flags
        header.append(le: UInt16(64))  // header size
        header.append(le: UInt16(56))
        header.append(le: UInt16(0))
        header.append(le: UInt16(64))
        header.append(le: UInt16(all.count + 1))
        header.append(le: UInt16(all.count))  // the name table is last
        out.replaceSubrange(0..<64, with: header)
        return out
    }
}

extension [UInt8] {
    mutating func append<T: FixedWidthInteger>(le value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
