import CSys
import Glibc

/// Writes an ELF core file of a stopped program, as the kernel writes one (so that gdb, Delve
/// and `dbg core` read it): per thread NT_PRSTATUS and NT_FPREGSET, the process's
/// NT_PRPSINFO, NT_AUXV and NT_FILE after the first thread's status, then the memory.
///
/// Which memory, close to the kernel's default rules (coredump_filter 0x33): anonymous and
/// writable mappings whole; of a file's code only its first page when it holds an ELF header
/// (the build id's notes: gdb and `dbg core` read the rest from the file); inaccessible
/// mappings and shared file mappings as segments without bytes. A file's read-only data is
/// kept whole, where the kernel keeps only the pages the program changed (relocated data made
/// read-only after, RELRO): /proc/PID/maps cannot tell which. Pages of zeros are left as
/// holes (a sparse file), as the kernel leaves pages never touched. The kernel's special
/// mappings that cannot be read ([vvar], [vvar_vclock], [vsyscall]) are left out.
public struct CoreWriter {
    /// What the core says of the process besides its threads and memory (NT_PRPSINFO).
    public struct ProcessInfo: Sendable {
        public var parentPID: Int32 = 0
        public var uid: UInt32 = 0
        public var gid: UInt32 = 0
        /// The command's name (comm: 15 bytes are kept) and its command line (80 are kept).
        public var name: String = ""
        public var arguments: [String] = []
        public init() {}
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public var threads: Int
        /// Bytes of memory the core holds, and those of them that could not be read (zeros).
        public var memoryBytes: UInt64
        public var unreadableBytes: UInt64
    }

    let program: any StoppedProgram
    let info: ProcessInfo
    /// The thread written first: gdb and `dbg core` select it.
    let firstThread: ThreadID?
    /// Its signal (pr_cursig), 0 for none.
    let signal: Int32

    static let pageSize: UInt64 = 4096
    /// Memory is read and written a chunk at a time.
    static let chunkSize = 1 << 20

    public init(program: any StoppedProgram, info: ProcessInfo, firstThread: ThreadID?, signal: Int32 = 0) {
        self.program = program
        self.info = info
        self.firstThread = firstThread
        self.signal = signal
    }

    /// Writes the core to `path` (created 0600, or truncated). On failure the partial file is removed.
    public func write(to path: String) throws(ProcessError) -> Summary {
        let descriptor = csys_open(path, Int32(CSYS_O_WRONLY | CSYS_O_CREAT | CSYS_O_TRUNC))
        guard descriptor >= 0 else { throw .unwritableFile(path, reason: ProcessError.text(-descriptor)) }
        defer { close(descriptor) }
        do {
            return try write(descriptor, path)
        } catch {
            unlink(path)
            throw error
        }
    }

