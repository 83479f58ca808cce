import Foundation

/// What /proc says of a process: its threads and their scheduler states, its pending signals.
public enum ProcessState {
    /// The state letter of each thread ("R" running, "S" sleeping, "t" stopped by its tracer).
    public static func threadStates(of pid: pid_t) -> [Character] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { tid in
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8)) ?? ""
            // "TID (COMM) STATE ...": COMM may hold blanks and parentheses, so after the last ")".
            return stat.split(separator: ")").last?.dropFirst().first
        }
    }

    /// Every thread stopped by its tracer (dbg stopped the program).
    public static func isTraceStopped(_ pid: pid_t) -> Bool {
        let states = threadStates(of: pid)
        return !states.isEmpty && states.allSatisfy { $0 == "t" }
    }

    /// Some thread out of its tracer's stop (dbg let the program run).
    public static func isRunning(_ pid: pid_t) -> Bool {
        threadStates(of: pid).contains { $0 != "t" }
    }

    /// Whether some thread still has a tracer (TracerPid in its status).
    public static func isTraced(_ pid: pid_t) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { tid in
            let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/status", encoding: .utf8)) ?? ""
            return status.split(separator: "\n").contains { $0.hasPrefix("TracerPid:") && !$0.hasSuffix("\t0") }
        }
    }

    /// Clock ticks of CPU the process has used (utime + stime, usually 100 a second): a
    /// program that spins has passed its start-up once it has used some.
    public static func cpuTicks(of pid: pid_t) -> Int {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // After "(COMM) ": state is field 3, utime 14 and stime 15 (1-based, whole line).
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }

    /// Whether `signal` waits, not yet taken, for the process or one of its threads.
    public static func isPending(_ signal: Int32, in pid: pid_t) -> Bool {
        let bit = UInt64(1) << UInt64(signal - 1)
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.contains { tid in
            let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/status", encoding: .utf8)) ?? ""
            return status.split(separator: "\n").contains { line in
                guard line.hasPrefix("SigPnd:") || line.hasPrefix("ShdPnd:"),
                    let mask = UInt64(line.split(separator: "\t").last ?? "", radix: 16)
                else { return false }
                return mask & bit != 0
            }
        }
    }

    /// The first process called `name` (its /proc comm) among `root`'s descendants: the
    /// program a dbg runs, behind a shell, a terminal or a server.
    public static func descendant(of root: pid_t, named name: String) -> pid_t? {
        var queue = [root]
        var visited = 0
        while !queue.isEmpty, visited < 10_000 {
            let pid = queue.removeFirst()
            visited += 1
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            if pid != root, comm.trimmingCharacters(in: .whitespacesAndNewlines) == name { return pid }
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for tid in tasks {
                let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/children", encoding: .utf8)) ?? ""
                queue += children.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
        }
        return nil
    }
}
