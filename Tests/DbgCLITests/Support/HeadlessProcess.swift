import Foundation

/// `dbg exec --headless ...` running in the background (spawned as ProcessRunner does: clean
/// signal mask, output to a file), with the address it printed.
final class HeadlessProcess: @unchecked Sendable {
    // @unchecked: every stored property is a `let` set in init; `status` is written once, by
    // `waitForExit`, which tests call from one task.
    let pid: pid_t
    let outputPath: String
    let address: String
    private let scratch: String
    private var status: Int32?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `dbg ARGUMENTS` in DIRECTORY and waits (up to 30 s) for "API server listening at: ".
    init(_ arguments: [String], directory: String = DelveOracle.repositoryRoot) throws {
        scratch = NSTemporaryDirectory() + "dbg-headless-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        outputPath = scratch + "/out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let binary = try TerminalSession.dbgBinary
        // The shell's exec keeps the pid: it is dbg's.
        let shell = ["/bin/sh", "-c", "cd \(TerminalSession.shellQuote(directory)) && exec \"$@\"", "sh", binary]
        var cArguments = (shell + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ) == 0 else {
            throw Failure(description: "cannot run \(binary)")
        }
        self.pid = pid
        let prefix = "API server listening at: "
        var found: String?
        for _ in 0..<300 {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                found = String(line.dropFirst(prefix.count))
                break
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw Failure(description: "dbg ended before listening: \(text)")
            }
            usleep(100_000)
        }
        guard let found else {
            kill(pid, SIGKILL)
            throw Failure(description: "dbg did not say where it listens")
        }
        address = found
    }

    var port: UInt16 { UInt16(address.split(separator: ":").last ?? "") ?? 0 }
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The exit status once dbg ends by itself (nil if it is still running after `seconds`).
    func waitForExit(seconds: Double = 20) -> Int32? {
        if let status { return status }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                return status
            }
            usleep(50_000)
        }
        return nil
    }

    /// Ends dbg if it is still running (its program dies with it: a launched tracee is killed).
    func stop() {
        if waitForExit(seconds: 0) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(seconds: 10)
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