    private func write(_ descriptor: Int32, _ path: String) throws(ProcessError) -> Summary {
        let regions = try program.memoryMap().filter { !($0.path?.hasPrefix("[vvar") ?? false) && $0.path != "[vsyscall]" }
        // More would be counted in a section header (PN_XNUM); no program here maps as many.
        guard regions.count < 0xFFFF - 1 else { throw .unwritableFile(path, reason: "more than 65,533 mappings") }
        let notes = try self.notes(regions: regions)
        let segmentCount = regions.count + 1
        let headersEnd = UInt64(64 + 56 * segmentCount)
        let dataStart = (headersEnd + UInt64(notes.count) + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        var headers = Self.elfHeader(programHeaders: segmentCount)
        headers += Self.programHeader(type: 4, flags: 4, offset: headersEnd, address: 0, fileSize: UInt64(notes.count), memorySize: 0, align: 4)
        var offset = dataStart
        var plans: [(region: MemoryRegion, offset: UInt64, size: UInt64)] = []
        for region in regions {
            let size = Self.dumpedSize(of: region, firstBytes: { try? program.readMemory(upTo: 4, at: region.start) })
            let flags: UInt32 = (region.isReadable ? 4 : 0) | (region.isWritable ? 2 : 0) | (region.isExecutable ? 1 : 0)
            headers += Self.programHeader(
                type: 1, flags: flags, offset: offset, address: region.start, fileSize: size, memorySize: region.size, align: Self.pageSize)
            plans.append((region, offset, size))
            offset += size
        }
        try Self.write(headers + notes, at: 0, to: descriptor, path)
        var summary = Summary(threads: program.threadIDs().count, memoryBytes: 0, unreadableBytes: 0)
        for plan in plans {
            summary.unreadableBytes += try copy(plan.region.start, count: plan.size, to: descriptor, at: plan.offset, path)
            summary.memoryBytes += plan.size
        }
        // The holes at the end are part of the file too.
        guard ftruncate(descriptor, off_t(offset)) == 0 else { throw .unwritableFile(path, reason: ProcessError.text(errno)) }
        return summary
    }

    /// How many of a mapping's bytes the core holds (the kernel's default filter).
    static func dumpedSize(of region: MemoryRegion, firstBytes: () -> [UInt8]?) -> UInt64 {
        guard region.isReadable else { return 0 }
        let isFile = region.path?.hasPrefix("/") == true && region.path?.hasPrefix("/SYSV") == false
            && region.path?.hasSuffix(" (deleted)") == false
        if region.isShared { return isFile ? 0 : region.size }
        if !isFile || !region.isExecutable { return region.size }
        return firstBytes() == [0x7F, 0x45, 0x4C, 0x46] ? min(region.size, pageSize) : 0
    }

    /// Copies memory into the file a chunk at a time; pages that cannot be read are zeros
    /// (holes), as are pages of zeros. Returns how many bytes could not be read.
    private func copy(_ address: UInt64, count: UInt64, to descriptor: Int32, at fileOffset: UInt64, _ path: String) throws(ProcessError) -> UInt64 {
        var done: UInt64 = 0, unreadable: UInt64 = 0
        while done < count {
            let bytes = (try? program.readMemory(upTo: Int(min(UInt64(Self.chunkSize), count - done)), at: address + done)) ?? []
            guard !bytes.isEmpty else {
                // Not one byte here: a page of zeros, and on.
                let skipped = min(Self.pageSize - (address + done) % Self.pageSize, count - done)
                unreadable += skipped
                done += skipped
                continue
            }
            for page in stride(from: 0, to: bytes.count, by: Int(Self.pageSize)) {
                let piece = bytes[page..<min(bytes.count, page + Int(Self.pageSize))]
                if piece.contains(where: { $0 != 0 }) {
                    try Self.write(Array(piece), at: fileOffset + done + UInt64(page), to: descriptor, path)
                }
            }
            done += UInt64(bytes.count)
        }
        return unreadable
    }

    private static func write(_ bytes: [UInt8], at offset: UInt64, to descriptor: Int32, _ path: String) throws(ProcessError) {
        let written = bytes.withUnsafeBytes { csys_pwrite(descriptor, $0.baseAddress, $0.count, offset) }
        guard written == bytes.count else {
            throw .unwritableFile(path, reason: written < 0 ? ProcessError.text(Int32(-written)) : "short write (disk full?)")
        }
    }

    // MARK: Notes

    private func notes(regions: [MemoryRegion]) throws(ProcessError) -> [UInt8] {
        var threads = program.threadIDs()
        if let firstThread, let index = threads.firstIndex(of: firstThread) { threads.insert(threads.remove(at: index), at: 0) }
        var bytes: [UInt8] = []
        for (index, thread) in threads.enumerated() {
            let registers = try program.registers(of: thread)
            bytes += ELFNote(name: CoreNotes.owner, type: CoreNotes.prstatus, descriptor: status(thread, registers, signal: index == 0 ? signal : 0)).encoded
            if index == 0 {
                bytes += ELFNote(name: CoreNotes.owner, type: CoreNotes.prpsinfo, descriptor: processInfo()).encoded
                bytes += ELFNote(name: CoreNotes.owner, type: CoreNotes.auxv, descriptor: try auxiliaryVector()).encoded
                bytes += ELFNote(name: CoreNotes.owner, type: CoreNotes.file, descriptor: Self.mappedFiles(regions)).encoded
            }
            if let floating = try? program.floatingPointRegisters(of: thread) {
                bytes += ELFNote(name: CoreNotes.owner, type: CoreNotes.fpregset, descriptor: CoreNotes.bytes(of: floating)).encoded
            }
            // The whole XSAVE area, as the kernel writes it: AVX's upper halves and the rest.
            if let extended = program.extendedState(of: thread), extended.count > 512 {
                bytes += ELFNote(name: CoreNotes.linuxOwner, type: CoreNotes.xstate, descriptor: extended).encoded
            }
        }
        return bytes
    }

    private func status(_ thread: ThreadID, _ registers: Registers, signal: Int32) -> [UInt8] {
        typealias Layout = CoreNotes.Status
        var bytes = [UInt8](repeating: 0, count: Layout.size)
        bytes.put(UInt32(bitPattern: signal), at: Layout.signalNumber)
        bytes.put(UInt16(truncatingIfNeeded: signal), at: Layout.currentSignal)
        bytes.put(UInt32(bitPattern: thread.value), at: Layout.pid)
        bytes.put(UInt32(bitPattern: info.parentPID), at: Layout.parentPID)
        bytes.put(UInt32(bitPattern: program.pid), at: Layout.processGroup)
        bytes.put(UInt32(bitPattern: program.pid), at: Layout.session)
        bytes.replaceSubrange(Layout.registers..<Layout.registers + CoreNotes.registersSize, with: CoreNotes.bytes(of: registers))
        bytes.put(UInt32(1), at: Layout.floatingPointValid)
        return bytes
    }

    private func processInfo() -> [UInt8] {
        typealias Layout = CoreNotes.ProcessInfo
        var bytes = [UInt8](repeating: 0, count: Layout.size)
        // Stopped by a tracer: 't', fifth of the kernel's "RSDTtZX".
        bytes[Layout.state] = 4
        bytes[Layout.stateName] = UInt8(ascii: "t")
        bytes.put(info.uid, at: Layout.uid)
        bytes.put(info.gid, at: Layout.gid)
        bytes.put(UInt32(bitPattern: program.pid), at: Layout.pid)
        bytes.put(UInt32(bitPattern: info.parentPID), at: Layout.parentPID)
        bytes.put(UInt32(bitPattern: program.pid), at: Layout.processGroup)
        bytes.put(UInt32(bitPattern: program.pid), at: Layout.session)
        let name = Array(info.name.utf8.prefix(Layout.nameSize - 1))
        bytes.replaceSubrange(Layout.name..<Layout.name + name.count, with: name)
        let arguments = Array(info.arguments.joined(separator: " ").utf8.prefix(Layout.argumentsSize - 1))
        bytes.replaceSubrange(Layout.arguments..<Layout.arguments + arguments.count, with: arguments)
        return bytes
    }

    private func auxiliaryVector() throws(ProcessError) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in try program.auxiliaryVector().entries {
            bytes.appendLittleEndian(entry.type)
            bytes.appendLittleEndian(entry.value)
        }
        return bytes + [UInt8](repeating: 0, count: 16)  // AT_NULL
    }

