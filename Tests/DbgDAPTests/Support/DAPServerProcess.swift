import DbgTestSupport
import Foundation

/// `ADAPTER dap --listen 127.0.0.1:0` running in the background (spawned as ProcessRunner does:
/// clean signal mask, stdout and stderr into a file), with the port it printed.
///
/// Not Sendable: a test owns it in its one task (start, talk, waitForExit, stop in a defer).
final class DAPServerProcess {
    let adapter: Adapter
    let pid: pid_t
    let port: UInt16
    let outputPath: String
    private let scratch: String
    private var status: ExitStatus?

    enum ExitStatus: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)
        var description: String {
            switch self {
            case .exited(let code): return "exited with status \(code)"
            case .signaled(let signal): return "killed by signal \(signal)"
            }
        }
    }

    static let listeningPrefix = "DAP server listening at: "
    static let headlessPrefix = "API server listening at: "

    /// Starts the adapter in `directory` and waits (up to `seconds`, polling its output, holding
    /// no pool thread) for the listening line.
    /// `arguments` instead of `dap --listen 127.0.0.1:0` (a headless server, which prints
    /// `headlessPrefix` instead).
    static func start(_ adapter: Adapter, directory: String = Fixtures.repositoryRoot, seconds: Double = 30,
                      arguments: [String]? = nil) async throws -> DAPServerProcess
    {
        let listeningPrefix = arguments == nil ? listeningPrefix : headlessPrefix
        let scratch = NSTemporaryDirectory() + "dbg-dap-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let outputPath = scratch + "/out"
        let binary = try adapter.binary
        // The shell's exec keeps the pid: it is the adapter's.
        let shell = ["-c", "cd \(ToolRun.shellQuoted(directory)) && exec \"$@\"", "sh", binary]
        let pid = try ProcessRunner.spawn("/bin/sh", shell + (arguments ?? ["dap", "--listen", "127.0.0.1:0"]), output: outputPath)
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(listeningPrefix) }) {
                let address = line.dropFirst(listeningPrefix.count).trimmingCharacters(in: .whitespaces)
                guard let port = address.split(separator: ":").last.flatMap({ UInt16($0) }), port != 0 else {
                    kill(pid, SIGKILL)
                    _ = Spawned.exitStatus(of: pid)
                    throw Adapter.Unavailable(description: "\(adapter) printed no usable port: \(line)")
                }
                return DAPServerProcess(adapter: adapter, pid: pid, port: port, outputPath: outputPath, scratch: scratch)
            }
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                throw Adapter.Unavailable(description: "\(adapter) ended before listening: \(text)")
            }
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = Spawned.exitStatus(of: pid)
                throw Adapter.Unavailable(description: "\(adapter) did not say where it listens within \(seconds) s: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private init(adapter: Adapter, pid: pid_t, port: UInt16, outputPath: String, scratch: String) {
        self.adapter = adapter
        self.pid = pid
        self.port = port
        self.outputPath = outputPath
        self.scratch = scratch
    }

    /// A client connected to this adapter.
    func connect() throws -> DAPTestClient { try DAPTestClient.connect(port: port, label: adapter.description) }

    /// What the adapter (and, for Delve, the debugged program) printed.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// How the adapter ended, once it ends by itself (nil if still running after `seconds`).
    func waitForExit(seconds: Double = 20) async -> ExitStatus? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let status = reap() { return status }
            guard Date() < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func reap() -> ExitStatus? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let signal = raw & 0x7f
        status = signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
        return status
    }

    /// Kills the adapter if it is still running (its launched program dies with it) and
    /// removes the scratch directory. Only this pid: other people's adapters run here too.
    func stop() {
        if reap() == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            status = .signaled(SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
