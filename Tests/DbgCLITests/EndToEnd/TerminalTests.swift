import DbgTestSupport
import Foundation
import Testing

/// dbg in a real terminal, as a person uses it (tmux): colour, history, completion, Ctrl-C.
/// Serialized: each test owns a tmux session and a debuggee, and the machine has two cores.
@Suite(.serialized) struct TerminalTests {
    @Test func colourOnATerminalAndNoneWhenPiped() async throws {
        let hello = try DelveOracle.fixture("c/hello").binary
        let session = try TerminalSession.start(["exec", hello])
        defer { session.close() }
        try await session.waitFor("(dbg)")
        try session.type("break greet")
        try session.press("Enter")
        try session.type("continue")
        try session.press("Enter")
        try await session.waitFor("=>")
        let coloured = try session.screen(escapes: true)
        #expect(coloured.unicodeScalars.contains("\u{1B}"), "no colour on a terminal: \(coloured)")

        let script = NSTemporaryDirectory() + "dbg-piped-" + UUID().uuidString
        try "break greet\ncontinue\nstack\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let piped = try await ProcessRunner.run(try TerminalSession.dbgBinary, ["exec", hello], stdin: script)
        #expect(piped.text.contains("=>"), "\(piped.text)")
        #expect(!piped.text.unicodeScalars.contains("\u{1B}"), "colour escapes in piped output")
    }

    @Test func historySurvivesARestartAndTabCompletesFunctionNames() async throws {
        let hello = try DelveOracle.fixture("c/hello").binary
        let first = try TerminalSession.start(["exec", hello])
        try await first.waitFor("(dbg)")
        try first.type("print 6 * 7")
        try first.press("Enter")
        try await first.waitFor("42")
        try first.type("exit")
        try first.press("Enter")
        // dbg saves the history at each line: the file exists from `print` on, so wait for
        // its last line, `exit`, before ending the first session.
        let history = first.home + "/state/dbg/history"
        let saved = await ServerLoadTests.eventually(seconds: 60) {
            (try? String(contentsOfFile: history, encoding: .utf8))?.split(separator: "\n").last == "exit"
        }
        first.close()
        try #require(saved, "the first session's history: \((try? String(contentsOfFile: history, encoding: .utf8)) ?? "none")")

        let second = try TerminalSession.start(["exec", hello], home: first.home)
        defer { second.close() }
        try await second.waitFor("(dbg)")
        try second.press("Up")  // "exit", the last line typed
        try await second.waitFor("(dbg) exit")
        try second.press("Up")
        try await second.waitFor("(dbg) print 6 * 7")
        try second.press("C-u")
        try second.type("break gre")
        try second.press("Tab")
        try await second.waitFor("(dbg) break greet")
    }

    @Test func ctrlCHaltsAProgramStuckInALoopAndTheSessionGoesOn() async throws {
        let loops = try DelveOracle.fixture("c/loops").binary
        let session = try TerminalSession.start(["exec", loops, "--", "forever"])
        defer { session.close() }
        try await session.continueThenHaltWithCtrlC(programUnder: try session.panePID())
    }
}
