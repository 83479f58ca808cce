/// What /proc says about the process: its auxiliary vector, memory map, executable,
/// thread names.
extension TracedProcess {
    /// The auxiliary vector (AT_ENTRY, AT_PHDR, AT_BASE...), to compute load biases.
    public func auxiliaryVector() throws(ProcessError) -> AuxiliaryVector {
        try ensureStopped()
        return AuxiliaryVector(bytes: try ProcFile.read("/proc/\(pid)/auxv").get())
    }

    /// The current memory mappings: the program, its libraries (for shared-library
    /// discovery without r_debug), heap, stacks.
    public func memoryMap() throws(ProcessError) -> [MemoryRegion] {
        try ensureStopped()
        let path = "/proc/\(pid)/maps"
        return MemoryRegion.parseMaps(String(decoding: try ProcFile.read(path).get(), as: UTF8.self))
    }

    /// The executable's path (/proc/PID/exe), e.g. to load symbols after an attach.
    public func executablePath() throws(ProcessError) -> String {
        try ensureStopped()
        guard let path = ProcFile.link("/proc/\(pid)/exe") else {
            throw .unreadableProcFile("/proc/\(pid)/exe", reason: "not readable")
        }
        return path
    }

    /// A thread's name (its comm: what pthread_setname_np set, or the program's name).
    public func name(of thread: ThreadID) throws(ProcessError) -> String {
        try ensureThread(thread)
        let path = "/proc/\(pid)/task/\(thread.value)/comm"
        guard let text = ProcFile.text(path) else { throw .unreadableProcFile(path, reason: "not readable") }
        return Substring(text).trimmingWhitespace()
    }
}

extension TracedProcess {
    /// What a core file says of the process (NT_PRPSINFO), from /proc: its parent, user and
    /// group, name and command line. What cannot be read stays empty.
    public func coreProcessInfo() -> CoreWriter.ProcessInfo {
        var info = CoreWriter.ProcessInfo()
        if let status = ProcFile.text("/proc/\(pid)/status") {
            info.parentPID = ProcFile.statusField(status, "PPid").flatMap { Int32($0) } ?? 0
            // "Uid:\treal\teffective\tsaved\tfs": the real one.
            info.uid = ProcFile.statusField(status, "Uid").flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { UInt32($0) } } ?? 0
            info.gid = ProcFile.statusField(status, "Gid").flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { UInt32($0) } } ?? 0
        }
        info.name = ProcFile.text("/proc/\(pid)/comm").map { Substring($0).trimmingWhitespace() } ?? ""
        if case .success(let bytes) = ProcFile.read("/proc/\(pid)/cmdline") {
            info.arguments = bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        }
        return info
    }
}
