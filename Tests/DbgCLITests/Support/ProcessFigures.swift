import Foundation

/// What a running process costs, read from /proc: for the tests that abuse the server, whose
/// memory and descriptors must stay bounded (generous limits, never timings).
enum ProcessFigures {
    /// Resident memory now (VmRSS), in KiB.
    static func residentKiB(_ pid: pid_t) -> Int? { statusField("VmRSS", pid) }

    /// The most resident memory so far (VmHWM), in KiB.
    static func peakResidentKiB(_ pid: pid_t) -> Int? { statusField("VmHWM", pid) }

    /// Open file descriptors.
    static func openDescriptors(_ pid: pid_t) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).count
    }

    /// Waits (up to `seconds`) until `pid` has at most `limit` descriptors open; the last count.
    static func waitForDescriptors(_ pid: pid_t, atMost limit: Int, seconds: Double = 10) async -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var count = openDescriptors(pid)
        while count > limit && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            count = openDescriptors(pid)
        }
        return count
    }

    private static func statusField(_ name: String, _ pid: pid_t) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
