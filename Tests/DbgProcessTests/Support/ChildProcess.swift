import DbgTestSupport
import Foundation

/// Programs started by the tests themselves, outside the debugger (with `CleanSpawn`).
struct ChildProcess {
    let pid: pid_t

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `path` with `arguments`; standard input comes from `stdinFD` and standard
    /// output goes to `stdoutFD` (or /dev/null), standard error to /dev/null.
    static func spawn(_ path: String, _ arguments: [String], stdinFD: Int32? = nil, stdoutFD: Int32? = nil) throws
        -> ChildProcess
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinFD {
            posix_spawn_file_actions_adddup2(&actions, stdinFD, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdoutFD {
            posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let pid = try CleanSpawn.start(path, arguments, actions: &actions)
        return ChildProcess(pid: pid)
    }

    /// Waits for the end; the exit code, or 128 + the signal. Polls (WNOHANG) with
    /// Task.sleep rather than blocking a thread of the small cooperative pool.
    func wait() async -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return -1 }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return CleanSpawn.exitCode(status)
    }

    func kill() { _ = Foundation.kill(pid, SIGKILL) }

    /// Polls `condition` (a state, never a duration) until it holds; throws after a
    /// generous bound so a broken test fails instead of hanging. Sleeps with Task.sleep:
    /// blocking a thread of the (two-thread) cooperative pool would starve other tests.
    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<20_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw Failure(description: "gave up waiting until \(what)")
    }
}
