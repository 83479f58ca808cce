import DbgTestSupport
import Foundation
import Testing

/// A real editor: Emacs dap-mode (Debian's emacs-nox and elpa-dap-mode, run in `emacs
/// --batch`) drives the adapter through Emacs/dap-session.el: a breakpoint set in the source
/// buffer, the stop, stack, scopes and variables, an evaluation, `next`, `continue` to the
/// end. On a Go program the same script runs against dlv dap and the two transcripts must be
/// the same; on a C program (which Delve cannot debug) the transcript is checked against what
/// the fixture's source says.
@Suite(.serialized) struct EmacsDAPModeTests {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static let script = Fixtures.repositoryRoot + "/Tests/DbgDAPTests/Emacs/dap-session.el"

    /// Runs the script against `adapter` and returns its transcript.
    static func session(_ adapter: Adapter, program: String, source: String, line: Int, expression: String) async throws
        -> [String]
    {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/emacs"),
              FileManager.default.fileExists(atPath: "/usr/share/emacs/site-lisp/elpa/dap-mode-0.7/dap-mode.el")
                || (try? FileManager.default.contentsOfDirectory(atPath: "/usr/share/emacs/site-lisp/elpa"))?
                    .contains(where: { $0.hasPrefix("dap-mode-") }) == true
        else {
            throw Unavailable(description: "Emacs dap-mode is not installed: run `make deps` (emacs-nox, elpa-dap-mode)")
        }
        let server = try await DAPServerProcess.start(adapter)
        defer { server.stop() }
        let scratch = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let transcript = scratch + "/transcript"
        // HOME in the scratch directory: Emacs writes its state there, not in the user's.
        let (status, text) = try await ProcessRunner.run("/usr/bin/env", [
            "HOME=\(scratch)", "DAP_PORT=\(server.port)", "DAP_PROGRAM=\(program)", "DAP_SOURCE=\(source)",
            "DAP_LINE=\(line)", "DAP_EXPRESSION=\(expression)", "DAP_TRANSCRIPT=\(transcript)",
            "/usr/bin/emacs", "--batch", "-l", script,
        ])
        let lines = ((try? String(contentsOfFile: transcript, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(status == 0, "emacs against \(adapter) exited \(status): \(lines)\n\(text.suffix(3000))\n\(server.output.suffix(2000))")
        return lines
    }

    @Test func goProgramAsUnderDlvDap() async throws {
        let program = try Fixtures.binary("go/stepping")
        let source = Fixtures.source("go/stepping/main.go")
        let dbg = try await Self.session(.dbg, program: program, source: source, line: 34, expression: "y + 1")
        let delve = try await Self.session(.delve, program: program, source: source, line: 34, expression: "y + 1")
        #expect(dbg == delve, "dbg:\n\(dbg.joined(separator: "\n"))\n\ndlv dap:\n\(delve.joined(separator: "\n"))")
        #expect(dbg.first == "stopped at main.go:34 in main.main", "\(dbg)")
        #expect(dbg.contains("variable y = 2") && dbg.contains("evaluate y + 1 = 3"), "\(dbg)")
        #expect(dbg.contains("after next at main.go:35 in main.main") && dbg.last == "terminated", "\(dbg)")
    }

    /// Fixtures/c/hello.c: greet("world") stops at its first line; `name` is "world" and
    /// `length` not yet counted; next goes to the loop's test; greet's second call stops once
    /// more; the program ends by itself.
    @Test func cProgram() async throws {
        let program = try Fixtures.binary("c/hello")
        let source = Fixtures.source("c/hello.c")
        let lines = try await Self.session(.dbg, program: program, source: source, line: 12, expression: "name[1]")
        #expect(lines.first == "stopped at hello.c:12 in greet", "\(lines)")
        #expect(lines.contains("frame greet") && lines.contains("frame main"), "\(lines)")
        #expect(lines.contains("scope Locals"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("variable name = ") && $0.contains("\"world\"") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("variable length = ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("evaluate name[1] = ") && $0.contains("111") }, "'o' is 111: \(lines)")
        #expect(lines.contains("after next at hello.c:13 in greet"), "\(lines)")
        #expect(lines.filter { $0 == "stopped again at hello.c:12 in greet" }.count == 1, "greet runs twice: \(lines)")
        #expect(lines.last == "terminated", "\(lines)")
    }
}
