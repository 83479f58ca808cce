import Foundation

/// A process started without waiting for it (output to a file), with a clean signal state.
public final class Spawned {
    public let pid: pid_t
    private let output: String

    public init(_ path: String, _ arguments: [String]) throws {
        output = NSTemporaryDirectory() + "dbg-spawned-" + UUID().uuidString
        pid = try ProcessRunner.spawn(path, arguments, output: output)
    }

    /// Waits (30 s at most) until it runs `count` threads: a program of ours has started its workers.
    public func waitForThreads(_ count: Int) {
        Eventually.wait { ProcessState.threadStates(of: pid).count >= count }
    }

    /// `waitForThreads`, holding no thread of the cooperative pool.
    public func waitForThreads(_ count: Int) async {
        await Eventually.wait { ProcessState.threadStates(of: pid).count >= count }
    }

    /// What it printed so far.
    public var printed: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    /// Waits for the end: the exit status (128 + signal) and everything it printed. After
    /// `seconds` (if given) the process is killed, and its status says SIGKILL.
    public func wait(seconds: Double? = nil) -> (status: Int32, text: String) {
        let code = Self.exitStatus(of: pid, seconds: seconds)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// Waits for a child's end and returns its exit status (128 + signal). After `seconds`
    /// (if given) it is killed first, so a stuck process fails a test instead of hanging it.
    public static func exitStatus(of pid: pid_t, seconds: Double? = nil) -> Int32 {
        var status: Int32 = 0
        if let seconds {
            let deadline = Date().addingTimeInterval(seconds)
            while waitpid(pid, &status, WNOHANG) == 0 {
                if Date() >= deadline {
                    kill(pid, SIGKILL)
                    break
                }
                usleep(50_000)
            }
        }
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return CleanSpawn.exitCode(status)
    }
}
