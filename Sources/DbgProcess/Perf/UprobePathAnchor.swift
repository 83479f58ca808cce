import CSys
import Glibc

/// The binary's path at one address that holds it in both the traced program and dbg.
///
/// A uprobe event names its binary by a pointer (perf_event_attr.config1). The kernel
/// reads that pointer not only in perf_event_open, in dbg, but again each time the
/// program creates a thread and the event is inherited, then in the *program's* address
/// space: a pointer into dbg's memory makes that read fail, and the program's clone with
/// it (EFAULT: pthread_create fails, Go dies in newosproc). So the pointer must be valid
/// in both: the program's own AT_EXECFN string (the path execve was given, at the top of
/// its stack, which programs leave alone), copied into dbg at the same address.
final class UprobePathAnchor {
    let address: UInt64
    private let page: UnsafeMutableRawPointer
    private let length: Int

    /// Nil when the program's AT_EXECFN is not `path` or dbg cannot map that address.
    init?(pid: Int32, path: String) {
        guard case .success(let auxv) = ProcFile.read("/proc/\(pid)/auxv"),
              let address = AuxiliaryVector(bytes: auxv).value(AuxiliaryVector.atEXECFN)
        else { return nil }
        let wanted = Array(path.utf8) + [0]
        var found = [UInt8](repeating: 0, count: wanted.count)
        let got = found.withUnsafeMutableBytes { csys_read_process_memory(pid, address, $0.baseAddress, wanted.count) }
        guard got == wanted.count, found == wanted else { return nil }
        let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let start = address & ~(pageSize - 1)
        let end = (address + UInt64(wanted.count) + pageSize - 1) & ~(pageSize - 1)
        let mapFixedNoReplace: Int32 = 0x100000  // MAP_FIXED_NOREPLACE: never clobber a mapping of ours
        guard let hint = UnsafeMutableRawPointer(bitPattern: UInt(start)),
              let mapped = mmap(hint, Int(end - start), PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS | mapFixedNoReplace, -1, 0),
              mapped != MAP_FAILED
        else { return nil }
        guard mapped == hint else {  // a kernel that ignored the flag put it elsewhere
            munmap(mapped, Int(end - start))
            return nil
        }
        (mapped + Int(address - start)).copyMemory(from: wanted, byteCount: wanted.count)
        self.address = address
        page = mapped
        length = Int(end - start)
    }

    deinit { munmap(page, length) }
}