    /// NT_FILE: the file mappings, offsets in pages.
    static func mappedFiles(_ regions: [MemoryRegion]) -> [UInt8] {
        let files = regions.filter { $0.path?.hasPrefix("/") == true }
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(UInt64(files.count))
        bytes.appendLittleEndian(pageSize)
        for region in files {
            bytes.appendLittleEndian(region.start)
            bytes.appendLittleEndian(region.end)
            bytes.appendLittleEndian(region.offset / pageSize)
        }
        for region in files { bytes += Array((region.path ?? "").utf8) + [0] }
        return bytes
    }

    // MARK: Headers

    static func elfHeader(programHeaders count: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        bytes.appendLittleEndian(UInt16(4))  // ET_CORE
        bytes.appendLittleEndian(UInt16(CoreFile.elfMachineX86_64))
        bytes.appendLittleEndian(UInt32(1))  // EV_CURRENT
        bytes.appendLittleEndian(UInt64(0))  // entry
        bytes.appendLittleEndian(UInt64(64))  // program headers follow
        bytes.appendLittleEndian(UInt64(0))  // no section headers
        bytes.appendLittleEndian(UInt32(0))  // flags
        bytes.appendLittleEndian(UInt16(64))
        bytes.appendLittleEndian(UInt16(56))
        bytes.appendLittleEndian(UInt16(truncatingIfNeeded: count))
        bytes += [UInt8](repeating: 0, count: 6)  // section header size, count, names
        return bytes
    }

    static func programHeader(type: UInt32, flags: UInt32, offset: UInt64, address: UInt64, fileSize: UInt64, memorySize: UInt64, align: UInt64)
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        bytes.appendLittleEndian(type)
        bytes.appendLittleEndian(flags)
        for field in [offset, address, 0, fileSize, memorySize, align] { bytes.appendLittleEndian(field) }
        return bytes
    }
}

private extension [UInt8] {
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { replaceSubrange(offset..<offset + $0.count, with: $0) }
    }
}
