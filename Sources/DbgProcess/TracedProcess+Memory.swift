import CSys
import Glibc

/// Reading and writing the program's memory.
///
/// Reads use process_vm_readv (one system call for any size); pages it cannot read
/// (PROT_NONE, some special mappings) are tried again through /proc/PID/mem, which
/// reads with the tracer's privilege. Writes use process_vm_writev, which honours page
/// protection, then /proc/PID/mem (read-only pages such as .text), then POKEDATA.
/// What a read returns never shows our int3s: the sites' original bytes are put back.
extension TracedProcess {
    /// `count` bytes at `address`; throws when any of them cannot be read.
    public func readMemory(at address: UInt64, count: Int) throws(ProcessError) -> [UInt8] {
        try ensureStopped()
        let bytes = try readAvailableMemory(at: address, count: count)
        guard bytes.count == count else { throw .unreadableMemory(address: address &+ UInt64(bytes.count), count: count - bytes.count) }
        return bytes
    }

    /// As many of the `count` bytes at `address` as can be read, from the start: fewer (or
    /// none) when the range runs into unmapped memory. For strings of unknown length.
    public func readMemory(upTo count: Int, at address: UInt64) throws(ProcessError) -> [UInt8] {
        try ensureStopped()
        return try readAvailableMemory(at: address, count: count)
    }

    /// A little-endian 64-bit word at `address`.
    public func readWord(at address: UInt64) throws(ProcessError) -> UInt64 {
        let bytes = try readMemory(at: address, count: 8)
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Writes `bytes` at `address`. Bytes under a breakpoint site become the site's
    /// original bytes (the int3 stays in memory), so the program's code can be patched
    /// without losing breakpoints.
    public func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(ProcessError) {
        try ensureStopped()
        guard !bytes.isEmpty else { return }
        guard address <= UInt64.max - UInt64(bytes.count) else { throw .unwritableMemory(address: address, count: bytes.count) }
        var table = sites
        var data = bytes
        table.shadowWrite(&data, at: address)
        let written = data.withUnsafeBytes { csys_write_process_memory(pid, address, $0.baseAddress, $0.count) }
        if written != data.count {
            try writeThroughProtection(data, at: address)
        }
        sites = table
    }

    // MARK: Internals

    /// The readable prefix of `[address, address + count)`, int3s replaced by originals.
    func readAvailableMemory(at address: UInt64, count: Int) throws(ProcessError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard address <= UInt64.max - UInt64(count) else { throw .unreadableMemory(address: address, count: count) }
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        let target = anyThread.value
        while done < count {
            let start = address + UInt64(done)
            let got = buffer.withUnsafeMutableBytes { raw in
                csys_read_process_memory(target, start, raw.baseAddress.map { $0 + done }, count - done)
            }
            if got > 0 {
                done += got
                continue
            }
            if got == -Int(ESRCH) { throw .processExited(pid) }
            // process_vm_readv stops at the first page it cannot read: try that page
            // through /proc/PID/mem before giving up.
            let fd = memoryDescriptor()
            guard fd >= 0 else { break }
            let forced = buffer.withUnsafeMutableBytes { raw in
                csys_pread(fd, raw.baseAddress.map { $0 + done }, count - done, start)
            }
            guard forced > 0 else { break }
            done += forced
        }
        buffer.removeLast(count - done)
        sites.unshadow(&buffer, at: address)
        return buffer
    }

    /// Writes code (or any bytes) into pages that may be read-only: /proc/PID/mem, or
    /// POKEDATA through a stopped thread.
    func writeThroughProtection(_ bytes: [UInt8], at address: UInt64) throws(ProcessError) {
        let fd = memoryDescriptor()
        if fd >= 0 {
            let written = bytes.withUnsafeBytes { csys_pwrite(fd, $0.baseAddress, $0.count, address) }
            if written == bytes.count { return }
        }
        if let stopped = threads.values.first(where: \.isStopped)?.id, ptraceWrite(stopped, bytes, at: address) {
            return
        }
        throw .unwritableMemory(address: address, count: bytes.count)
    }

    /// /proc/PID/mem, opened read-write on first use; -1 when it cannot be opened.
    func memoryDescriptor() -> Int32 {
        if memoryFile < 0 {
            let fd = csys_open("/proc/\(pid)/mem", Int32(CSYS_O_RDWR))
            memoryFile = fd >= 0 ? fd : -1
        }
        return memoryFile
    }

    func closeMemoryFile() {
        if memoryFile >= 0 { close(memoryFile) }
        memoryFile = -1
    }
}
