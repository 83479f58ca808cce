import CSys
import Foundation

/// The real `dbg` binary in a real terminal (tmux), typed at as a person would.
struct TerminalSession {
    let name: String
    let home: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The dbg built beside this test bundle (swift build puts both in one directory).
    static var dbgBinary: String {
        get throws {
            let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for candidate in [bundleDirectory.appendingPathComponent("dbg").path,
                              bundleDirectory.deletingLastPathComponent().appendingPathComponent("dbg").path]
            where FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            throw Failure(description: "the dbg binary is not built next to the tests (run swift build first)")
        }
    }

    /// Starts `dbg ARGS` in a detached tmux session with its own HOME (history, config).
    static func start(_ arguments: [String], home: String? = nil) throws -> TerminalSession {
        let home = home ?? NSTemporaryDirectory() + "dbg-home-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let name = "dbgtest-" + UUID().uuidString.prefix(8)
        // -u NO_COLOR: a pane inherits the tmux server's environment, which came from
        // whoever started it (a test runner may set NO_COLOR).
        let command = ["env", "-u", "NO_COLOR", "HOME=\(home)", "XDG_STATE_HOME=\(home)/state", "XDG_CONFIG_HOME=\(home)/config",
                       "TERM=xterm-256color", try dbgBinary] + arguments
        try tmux(["new-session", "-d", "-s", name, "-x", "160", "-y", "50", "-c", DelveOracle.repositoryRoot]
                 + [command.map(shellQuote).joined(separator: " ")])
        return TerminalSession(name: name, home: home)
    }

    func type(_ text: String) throws { try Self.tmux(["send-keys", "-t", name, "-l", text]) }
    func press(_ key: String) throws { try Self.tmux(["send-keys", "-t", name, key]) }

    /// The screen, with colour escapes when `escapes`.
    func screen(escapes: Bool = false) throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Waits (up to `seconds`: generous, for a loaded machine) until the screen shows `text`;
    /// returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw Failure(description: "'\(text)' did not appear; the screen shows:\n\(last)")
    }

    func close() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let output = try ProcessRunner.run("/usr/bin/tmux", arguments)
        guard output.status == 0 else { throw Failure(description: "tmux \(arguments.first ?? ""): \(output.text)") }
        return output.text
    }
}

/// posix_spawn with a clean signal mask and output to a file (see LiveSession's GDBOracle).
enum ProcessRunner {
    static func run(_ path: String, _ arguments: [String], stdin: String = "/dev/null") throws -> (status: Int32, text: String) {
        let scratch = NSTemporaryDirectory() + "dbg-run-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/out"
        let pid = try spawn(path, arguments, stdin: stdin, output: outPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
    }

    /// Starts PATH with stdin from a file and stdout and stderr into `output`; the caller waits.
    static func spawn(_ path: String, _ arguments: [String], stdin: String = "/dev/null", output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test process's: a FIFO's writer or a socket left open in a
        // child would keep it from ever seeing an end of input or a closed connection.
        csys_spawn_actions_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = ([path] + arguments).map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw TerminalSession.Failure(description: "cannot run \(path)") }
        return pid
    }
}
