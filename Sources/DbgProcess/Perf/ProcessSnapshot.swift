import Glibc

/// What /proc says of a process dbg watches without tracing it (the uprobe tracer's
/// attached programs): its threads, its binary, its mappings, whether it still lives.
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

    /// True while the process exists and is not a zombie.
    public static func isAlive(_ pid: Int32) -> Bool {
        guard let status = ProcFile.text("/proc/\(pid)/status") else { return false }
        return ProcFile.statusField(status, "State")?.hasPrefix("Z") != true
    }
}
