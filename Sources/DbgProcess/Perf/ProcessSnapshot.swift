import CSys
import Glibc

/// What /proc says of a process dbg watches without tracing it (the uprobe tracer's
/// attached programs): its threads, its binary, its mappings, whether it still lives, and
/// its memory.
public enum ProcessSnapshot {
    public static func threads(of pid: Int32) -> [Int32] {
        ProcFile.numericEntries("/proc/\(pid)/task") ?? []
    }

    public static func executablePath(of pid: Int32) -> String? {
        ProcFile.link("/proc/\(pid)/exe")
    }

    public static func memoryMap(of pid: Int32) -> [MemoryRegion] {
        ProcFile.text("/proc/\(pid)/maps").map(MemoryRegion.parseMaps) ?? []
    }

    /// The process's seccomp mode (`Seccomp:` in /proc/PID/status): 0 none, 1 strict, 2 a
    /// filter; nil when it cannot be read.
    public static func seccompMode(of pid: Int32) -> Int? {
        guard let status = ProcFile.text("/proc/\(pid)/status") else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix("Seccomp:") }
            .flatMap { Int($0.dropFirst("Seccomp:".count).trimmingPrefix(while: \.isWhitespace)) }
    }

    /// True while the process exists and is not a zombie.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard let status = ProcFile.text("/proc/\(pid)/status") else { return false }
        return ProcFile.statusField(status, "State")?.hasPrefix("Z") != true
    }

    /// `count` bytes of its memory at `address` (process_vm_readv: no ptrace stop); nil
    /// unless all of them could be read.
    public static func memory(of pid: Int32, at address: UInt64, count: Int) -> [UInt8]? {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { csys_read_process_memory(pid, address, $0.baseAddress, count) }
        return got == count ? bytes : nil
    }
}
