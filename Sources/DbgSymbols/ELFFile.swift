import CElf
import Glibc

/// An ELF file's headers and symbols, read once through libelf and copied into Swift values.
///
/// Opening reads the section and program headers, both symbol tables, the build id and the
/// debug link; section contents are otherwise left alone (libdwarf reads the DWARF itself).
public struct ELFFile: Sendable {
    public let path: String
    public let type: ELFFileType
    public let machine: UInt16
    public let entry: Address
    public let sections: [ELFSection]
    public let segments: [ELFSegment]
    public let symbols: [ELFSymbol]
    public let buildID: [UInt8]?
    public let debugLink: DebugLink?

    /// Code that runs at whatever address it is loaded (PIE executables and shared libraries).
    public var isPositionIndependent: Bool { type == .sharedObject }
    public var hasInterpreter: Bool { segments.contains { $0.type == ELFSegment.interpreter } }
    public var buildIDHex: String? { buildID.map { $0.map { hexByte($0) }.joined() } }

    public func section(named name: String) -> ELFSection? { sections.first { $0.name == name } }

    /// True when the file has DWARF of its own (`.debug_info` with bytes in the file).
    public var hasDebugInfo: Bool {
        sections.contains { ($0.name == ".debug_info" || $0.name == ".zdebug_info") && $0.hasFileData && $0.size > 0 }
    }

    /// The file offset that holds `address`, for uprobes and reading unrelocated bytes.
    /// Checked arithmetic: the headers are the file's word, and a crafted one may put a
    /// segment at the top of the address space or its bytes past any real file.
    public func fileOffset(of address: Address) -> UInt64? {
        for segment in segments where segment.isLoad && address >= segment.virtualAddress {
            let delta = address.value - segment.virtualAddress.value
            guard delta < segment.fileSize else { continue }
            let (offset, overflow) = segment.fileOffset.addingReportingOverflow(delta)
            if !overflow { return offset }
        }
        return nil
    }

    public static func open(_ path: String) throws(SymbolError) -> ELFFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw .fileNotFound(path) }
            throw .unreadable(path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path) }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard libelfReady else { throw .unreadable(path, reason: "libelf version mismatch") }
        guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else {
            throw .unreadable(path, reason: libelfMessage())
        }
        defer { elf_end(elf) }
        guard elf_kind(elf) == ELF_K_ELF else { throw .notELF(path) }
        return try ELFReader(elf: elf, path: path).read()
    }
}

/// libelf wants its version declared once per process before any other call.
private let libelfReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

func libelfMessage() -> String {
    guard let message = elf_errmsg(-1) else { return "unknown libelf error" }
    return String(cString: message)
}

func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
}

/// Walks one libelf handle; all pointers stay inside `read()`.
private struct ELFReader {
    let elf: OpaquePointer
    let path: String

    func read() throws(SymbolError) -> ELFFile {
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil else { throw .corruptELF(path, reason: libelfMessage()) }
        guard header.e_ident.4 == UInt8(ELFCLASS64) else {
            throw .unsupportedMachine(path, machine: Int(header.e_machine))
        }
        let sections = try readSections()
        // .symtab holds every symbol .dynsym has; .dynsym is read only when .symtab is stripped.
        var symbols: [ELFSymbol] = []
        let symbolTables = sections.filter { $0.type == UInt32(SHT_SYMTAB) }
        for section in symbolTables.isEmpty ? sections.filter({ $0.type == UInt32(SHT_DYNSYM) }) : symbolTables {
            try readSymbols(section, dynamic: section.type == UInt32(SHT_DYNSYM), into: &symbols)
        }
        let buildID = sections.first { $0.name == ".note.gnu.build-id" }.flatMap { noteSection in
            sectionBytes(noteSection).flatMap(Self.buildID(fromNotes:))
        }
        let debugLink = sections.first { $0.name == ".gnu_debuglink" }.flatMap { section in
            sectionBytes(section).flatMap(Self.debugLink(from:))
        }
        return ELFFile(
            path: path, type: ELFFileType(header.e_type), machine: header.e_machine,
            entry: Address(header.e_entry), sections: sections, segments: try readSegments(),
            symbols: symbols, buildID: buildID, debugLink: debugLink)
    }

    private func readSections() throws(SymbolError) -> [ELFSection] {
        var stringIndex = 0
        guard elf_getshdrstrndx(elf, &stringIndex) == 0 else {
            throw .corruptELF(path, reason: "no section name table: \(libelfMessage())")
        }
        var sections: [ELFSection] = []
        var scn = elf_nextscn(elf, nil)
        while let current = scn {
            var shdr = GElf_Shdr()
            guard gelf_getshdr(current, &shdr) != nil else {
                throw .corruptELF(path, reason: "bad section header: \(libelfMessage())")
            }
            let name = elf_strptr(elf, stringIndex, Int(shdr.sh_name)).map { String(cString: $0) } ?? ""
            sections.append(ELFSection(
                index: elf_ndxscn(current), name: name, type: shdr.sh_type, flags: shdr.sh_flags,
                address: Address(shdr.sh_addr), fileOffset: shdr.sh_offset, size: shdr.sh_size))
            scn = elf_nextscn(elf, current)
        }
        return sections
    }

