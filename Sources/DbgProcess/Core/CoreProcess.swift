import Glibc

/// A process that has ended, as its core file recorded it: a `StoppedProgram` whose threads
/// and registers are the core's notes and whose memory is the core's segments, with what the
/// writer left out of them (code and read-only data of mapped files) read from the mapped
/// files themselves, as gdb does.
///
/// The executable may be given at another path than the one the core recorded (a copy, a
/// build tree): its mappings are read from the file given.
public final class CoreProcess: StoppedProgram {
    public let core: CoreFile
    /// The executable as the engine opens it.
    private let executable: String
    /// The core's file mappings, the executable's renamed to `executable`.
    private let mappings: [CoreMappedFile]
    /// The mapped files that could be opened, by path, for the memory the core left out.
    private let files: [String: Int32]
    /// What the engine should tell the user: the core's own warnings, missing libraries, a
    /// binary that does not match.
    public let warnings: [String]
    /// Not the ptrace thread (a core needs none), but a thread of the same kind, so that the
    /// engine's synchronous work on a core (unwinding, loading values) stays off Swift's
    /// cooperative pool, as it does for a live process.
    private let executor = PtraceExecutor(name: "dbg-core")

    /// At most this many mapped files are opened (each holds a descriptor while the core is open).
    static let maxOpenFiles = 1024

    /// `executable`: the binary the user gave, or nil for the one the core names
    /// (`recordedExecutable`).
    public init(core: CoreFile, executable: String?) throws(ProcessError) {
        self.core = core
        let recorded = Self.recordedExecutable(of: core)
        guard let executable = executable ?? recorded else {
            throw .badCoreFile(core.path, reason: "it does not name its executable: give it (dbg core BINARY CORE)")
        }
        self.executable = executable
        var mappings = core.mappedFiles
            .map { mapping in
                var renamed = mapping
                if mapping.path == recorded { renamed.path = executable }
                return renamed
            }
            .sorted { $0.start < $1.start }
        var files: [String: Int32] = [:]
        var warnings = core.warnings
        for path in Self.paths(of: mappings) {
            guard files.count < Self.maxOpenFiles else {
                warnings.append("more than \(Self.maxOpenFiles) mapped files: the others' code is not read")
                break
            }
            if let descriptor = Self.open(path) {
                files[path] = descriptor
            } else if path == executable {
                for descriptor in files.values { Glibc.close(descriptor) }
                throw .badCoreFile(core.path, reason: "its executable \(path) cannot be opened: \(ProcessError.text(errno))")
            } else {
                warnings.append("\(path), mapped in the core, cannot be opened (\(ProcessError.text(errno))): its code shows as addresses")
            }
        }
        if recorded == nil, let descriptor = files[executable] ?? Self.open(executable) {
            files[executable] = descriptor
            mappings = (mappings + Self.executableMappings(executable, descriptor: descriptor, entry: core.auxiliaryVector.entry))
                .sorted { $0.start < $1.start }
        }
        self.files = files
        self.mappings = mappings
        // The executable first, then the libraries: code and symbols read from a file that
        // is not the one the program ran would be wrong without a word.
        for path in [executable] + files.keys.filter({ $0 != executable }).sorted() {
            if let mismatch = Self.buildIDMismatch(core: core, file: path, mappings: mappings, descriptor: files[path]) {
                warnings.append(mismatch)
            }
        }
        self.warnings = warnings
    }

    private static func open(_ path: String) -> Int32? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    deinit {
        for descriptor in files.values { close(descriptor) }
        executor.shutdown()
    }

    /// The executable the core names: the mapped file that holds the program's entry point
    /// (AT_ENTRY), or its program headers.
    public static func recordedExecutable(of core: CoreFile) -> String? {
        for address in [core.auxiliaryVector.entry, core.auxiliaryVector.programHeaders].compactMap({ $0 }) {
            if let mapping = core.mappedFiles.first(where: { $0.contains(address) }) { return mapping.path }
        }
        return nil
    }

