import CSys
import Glibc

/// An ELF core file of an x86-64 Linux process, as the kernel, gdb's `gcore` or dbg's `dump`
/// writes it: its threads (NT_PRSTATUS, each followed by its NT_FPREGSET), the process
/// (NT_PRPSINFO), the signal it died of (NT_SIGINFO), its auxiliary vector (NT_AUXV), the
/// files it had mapped (NT_FILE), and the memory the writer kept (PT_LOAD segments).
///
/// The file is untrusted input: every size is checked against the file, the notes read are
/// bounded, and a file cut short is read as far as it goes (`warnings` says what is missing).
/// Memory is read from the file when asked, never loaded whole.
public final class CoreFile: Sendable {
    public let path: String
    /// In the order of the file: the kernel writes the thread that dumped (took the signal) first.
    public let threads: [CoreThread]
    public let processID: Int32
    /// The command's name (its comm, 15 bytes at most) and the start of its arguments.
    public let command: String
    public let arguments: String
    /// The signal the process died of, when the core says (a kernel's core does; a dump
    /// taken of a stopped program has none).
    public let signal: SignalInfo?
    public let auxiliaryVector: AuxiliaryVector
    public let mappedFiles: [CoreMappedFile]
    /// The memory segments, by address.
    let segments: [CoreSegment]
    /// What is wrong with the file but leaves it usable (it is truncated), one line each.
    public let warnings: [String]
    private let descriptor: Int32

    /// Notes larger than this are refused: 64 MiB holds the notes of some 20,000 threads.
    static let maxNotesSize = 64 << 20
    static let elfMachineX86_64: UInt16 = 62

    private init(
        path: String, descriptor: Int32, threads: [CoreThread], info: (pid: Int32, command: String, arguments: String),
        signal: SignalInfo?, auxiliaryVector: AuxiliaryVector, mappedFiles: [CoreMappedFile], segments: [CoreSegment],
        warnings: [String]
    ) {
        self.path = path
        self.descriptor = descriptor
        self.threads = threads
        processID = info.pid
        command = info.command
        arguments = info.arguments
        self.signal = signal
        self.auxiliaryVector = auxiliaryVector
        self.mappedFiles = mappedFiles
        self.segments = segments
        self.warnings = warnings
    }

    deinit { close(descriptor) }

    /// Opens and checks `path`: an ELF64 little-endian core file of an x86-64 process with
    /// at least one thread. Errors are one line, naming the file.
    public static func open(_ path: String) throws(ProcessError) -> CoreFile {
        let descriptor = csys_open(path, Int32(CSYS_O_RDONLY))
        guard descriptor >= 0 else { throw .badCoreFile(path, reason: "cannot open: " + ProcessError.text(-descriptor)) }
        do {
            return try read(path, descriptor)
        } catch {
            close(descriptor)
            throw error
        }
    }

    private static func read(_ path: String, _ descriptor: Int32) throws(ProcessError) -> CoreFile {
        let fileSize = UInt64(max(0, lseek(descriptor, 0, SEEK_END)))
        let header = bytes(descriptor, at: 0, count: 64)
        guard header.count == 64, header.starts(with: [0x7F, 0x45, 0x4C, 0x46]) else {
            throw .badCoreFile(path, reason: "not an ELF file")
        }
        guard header[4] == 2, header[5] == 1 else { throw .badCoreFile(path, reason: "not a 64-bit little-endian ELF file") }
        let type = header.littleEndianUInt16(at: 16) ?? 0
        guard type == 4 else { throw .badCoreFile(path, reason: "not a core file (it is \(describe(elfType: type)))") }
        let machine = header.littleEndianUInt16(at: 18) ?? 0
        guard machine == elfMachineX86_64 else {
            throw .badCoreFile(path, reason: "a core file of another machine (\(describe(machine: machine))); dbg reads x86-64 cores")
        }
        let headers = try programHeaders(header, path, descriptor, fileSize: fileSize)
        var warnings: [String] = []
        var segments: [CoreSegment] = []
        var notesBytes: [UInt8] = []
        var missing: UInt64 = 0
        for (type, offset, address, fileBytes, memoryBytes, flags) in headers {
            switch type {
            case 1:  // PT_LOAD
                guard memoryBytes > 0, address <= UInt64.max - memoryBytes else { continue }
                // What the file is too short to hold is missing memory, not an error.
                let available = offset >= fileSize ? 0 : min(fileBytes, fileSize - offset)
                missing = fileBytes - available > UInt64.max - missing ? UInt64.max : missing + (fileBytes - available)
                segments.append(CoreSegment(
                    address: address, memorySize: memoryBytes, fileOffset: offset, fileSize: min(available, memoryBytes), flags: flags))
            case 4:  // PT_NOTE
                guard fileBytes <= UInt64(maxNotesSize - notesBytes.count) else {
                    throw .badCoreFile(path, reason: "its notes are larger than \(maxNotesSize >> 20) MiB")
                }
                let read = bytes(descriptor, at: offset, count: Int(fileBytes))
                if read.count < fileBytes { warnings.append("\(path) is truncated: its notes are cut short") }
                notesBytes += read
            default:
                continue
            }
        }
        if missing > 0 {
            warnings.append("\(path) is truncated: \(missing) bytes of the program's memory are missing (the file has \(fileSize) bytes)")
        }
        let (notes, complete) = ELFNote.parse(notesBytes)
        if !complete, !warnings.contains(where: { $0.contains("notes") }) { warnings.append("\(path): its notes end in the middle of one") }
        let decoded = CoreNoteDecoder(notes: notes)
        guard !decoded.threads.isEmpty else {
            throw .badCoreFile(path, reason: "it holds no thread (no NT_PRSTATUS note)" + (complete ? "" : "; the file is truncated"))
        }
        return CoreFile(
            path: path, descriptor: descriptor, threads: decoded.threads,
            info: (decoded.processID ?? decoded.threads[0].id.value, decoded.command, decoded.arguments),
            signal: decoded.signal, auxiliaryVector: decoded.auxiliaryVector, mappedFiles: decoded.mappedFiles,
            segments: segments.sorted { $0.address < $1.address }, warnings: warnings + decoded.warnings)
    }

