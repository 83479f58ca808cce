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
        let binary = try TerminalSession.dbgBinary
        // The shell's exec keeps the pid: it is dbg's.
        let shell = ["-c", "cd \(TerminalSession.shellQuote(directory)) && exec \"$@\"", "sh", binary]
        let pid = try ProcessRunner.spawn("/bin/sh", shell + arguments, output: outputPath)
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
