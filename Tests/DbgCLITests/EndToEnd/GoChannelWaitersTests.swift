import Foundation
import Testing

/// `goroutines -chan EXPR`: only the goroutines waiting on a channel, on Fixtures/go/goroutines
/// stopped in inspect. Delve 1.20 has no `-chan` ("wrong argument"), so the oracle is Delve
/// reading the same thing itself: the channel's wait queues (`recvq`, `sendq`: lists of sudogs
/// whose `g.goid` waits), then its own `goroutines` lines for those goroutines. Goroutine ids
/// differ between the two runs (the runtime starts a different number of goroutines under
/// each debugger), so lines are compared without them.
@Suite struct GoChannelWaitersTests {
    /// (command prefix, channel expression): waiters receiving, three workers on one channel
    /// (one frame up), a select, a buffered channel nobody waits on, a value that is not a
    /// channel.
    static let channels = [("", "unbuf"), ("frame 1 ", "jobs"), ("", "main.quit"), ("", "buffered"), ("", "discount")]
    static let stop = ["break main.go:203", "continue"]

    @Test func waitersAreWhatTheQueuesHold() async throws {
        let ours = try await LiveSession.run(
            "go/goroutines",
            commands: Self.stop + Self.channels.map { "\($0.0)goroutines -chan \($0.1)" } + ["goroutines -chan nosuch", "goroutines -chan"])
        // Delve walks each queue itself, four waiters deep at most (the fixture has three).
        var walks: [String] = []
        for (prefix, channel) in Self.channels {
            for queue in ["recvq", "sendq"] {
                for depth in 0..<4 {
                    walks.append("\(prefix)print \(channel).\(queue).first" + String(repeating: ".next", count: depth) + ".g.goid")
                }
            }
        }
        let delve = try await Self.delveOutputs(Self.stop + ["goroutines", "print nosuch"] + walks)
        let delveGoroutines = delve[2].split(separator: "\n").map(String.init)
        for (index, (prefix, channel)) in Self.channels.enumerated() {
            let walked = delve[(4 + index * 8)..<(4 + (index + 1) * 8)]
            let ids = Set(walked.compactMap { Int($0) })
            let expected = delveGoroutines.filter { line in ids.contains { line.hasPrefix("  Goroutine \($0) - ") } }
            let shown = ours.output(of: "\(prefix)goroutines -chan \(channel)").split(separator: "\n").map(String.init)
            #expect(Self.withoutIDs(shown.filter { $0.hasPrefix("  Goroutine ") }) == Self.withoutIDs(expected), "\(channel): \(shown)")
            let count = shown.last { $0.hasPrefix("[") }
            #expect(count == (ids.isEmpty ? nil : "[\(ids.count) goroutine\(ids.count == 1 ? "" : "s")]"), "\(channel): \(shown)")
        }
        #expect(ours.output(of: "frame 1 goroutines -chan jobs").components(separatedBy: "main.worker").count == 4)
        #expect(Self.trimmed(ours.output(of: "goroutines -chan nosuch")) == GoStepIntoTests.comparable(delve[3]))
        #expect(Self.trimmed(ours.output(of: "goroutines -chan")) == "Command failed: not enough arguments after -chan")
    }

    static func trimmed(_ text: String) -> String {
        text.split(separator: "\n").joined(separator: "\n")
    }

    /// What Delve printed for each command, as printed (goroutine lines start with spaces).
    static func delveOutputs(_ script: [String]) async throws -> [String] {
        let (binary, _) = try DelveOracle.fixture("go/goroutines")
        var marked: [String] = []
        for (index, command) in script.enumerated() { marked += ["print \"=\(index)=\"", command] }
        let sections = DelveOracle.sections(try await DelveOracle.run(
            binary: binary, directory: DelveOracle.repositoryRoot, script: marked + ["exit"], programOutput: DelveOracle.programOutputPath()))
        return script.indices.map { (sections[String($0)] ?? []).joined(separator: "\n") }
    }

    static func withoutIDs(_ lines: [String]) -> [String] {
        lines.map { $0.replacingOccurrences(of: #"^  Goroutine \d+ "#, with: "  Goroutine N ", options: .regularExpression) }.sorted()
    }
}