    /// The program headers: (type, offset, address, file size, memory size, flags). More than
    /// 65,534 are counted in the first section header (PN_XNUM), as the kernel writes them.
    private static func programHeaders(_ header: [UInt8], _ path: String, _ descriptor: Int32, fileSize: UInt64)
        throws(ProcessError) -> [(UInt32, UInt64, UInt64, UInt64, UInt64, UInt32)]
    {
        let offset = header.littleEndianUInt64(at: 32) ?? 0
        let entrySize = Int(header.littleEndianUInt16(at: 54) ?? 0)
        var count = Int(header.littleEndianUInt16(at: 56) ?? 0)
        if count == 0xFFFF, let sectionHeaders = header.littleEndianUInt64(at: 40), sectionHeaders > 0 {
            count = Int(bytes(descriptor, at: sectionHeaders, count: 64).littleEndianUInt32(at: 44) ?? 0)
        }
        guard entrySize >= 56, count > 0 else { throw .badCoreFile(path, reason: "it has no program headers") }
        // 16 times the kernel's default limit of mappings (vm.max_map_count, 65,530).
        guard count <= 1 << 20 else { throw .badCoreFile(path, reason: "it has \(count) program headers: more than a process can map") }
        guard offset < fileSize, UInt64(count) * UInt64(entrySize) <= fileSize - offset else {
            throw .badCoreFile(path, reason: "its program headers run past the end of the file (truncated?)")
        }
        let table = bytes(descriptor, at: offset, count: count * entrySize)
        return (0..<count).compactMap { index in
            let base = index * entrySize
            guard let type = table.littleEndianUInt32(at: base), let flags = table.littleEndianUInt32(at: base + 4),
                  let fileOffset = table.littleEndianUInt64(at: base + 8), let address = table.littleEndianUInt64(at: base + 16),
                  let fileBytes = table.littleEndianUInt64(at: base + 32), let memoryBytes = table.littleEndianUInt64(at: base + 40)
            else { return nil }
            return (type, fileOffset, address, fileBytes, memoryBytes, flags)
        }
    }

    // MARK: Memory

    /// The segment that holds `address`.
    func segment(containing address: UInt64) -> CoreSegment? {
        segments.element(holding: address, start: \.address) { $0.contains($1) }
    }

    /// The bytes the file holds from `address` on, at most `count`: fewer when the segment's
    /// bytes in the file end first (what the writer left out, or a truncated file), none
    /// when it holds none there.
    func dumpedBytes(at address: UInt64, count: Int) -> [UInt8] {
        guard let segment = segment(containing: address) else { return [] }
        let inSegment = address - segment.address
        guard inSegment < segment.fileSize else { return [] }
        let available = Int(min(UInt64(count), segment.fileSize - inSegment))
        return Self.bytes(descriptor, at: segment.fileOffset + inSegment, count: available)
    }

    /// Up to `count` bytes of the file at `offset` (fewer at its end or on a read error).
    static func bytes(_ descriptor: Int32, at offset: UInt64, count: Int) -> [UInt8] {
        guard count > 0, offset <= UInt64(Int64.max) else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { raw in
                csys_pread(descriptor, raw.baseAddress.map { $0 + done }, count - done, offset + UInt64(done))
            }
            guard got > 0 else { break }
            done += got
        }
        buffer.removeLast(count - done)
        return buffer
    }

    private static func describe(elfType: UInt16) -> String {
        switch elfType {
        case 1: return "a relocatable object"
        case 2: return "an executable"
        case 3: return "a shared object or position-independent executable"
        default: return "of ELF type \(elfType)"
        }
    }

    private static func describe(machine: UInt16) -> String {
        let names: [UInt16: String] = [3: "i386", 40: "ARM", 183: "AArch64", 243: "RISC-V", 8: "MIPS", 21: "PowerPC64", 22: "s390"]
        return names[machine].map { "\($0), e_machine \(machine)" } ?? "e_machine \(machine)"
    }
}
