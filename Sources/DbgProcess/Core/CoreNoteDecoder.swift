/// The notes of a core file, decoded: threads, the process, its signal, auxiliary vector
/// and mapped files. A note too short for its type is left out with a warning; the sizes
/// inside NT_FILE are checked against the note.
struct CoreNoteDecoder {
    private(set) var threads: [CoreThread] = []
    private(set) var processID: Int32?
    private(set) var command = ""
    private(set) var arguments = ""
    private(set) var signal: SignalInfo?
    private(set) var auxiliaryVector = AuxiliaryVector(bytes: [])
    private(set) var mappedFiles: [CoreMappedFile] = []
    private(set) var warnings: [String] = []

    static let maxMappedFiles = 1 << 16

    init(notes: [ELFNote]) {
        // Delve's dump writes its notes without an owner's name (and the XSAVE area, not
        // NT_FPREGSET); the types of "CORE" and "LINUX" notes do not overlap.
        for note in notes where note.name == CoreNotes.owner || note.name == "LINUX" || note.name.isEmpty {
            switch note.type {
            case CoreNotes.prstatus: addThread(note.descriptor)
            case CoreNotes.fpregset:
                // A thread's floating-point registers follow its NT_PRSTATUS.
                if !threads.isEmpty, let registers = CoreNotes.floatingPointRegisters(from: note.descriptor) {
                    threads[threads.count - 1].floatingPointRegisters = registers
                }
            case CoreNotes.xstate:
                guard let last = threads.indices.last else { continue }
                threads[last].extendedState = Array(note.descriptor.prefix(CoreNotes.maxExtendedState))
                if threads[last].floatingPointRegisters == nil {
                    threads[last].floatingPointRegisters = CoreNotes.floatingPointRegisters(from: note.descriptor)
                }
            case CoreNotes.prpsinfo: readProcessInfo(note.descriptor)
            case CoreNotes.siginfo: readSignal(note.descriptor)
            case CoreNotes.auxv: auxiliaryVector = AuxiliaryVector(bytes: note.descriptor)
            case CoreNotes.file: readMappedFiles(note.descriptor)
            default: continue
            }
        }
        // The signal is the first thread's (the one that dumped), as gdb reads it; the
        // siginfo, when it is that signal's, adds its code and address. gdb's gcore writes
        // the siginfo of the SIGSTOP it stopped the thread with beside its last real signal.
        let current = threads.first?.currentSignal ?? 0
        if current > 0, signal?.signal.rawValue != current {
            // No siginfo for it: a code no signal has, so that none is shown.
            signal = SignalInfo(signal: Signal(current), code: Int32.max)
        } else if current == 0 {
            signal = nil
        }
    }

    private mutating func addThread(_ bytes: [UInt8]) {
        typealias Layout = CoreNotes.Status
        guard bytes.count >= Layout.registers + CoreNotes.registersSize, let tid = bytes.littleEndianUInt32(at: Layout.pid),
              let registers = CoreNotes.registers(from: bytes[Layout.registers...])
        else {
            warnings.append("an NT_PRSTATUS note of \(bytes.count) bytes is too short for a thread: left out")
            return
        }
        let signal = bytes.littleEndianUInt16(at: Layout.currentSignal).map { Int32(Int16(bitPattern: $0)) } ?? 0
        threads.append(CoreThread(id: ThreadID(Int32(bitPattern: tid)), registers: registers, currentSignal: signal))
    }

    private mutating func readProcessInfo(_ bytes: [UInt8]) {
        typealias Layout = CoreNotes.ProcessInfo
        guard bytes.count >= Layout.size, let pid = bytes.littleEndianUInt32(at: Layout.pid) else { return }
        processID = Int32(bitPattern: pid)
        command = bytes.cString(at: Layout.name, limit: Layout.nameSize)
        arguments = bytes.cString(at: Layout.arguments, limit: Layout.argumentsSize).trimmingTrailingSpaces
    }

    private mutating func readSignal(_ bytes: [UInt8]) {
        typealias Layout = CoreNotes.Signal
        guard let number = bytes.littleEndianUInt32(at: Layout.number), let rawCode = bytes.littleEndianUInt32(at: Layout.code),
              let word = bytes.littleEndianUInt64(at: Layout.address), number > 0
        else { return }
        let signal = Signal(Int32(bitPattern: number)), code = Int32(bitPattern: rawCode)
        let isFault = code > 0 && (signal.isInstructionFault || signal == .sigtrap)
        self.signal = SignalInfo(
            signal: signal, code: code, faultAddress: isFault ? word : nil,
            senderPID: code <= 0 ? Int32(truncatingIfNeeded: word) : nil)
    }

    /// NT_FILE: a count and a page size, then (start, end, offset in pages) per mapping,
    /// then as many NUL-terminated paths.
    private mutating func readMappedFiles(_ bytes: [UInt8]) {
        guard let count = bytes.littleEndianUInt64(at: 0), let pageSize = bytes.littleEndianUInt64(at: 8),
              pageSize > 0, pageSize.nonzeroBitCount == 1, count <= UInt64(bytes.count - 16) / 24
        else {
            warnings.append("the core's list of mapped files (NT_FILE) is malformed: libraries are not loaded")
            return
        }
        // The kernel's own limit is 65,530 mappings (vm.max_map_count); a list far longer is
        // not a process's, and each entry costs the engine a look for its file.
        guard count <= UInt64(Self.maxMappedFiles) else {
            warnings.append("the core lists \(count) mapped files, more than \(Self.maxMappedFiles): libraries are not loaded")
            return
        }
        let tableEnd = 16 + Int(count) * 24
        let paths = bytes[tableEnd...].split(separator: 0, omittingEmptySubsequences: false)
        for index in 0..<min(Int(count), paths.count) {
            let base = 16 + index * 24
            guard let start = bytes.littleEndianUInt64(at: base), let end = bytes.littleEndianUInt64(at: base + 8),
                  let pages = bytes.littleEndianUInt64(at: base + 16), start < end
            else { continue }
            let (offset, overflow) = pages.multipliedReportingOverflow(by: pageSize)
            guard !overflow else { continue }
            mappedFiles.append(CoreMappedFile(start: start, end: end, fileOffset: offset, path: String(decoding: paths[index], as: UTF8.self)))
        }
        if paths.count < Int(count) { warnings.append("the core's list of mapped files (NT_FILE) is cut short") }
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
