import DbgTestSupport
import Foundation
import Testing

/// dbg attached to a running program of ours (Fixtures/c/tracee: four worker threads
/// calling `checksum` for about 4 s, then `mix` once, `calls=1600 ...` and exit 0), at a
/// breakpoint on `checksum`: stopped at it, or inside a `continue` (its condition never
/// holds, so the threads keep hitting it); or, `onLastCall`, inside a `continue` with a
/// breakpoint on `mix`, which no thread reaches for seconds. For the tests of how dbg
/// ends: after dbg is gone, the program must still reach its own normal end.
final class AttachedDbg {
    let program: Spawned
    let pid: pid_t
    let outputPath: String
    private let fifo: String
    private var commands: Int32

    /// `dbgBinary`: another dbg executable (a copy without dbg-guardian beside it).
    init(continuing: Bool, onLastCall: Bool = false, dbgBinary: String? = nil) throws {
        program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["400", "4", "10000"])
        program.waitForThreads(5)
        fifo = NSTemporaryDirectory() + "dbg-commands-" + UUID().uuidString
        guard mkfifo(fifo, 0o600) == 0 else { throw DelveOracle.Failure(description: "mkfifo failed") }
        // Held open for writing, so that dbg reads an end of input only from `endInput`.
        commands = open(fifo, O_RDWR | O_CLOEXEC)
        outputPath = NSTemporaryDirectory() + "dbg-output-" + UUID().uuidString
        pid = try ProcessRunner.spawn(
            try dbgBinary ?? TerminalSession.dbgBinary, ["attach", "\(program.pid)"], stdin: fifo, output: outputPath)
        let script = onLastCall ? "break mix\ncontinue\n"
            : continuing ? "break checksum if i == -1\ncontinue\n" : "break checksum\ncontinue\n"
        _ = script.withCString { write(commands, $0, strlen($0)) }
        // Until dbg has stopped the program at the breakpoint, or has let it run in its continue.
        Eventually.wait {
            continuing || onLastCall
                ? printed.contains("(dbg) continue") && ProcessState.isRunning(program.pid)
                : printed.contains("(hits total:1)") && ProcessState.isTraceStopped(program.pid)
        }
    }

    deinit {
        if commands >= 0 { close(commands) }
        unlink(fifo)
        unlink(outputPath)
    }

    /// Types LINE at dbg's prompt.
    func send(_ line: String) {
        _ = (line + "\n").withCString { write(commands, $0, strlen($0)) }
    }

    /// Closes dbg's standard input: it reads an end of input.
    func endInput() {
        close(commands)
        commands = -1
    }

    /// Waits for the program's own end (30 s at most, then it is killed) and checks it is
    /// the normal one: every call made, exit status 0, nothing of dbg's left in it.
    func expectProgramEndsNormally(sourceLocation: SourceLocation = #_sourceLocation) {
        let finished = program.wait(seconds: 30)
        #expect(finished.status == 0, "the program: \(finished.text)", sourceLocation: sourceLocation)
        #expect(finished.text.contains("calls=1600 "), "\(finished.text)", sourceLocation: sourceLocation)
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
