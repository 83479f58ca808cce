import Foundation
import Synchronization

/// A server program (dbg headless, dbg dap, dlv dap, Delve's headless server) run in the
/// background for a test: started in a directory through a shell that execs it (so the pid
/// is the server's), spawned as ProcessRunner spawns (clean signal state, stdout and stderr
/// into a scratch file), with the address from the line it prints when it listens.
public final class BackgroundServer: Sendable {
    public let pid: pid_t
    public let outputPath: String
    /// What followed the listening line's prefix (`127.0.0.1:PORT`, `unix:PATH`).
    public let address: String
    private let scratch: String
    /// The raw wait status, once reaped.
    private let waitStatus = Mutex<Int32?>(nil)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `binary ARGUMENTS` in `directory` and waits (up to `seconds`, polling its output,
    /// holding no pool thread) for a line starting with `listeningPrefix`. `name` names the
    /// server in failures.
    public static func start(_ binary: String, _ arguments: [String], directory: String, listeningPrefix: String,
                             name: String, seconds: Double = 30) async throws -> BackgroundServer
    {
        let scratch = NSTemporaryDirectory() + "dbg-server-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let outputPath = scratch + "/out"
        let shell = ["-c", "cd \(ToolRun.shellQuoted(directory)) && exec \"$@\"", "sh", binary]
        let pid = try ProcessRunner.spawn("/bin/sh", shell + arguments, output: outputPath)
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(listeningPrefix) }) {
                let address = line.dropFirst(listeningPrefix.count).trimmingCharacters(in: .whitespaces)
                return BackgroundServer(pid: pid, outputPath: outputPath, address: address, scratch: scratch)
            }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                try? FileManager.default.removeItem(atPath: scratch)
                throw Failure(description: "\(name) ended before listening: \(text)")
            }
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = Spawned.exitStatus(of: pid)
                try? FileManager.default.removeItem(atPath: scratch)
                throw Failure(description: "\(name) did not say where it listens within \(seconds) s: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private init(pid: pid_t, outputPath: String, address: String, scratch: String) {
        self.pid = pid
        self.outputPath = outputPath
        self.address = address
        self.scratch = scratch
    }

    /// The port of a TCP address; nil for another kind, or no number.
    public var port: UInt16? { address.split(separator: ":").last.flatMap { UInt16($0) } }

    /// What the server (and the programs it ran there) printed.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The raw wait status once the server ends by itself (nil if it still runs after `seconds`).
    public func waitForExit(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let status = reap() { return status }
            guard Date() < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The raw wait status if the server has ended (without waiting).
    private func reap() -> Int32? {
        waitStatus.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            status = raw
            return raw
        }
    }

    /// Kills the server if it still runs (a program it launched dies with it) and removes
    /// the scratch directory. Only this pid: other people's servers run here too.
    public func stop() {
        if reap() == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            waitStatus.withLock { $0 = raw }
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
