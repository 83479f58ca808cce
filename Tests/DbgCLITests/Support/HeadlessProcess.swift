import DbgTestSupport
import Foundation

/// `dbg exec --headless ...` running in the background (spawned as ProcessRunner does: clean
/// signal mask, output to a file), with the address it printed.
final class HeadlessProcess: @unchecked Sendable {
    // @unchecked: every stored property is a `let` except `status`, written by `reap`, which
    // a test calls from its one task (waitForExit, then stop in a defer), never concurrently.
    let pid: pid_t
    let outputPath: String
    let address: String
    private let scratch: String
    private var status: Int32?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `dbg ARGUMENTS` in DIRECTORY and waits (up to 30 s, without holding a pool
    /// thread) for "API server listening at: ".
    /// `program`: another headless server to run instead of dbg (Delve, to check `dbg connect` against it).
    static func start(_ arguments: [String], directory: String = DelveOracle.repositoryRoot, program: String? = nil)
        async throws -> HeadlessProcess
    {
        let scratch = NSTemporaryDirectory() + "dbg-headless-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let outputPath = scratch + "/out"
        let binary = try program ?? TerminalSession.dbgBinary
        // The shell's exec keeps the pid: it is dbg's.
        let shell = ["-c", "cd \(TerminalSession.shellQuote(directory)) && exec \"$@\"", "sh", binary]
        let pid = try ProcessRunner.spawn("/bin/sh", shell + arguments, output: outputPath)
        let prefix = "API server listening at: "
        for _ in 0..<300 {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return HeadlessProcess(pid: pid, outputPath: outputPath, address: String(line.dropFirst(prefix.count)), scratch: scratch)
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw Failure(description: "dbg ended before listening: \(text)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(pid, SIGKILL)
        throw Failure(description: "dbg did not say where it listens")
    }

    private init(pid: pid_t, outputPath: String, address: String, scratch: String) {
        self.pid = pid
        self.outputPath = outputPath
        self.address = address
        self.scratch = scratch
    }

    var port: UInt16 { UInt16(address.split(separator: ":").last ?? "") ?? 0 }
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The exit status once dbg ends by itself (nil if it is still running after `seconds`).
    func waitForExit(seconds: Double = 20) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let status = reap() { return status }
            guard Date() < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The exit status if dbg has ended (without waiting).
    private func reap() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return status
    }

    /// Ends dbg if it is still running (its program dies with it: a launched tracee is killed).
    func stop() {
        if reap() == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        }
        try? FileManager.default.removeItem(atPath: scratch)
    }
}