    /// Distinct real files, in the order they are mapped: not the kernel's pseudo-files,
    /// not memfds, not devices, not files deleted since they were mapped (their names end
    /// in " (deleted)").
    private static func paths(of mappings: [CoreMappedFile]) -> [String] {
        var seen = Set<String>()
        return mappings.map(\.path).filter { path in
            guard path.hasPrefix("/"), !path.hasPrefix("/memfd:"), !path.hasPrefix("/dev/"), !path.hasSuffix(" (deleted)") else {
                return false
            }
            return seen.insert(path).inserted
        }
    }

    // MARK: StoppedProgram

    public var pid: Int32 { core.processID }
    public var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public func threadIDs() -> [ThreadID] { core.threads.map(\.id).sorted() }

    public func registers(of thread: ThreadID) throws(ProcessError) -> Registers {
        try coreThread(thread).registers
    }

    public func floatingPointRegisters(of thread: ThreadID) throws(ProcessError) -> FloatingPointRegisters {
        guard let registers = try coreThread(thread).floatingPointRegisters else {
            throw .badCoreFile(core.path, reason: "it has no floating-point registers for thread \(thread)")
        }
        return registers
    }

    public func extendedState(of thread: ThreadID) -> [UInt8]? {
        (try? coreThread(thread))?.extendedState
    }

    private func coreThread(_ thread: ThreadID) throws(ProcessError) -> CoreThread {
        guard let found = core.threads.first(where: { $0.id == thread }) else { throw .noSuchThread(thread) }
        return found
    }

    public func readMemory(at address: UInt64, count: Int) throws(ProcessError) -> [UInt8] {
        let bytes = try readMemory(upTo: count, at: address)
        guard bytes.count == count else { throw .unreadableMemory(address: address &+ UInt64(bytes.count), count: count - bytes.count) }
        return bytes
    }

    /// The core's bytes where it has them, else the mapped file's, piece by piece.
    public func readMemory(upTo count: Int, at address: UInt64) throws(ProcessError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard address <= UInt64.max - UInt64(count) else { throw .unreadableMemory(address: address, count: count) }
        var bytes: [UInt8] = []
        while bytes.count < count {
            let next = address + UInt64(bytes.count)
            var piece = core.dumpedBytes(at: next, count: count - bytes.count)
            if piece.isEmpty { piece = mappedFileBytes(at: next, count: count - bytes.count) }
            if piece.isEmpty { break }
            bytes += piece
        }
        return bytes
    }

    /// Bytes of the file mapped at `address`, up to the mapping's end.
    private func mappedFileBytes(at address: UInt64, count: Int) -> [UInt8] {
        guard let mapping = mapping(containing: address), let descriptor = files[mapping.path] else { return [] }
        let (offset, overflow) = mapping.fileOffset.addingReportingOverflow(address - mapping.start)
        guard !overflow else { return [] }
        return CoreFile.bytes(descriptor, at: offset, count: Int(min(UInt64(count), mapping.end - address)))
    }

    /// The mapping that holds `address` (mappings do not overlap: they were the process's).
    private func mapping(containing address: UInt64) -> CoreMappedFile? {
        mappings.element(holding: address, start: \.start) { $0.contains($1) }
    }

    /// The core's segments as /proc/PID/maps showed them, named by the mapped files (and
    /// mapped files the writer gave no segment, as gdb's gcore leaves out unchanged code).
    public func memoryMap() throws(ProcessError) -> [MemoryRegion] {
        var regions = core.segments.map { segment in
            let file = mapping(containing: segment.address)
            return MemoryRegion(
                start: segment.address, end: segment.end, isReadable: segment.flags & 4 != 0, isWritable: segment.flags & 2 != 0,
                isExecutable: segment.flags & 1 != 0, isShared: false,
                offset: file.map { $0.fileOffset + (segment.address - $0.start) } ?? 0, inode: 0,
                path: file?.path ?? (segment.address == core.auxiliaryVector.vdso ? "[vdso]" : nil))
        }
        for mapping in mappings where core.segment(containing: mapping.start) == nil {
            regions.append(MemoryRegion(
                start: mapping.start, end: mapping.end, isReadable: true, isWritable: false, isExecutable: false, isShared: false,
                offset: mapping.fileOffset, inode: 0, path: mapping.path))
        }
        return regions.sorted { $0.start < $1.start }
    }

    public func executablePath() throws(ProcessError) -> String { executable }

    public func auxiliaryVector() throws(ProcessError) -> AuxiliaryVector { core.auxiliaryVector }
}
