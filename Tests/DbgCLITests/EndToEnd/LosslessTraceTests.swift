import DbgTestSupport
import Foundation
import Testing

/// `dbg trace` reports every call and return whatever the machine's load and however slowly
/// its output is read: when its reader falls behind, the program waits. `--lossy` never
/// makes it wait, and then counts exactly what it dropped. Each run: Fixtures/c/tracee's
/// two threads calling `checksum` as fast as they can, a CPU-bound process beside it, and
/// the trace's output read by a pipe that starts reading only after two seconds.
@Suite(.serialized) struct LosslessTraceTests {
    /// The trace's summary line and how many call lines came through the slow pipe.
    static func traceBesideABusyProcess(_ options: [String], callsPerThread: Int) async throws
        -> (summary: String, callLines: Int, programOutput: String)
    {
        let busy = try Spawned("/bin/sh", ["-c", "while :; do :; done"])
        defer {
            kill(busy.pid, SIGKILL)
            _ = busy.wait()
        }
        let arguments = [try TerminalSession.dbgBinary, "trace"] + options + [
            "--exec", try TraceCommandTests.fixture("c/tracee"), "^checksum$", "--", "\(callsPerThread)", "2", "0",
        ]
        let command = arguments.map(TerminalSession.shellQuote).joined(separator: " ")
        let run = try await ProcessRunner.run("/bin/sh", ["-c", "\(command) 2>&1 | (sleep 2; cat)"])
        let lines = run.text.split(separator: "\n").map(String.init)
        return (lines.first { $0.hasPrefix("Trace summary") } ?? "", lines.filter { $0.hasPrefix("> thread(") }.count,
                lines.first { $0.hasPrefix("calls=") } ?? "")
    }

    /// The default backend (inject here: every probe of `checksum` can be patched), and uprobe.
    @Test(arguments: [nil, "uprobe"])
    func everyEventIsReportedByDefault(backend: String?) async throws {
        let total = 200_000
        let run = try await Self.traceBesideABusyProcess(backend.map { ["--backend", $0] } ?? [], callsPerThread: total / 2)
        #expect(run.programOutput.hasPrefix("calls=\(total) "))
        #expect(run.summary == "Trace summary (\(backend ?? "inject")): \(total) calls, \(total) returns", "\(run.summary)")
        #expect(run.callLines == total)
    }

    /// More calls than the ring buffers and the lossy reader's bounded backlog hold together
    /// (about 600,000 samples), so that some must be dropped.
    @Test func lossyCountsExactlyWhatItDropped() async throws {
        let total = 1_000_000
        let run = try await Self.traceBesideABusyProcess(["--lossy"], callsPerThread: total / 2)
        #expect(run.programOutput.hasPrefix("calls=\(total) "))
        let numbers = TraceCommandTests.integers(in: run.summary[...])
        try #require(numbers.count == 3, "\(run.summary)")
        #expect(numbers[0] == run.callLines, "calls counted are calls shown")
        // Every call and return is either shown or counted as lost.
        #expect(numbers[0] + numbers[1] + numbers[2] == 2 * total, "\(run.summary)")
        #expect(numbers[2] > 0, "the slow reader made the lossy trace drop events: \(run.summary)")
    }
}