    private func readSegments() throws(SymbolError) -> [ELFSegment] {
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else {
            throw .corruptELF(path, reason: "bad program headers: \(libelfMessage())")
        }
        var segments: [ELFSegment] = []
        for index in 0..<count {
            var phdr = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &phdr) != nil else {
                throw .corruptELF(path, reason: "bad program header \(index): \(libelfMessage())")
            }
            var segment = ELFSegment(
                type: phdr.p_type, flags: phdr.p_flags, virtualAddress: Address(phdr.p_vaddr),
                fileOffset: phdr.p_offset, fileSize: phdr.p_filesz, memorySize: phdr.p_memsz)
            segment.alignment = max(phdr.p_align, 1)
            segments.append(segment)
        }
        return segments
    }

    private func readSymbols(
        _ section: ELFSection, dynamic: Bool, into symbols: inout [ELFSymbol]
    ) throws(SymbolError) {
        guard let scn = elf_getscn(elf, section.index) else { return }
        var shdr = GElf_Shdr()
        guard gelf_getshdr(scn, &shdr) != nil, shdr.sh_entsize > 0 else { return }
        guard let data = elf_getdata(scn, nil) else {
            throw .corruptELF(path, reason: "cannot read \(section.name): \(libelfMessage())")
        }
        let count = Int(shdr.sh_size / shdr.sh_entsize)
        symbols.reserveCapacity(symbols.count + count)
        for index in 1..<max(count, 1) {
            var sym = GElf_Sym()
            guard gelf_getsym(data, Int32(index), &sym) != nil else {
                throw .corruptELF(path, reason: "bad symbol \(index) in \(section.name)")
            }
            guard sym.st_name != 0, let cName = elf_strptr(elf, Int(shdr.sh_link), Int(sym.st_name)) else { continue }
            let name = String(cString: cName)
            symbols.append(ELFSymbol(
                name: name, address: Address(sym.st_value), size: sym.st_size,
                kind: Self.kind(sym.st_info & 0xf), binding: Self.binding(sym.st_info >> 4),
                sectionIndex: sym.st_shndx, isDynamic: dynamic, isIndirectFunction: Int32(sym.st_info & 0xf) == STT_GNU_IFUNC))
        }
    }

    private static func kind(_ raw: UInt8) -> ELFSymbol.Kind {
        switch Int32(raw) {
        case STT_FUNC, STT_GNU_IFUNC: return .function
        case STT_OBJECT, STT_COMMON: return .object
        case STT_TLS: return .threadLocal
        case STT_SECTION: return .section
        case STT_FILE: return .file
        default: return .other
        }
    }

    private static func binding(_ raw: UInt8) -> ELFSymbol.Binding {
        switch Int32(raw) {
        case STB_LOCAL: return .local
        case STB_GLOBAL, STB_GNU_UNIQUE: return .global
        case STB_WEAK: return .weak
        default: return .other
        }
    }

    /// The raw bytes of a small section (notes, debug link), or nil when unreadable.
    private func sectionBytes(_ section: ELFSection) -> [UInt8]? {
        guard section.hasFileData, let scn = elf_getscn(elf, section.index),
              let data = elf_getdata(scn, nil), let buffer = data.pointee.d_buf else { return nil }
        let raw = UnsafeRawBufferPointer(start: buffer, count: Int(data.pointee.d_size))
        return Array(raw)
    }

    /// Finds the NT_GNU_BUILD_ID note in a note section's bytes.
    static func buildID(fromNotes bytes: [UInt8]) -> [UInt8]? {
        var reader = ByteReader(bytes)
        while reader.remaining >= 12 {
            guard let nameSize = reader.u32(), let descSize = reader.u32(), let type = reader.u32() else { return nil }
            let name = reader.bytes(Int(nameSize))
            reader.align(4)
            let desc = reader.bytes(Int(descSize))
            reader.align(4)
            if type == 3, let name, name.starts(with: Array("GNU".utf8)), let desc { return desc }
        }
        return nil
    }

    static func debugLink(from bytes: [UInt8]) -> DebugLink? {
        guard let nul = bytes.firstIndex(of: 0), nul > 0 else { return nil }
        let crcOffset = (nul + 4) & ~3
        guard crcOffset + 4 <= bytes.count else { return nil }
        var reader = ByteReader(Array(bytes[crcOffset...]))
        guard let crc = reader.u32() else { return nil }
        return DebugLink(fileName: String(decoding: bytes[..<nul], as: UTF8.self), crc: crc)
    }
}

extension ELFFile {
    /// Bytes of the file's loaded image at `address` (code and initialised data), read from
    /// the file itself; nil when the range is not backed by the file.
    /// The range must lie in one segment's file bytes and inside the file as it is now (a
    /// header may claim more bytes than the file has: nothing is allocated for those).
    public func readBytes(at address: Address, count: Int) -> [UInt8]? {
        guard count > 0, case let (last, overflow) = address.value.addingReportingOverflow(UInt64(count - 1)), !overflow,
              let offset = fileOffset(of: address), let end = fileOffset(of: Address(last)),
              offset <= end, end - offset == UInt64(count - 1)
        else { return nil }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, end < UInt64(max(info.st_size, 0)) else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let read = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        return read == count ? bytes : nil
    }
}
