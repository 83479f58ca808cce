import CSys
import Foundation

/// Runs a program to its end (a build, gdb, Delve, dbg itself): posix_spawn with a clean signal
/// mask, stdin from a file, stdout and stderr into one file.
///
/// `run` waits on a thread of its own. Waiting in waitpid on one of Swift's cooperative
/// threads (two on these machines) holds it for as long as the program runs: two cold builds
/// (gofmt, Lua) on a fresh machine held both for minutes, and every other test stood still
/// meanwhile; a terminal test's wait for dbg's prompt ran out without ever looking again.
public enum ProcessRunner {
    public static func run(_ path: String, _ arguments: [String], stdin: String = "/dev/null") async throws
        -> (status: Int32, text: String)
    {
        try await offThePool { try runOnThisThread(path, arguments, stdin: stdin) }
    }

    /// `run`, blocking the calling thread: only for programs that end at once (tmux's client).
    public static func runOnThisThread(_ path: String, _ arguments: [String], stdin: String = "/dev/null") throws
        -> (status: Int32, text: String)
    {
        let scratch = NSTemporaryDirectory() + "dbg-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/out"
        let pid = try spawn(path, arguments, stdin: stdin, output: outPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (CleanSpawn.exitCode(status), (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
    }

    /// Starts PATH with stdin from a file and stdout and stderr into `output`; the caller waits.
    public static func spawn(_ path: String, _ arguments: [String], stdin: String = "/dev/null", output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process's: a FIFO's writer or a socket left open in a
        // child would keep it from ever seeing an end of input or a closed connection.
        csys_spawn_actions_close_from(&actions, 3)
        return try CleanSpawn.start(path, arguments, actions: &actions)
    }

    /// Runs `work` on a thread of its own and waits for it without holding a cooperative thread.
    public static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}
