import Foundation

/// The release dbg attached to a running program of ours (Fixtures/c/tracee: two worker
/// threads calling `checksum` for about 4 s, then `calls=800 ...` and exit 0), at a
/// breakpoint on `checksum`: stopped at it, or inside a `continue` (its condition never
/// holds, so the threads keep hitting it). For the tests of how dbg ends: after dbg is
/// gone, the program must still reach its own normal end.
final class AttachedDbg {
    let program: Spawned
    let pid: pid_t
    let outputPath: String
    private let fifo: String
    private let commands: Int32

    init(continuing: Bool) throws {
        program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["400", "2", "10000"])
        usleep(200_000)
        fifo = NSTemporaryDirectory() + "dbg-commands-" + UUID().uuidString
        guard mkfifo(fifo, 0o600) == 0 else { throw DelveOracle.Failure(description: "mkfifo failed") }
        // Held open for writing, so that dbg never reads an end of input.
        commands = open(fifo, O_RDWR | O_CLOEXEC)
        outputPath = NSTemporaryDirectory() + "dbg-output-" + UUID().uuidString
        pid = try ProcessRunner.spawn(
            try TerminalSession.dbgBinary, ["attach", "\(program.pid)"], stdin: fifo, output: outputPath)
        let script = continuing ? "break checksum if i == -1\ncontinue\n" : "break checksum\ncontinue\n"
        _ = script.withCString { write(commands, $0, strlen($0)) }
        // Until dbg has stopped at the breakpoint, or is well inside its continue.
        for _ in 0..<100 {
            if continuing ? printed.contains("(dbg) continue") : printed.contains("(hits total:1)") { break }
            usleep(50_000)
        }
        usleep(300_000)
    }

    deinit {
        close(commands)
        unlink(fifo)
        unlink(outputPath)
    }

    /// What dbg printed so far (standard output and error).
    var printed: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// The id of dbg's thread named `name` (its ptrace thread is "dbg-ptrace").
    func thread(named name: String) -> pid_t? {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { Int32($0) }.first { tid in
            let comm = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }
}
