import Glibc

/// The kernel's uprobe PMU: its type number, from sysfs. Present when the kernel has
/// CONFIG_UPROBE_EVENTS; whether perf_event_open is allowed is another question
/// (`UprobeEventSet` finds out by trying).
public enum UprobePMU {
    public static let typePath = "/sys/bus/event_source/devices/uprobe/type"

    /// The PMU type for perf_event_attr.type, nil when the kernel has no uprobe PMU.
    public static var type: UInt32? {
        guard let text = ProcFile.text(typePath) else { return nil }
        return UInt32(text.split(separator: "\n").first.map(String.init) ?? "")
    }

    /// The CPUs the kernel has online ("0-1,4" in /sys/devices/system/cpu/online): per-CPU
    /// events are opened on each.
    public static var onlineCPUs: [Int32] {
        guard let text = ProcFile.text("/sys/devices/system/cpu/online") else {
            return (0..<Int32(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))).map { $0 }
        }
        var cpus: [Int32] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "\n" }) {
            let bounds = part.split(separator: "-").compactMap { Int32($0) }
            if bounds.count == 2, bounds[0] <= bounds[1] { cpus += Array(bounds[0]...bounds[1]) }
            else if bounds.count == 1 { cpus.append(bounds[0]) }
        }
        return cpus.isEmpty ? [0] : cpus
    }
}
