import DbgTestSupport
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
        get throws { try BuiltBinaries.dbg }
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

    /// The pid of the pane's process (the shell that runs dbg).
    func panePID() throws -> pid_t {
        let text = try Self.tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DelveOracle.Failure(description: "no pane pid in \(text)")
        }
        return pid
    }
    func press(_ key: String) throws { try Self.tmux(["send-keys", "-t", name, key]) }

    /// The screen, with colour escapes when `escapes`.
    func screen(escapes: Bool = false) throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Waits (up to `seconds`: generous, for a loaded machine) until the screen shows `text`;
    /// returns the screen. The screen is read once more after the deadline: a waiter that got
    /// no thread for a while (the cooperative pool busy) judges the screen as it is, not as it
    /// was before the wait.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 60) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let shown = try screen()
            if shown.contains(text) { return shown }
            guard Date() < deadline else {
                throw Failure(description: "'\(text)' did not appear in \(Int(seconds)) s; the screen shows:\n\(shown)")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    func close() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// tmux's client only hands the command to its server and returns: waited for here.
    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let output = try ProcessRunner.runOnThisThread("/usr/bin/tmux", arguments)
        guard output.status == 0 else { throw Failure(description: "tmux \(arguments.first ?? ""): \(output.text)") }
        return output.text
    }
}
