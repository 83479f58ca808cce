import Foundation

/// The Go differential corpus (Fixtures/corpus/go): small programs of our own, each with the
/// debugging session it was written for in its doc comment, as gofmt lays out a code block:
///
///     // session:
///     //
///     //	break main.leaf
///     //	continue
///
/// The session runs under dbg and under Delve; what each command printed is compared. To add
/// a program: write NAME/main.go with its session, `make fixtures`, run GoCorpusTests, and
/// list in its tables whatever differs on purpose or by a defect not yet fixed.
enum GoCorpus {
    static let sourceRoot = DelveOracle.repositoryRoot + "/Fixtures/corpus/go"

    /// The programs, by directory name, sorted.
    static let programs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sourceRoot)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: sourceRoot + "/" + $0 + "/main.go") }.sorted()
    }()

    /// The session of one program: the lines under "// session:" (after gofmt's empty "//"),
    /// each indented by a tab. `$DIR` stands for the program's source directory (for absolute
    /// paths).
    static func session(of program: String) throws -> [String] {
        let directory = sourceRoot + "/" + program
        let source = try String(contentsOfFile: directory + "/main.go", encoding: .utf8)
        var commands: [String] = []
        var inSession = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "// session:" {
                inSession = true
            } else if inSession, line == "//", commands.isEmpty {
                continue
            } else if inSession, line.hasPrefix("//\t") {
                commands.append(String(line.dropFirst(3)).replacingOccurrences(of: "$DIR", with: directory))
            } else if inSession {
                break
            }
        }
        guard !commands.isEmpty else { throw DelveOracle.Failure(description: "\(program)/main.go has no session") }
        return commands
    }

    /// The session under Delve, in the program's directory. Each command is preceded by a
    /// marker that is not a command: Delve reports it as "SCRIPT:LINE: command not available"
    /// (or, once the program has exited, "SCRIPT:LINE: Process N has exited..."), so the
    /// marker's line number cuts the output into commands even when nothing can be printed.
    /// Errors of the commands themselves come as "SCRIPT:LINE: message": the message is kept.
    /// The program's own output goes to a file, apart from Delve's.
    static func underDelve(_ program: String, commands: [String]) async throws -> [String] {
        let (binary, directory) = try DelveOracle.fixture("corpus/go/" + program)
        return try await underDelve(binary: binary, directory: directory, arguments: [], commands: commands)
    }

    /// Any program under Delve, as above: run in `directory`, with `arguments`.
    static func underDelve(binary: String, directory: String, arguments: [String], commands: [String]) async throws -> [String] {
        let scratch = NSTemporaryDirectory() + "dbg-corpus-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let programOutput = scratch + "/program-output"
        let script = commands.flatMap { ["corpus-marker", $0] } + ["exit"]
        let text = try await DelveOracle.run(
            binary: binary, directory: directory, script: script, programOutput: programOutput, arguments: arguments)
        var outputs = Array(repeating: "", count: commands.count)
        var current: Int?
        let scriptLine = #/^/\S*/init:(\d+): (.*)$/#
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = try? scriptLine.wholeMatch(in: String(line)), let number = Int(match.1) {
                // Line 2i+1 is command i's marker, line 2i+2 the command.
                let index = (number - 1) / 2
                guard index < commands.count else { continue }
                if number % 2 == 1 {
                    current = index
                } else {
                    outputs[index] += match.2 + "\n"
                }
            } else if let current {
                outputs[current] += line + "\n"
            }
        }
        return outputs
    }

    /// The session under dbg (the real engine, in process), paths relative to the program's
    /// directory as Delve's are. A command whose failure dbg reports as "Command failed: X"
    /// keeps X, as Delve's script errors are kept above.
    static func underDbg(_ program: String, commands: [String]) async throws -> [String] {
        try await underDbg(
            fixture: "corpus/go/" + program, directory: sourceRoot + "/" + program, arguments: [], commands: commands)
    }

    /// Any fixture under dbg, as above: paths relative to `directory`, the program run with
    /// `arguments`.
    static func underDbg(fixture: String, directory: String, arguments: [String], commands: [String]) async throws -> [String] {
        let session = try await LiveSession.run(
            fixture, arguments: arguments, commands: commands, workingDirectory: directory)
        var outputs = session.outputs.map { output in
            output.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("Command failed: ") ? String(line.dropFirst(16)) : String(line)
            }.joined(separator: "\n")
        }
        // A session that ended early printed nothing for the rest.
        outputs += Array(repeating: "", count: max(0, commands.count - outputs.count))
        return outputs
    }

    /// What differs between two runs of one program and says nothing about the debugger:
    /// heap and stack addresses (Go's arenas at 0xc000000000, the system stacks near
    /// 0x7fff...; code and data addresses are the same in both runs and stay), process ids,
    /// thread ids, the ids of goroutines other than main's (the runtime starts its own
    /// goroutines, for the garbage collector and others, as timing allows, so a program's
    /// second goroutine is number 7 in one run and 19 in the next, under either debugger, and
    /// so is the order `goroutines` lists them in), the
    /// order of a breakpoint's addresses ("at 0x437940,0x437a40": Delve lists them in a Go map's
    /// order, which changes from one of its runs to the next), the order of `clearall`'s
    /// "Breakpoint N cleared" lines (Delve clears in the order of a Go map too), trailing blank
    /// lines, and Delve's own log lines ("2026-...Z error layer=debugger ..."), which it writes
    /// to stderr beside a command's output, not as part of it.
    static func normalised(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.wholeMatch(of: #/\d{4}-\d\d-\d\dT[0-9:.]+Z \w+ layer=.*/#) != nil }
        lines = sortingRuns(of: lines) { $0.wholeMatch(of: #/Breakpoint \S+ cleared at .*/#) != nil }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        let masked = lines.joined(separator: "\n")
            .replacing(#/0x(?:c0|7f)[0-9a-f]{8,}/#, with: "0xADDRESS")
            .replacing(#/Process \d+ has exited/#, with: "Process PID has exited")
            .replacing(#/restarted with PID \d+/#, with: "restarted with PID PID")
            .replacing(#/[Tt]hread \d+/#) { "\($0.output.prefix(6)) TID" }
            .replacing(#/at (0x[0-9a-f]+(?:,0x[0-9a-f]+)+)/#) { "at " + $0.output.1.split(separator: ",").sorted().joined(separator: ",") }
            .replacing(#/goroutine\((?:[2-9]|\d\d+)\)/#, with: "goroutine(G)")
            .replacing(#/Goroutine (?:[2-9]|\d\d+)\b/#, with: "Goroutine G")
            .replacing(#/Switched from (?:[2-9]|\d\d+) /#, with: "Switched from G ")
        // `goroutines` lists by id; once the ids are masked their order says nothing either.
        return sortingRuns(of: masked.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) {
            $0.wholeMatch(of: #/[ *] Goroutine G - .*/#) != nil
        }.joined(separator: "\n")
    }

    /// `lines` with each run of consecutive lines that `inRun` accepts sorted.
    static func sortingRuns(of lines: [String], where inRun: (String) -> Bool) -> [String] {
        var result: [String] = []
        var run: [String] = []
        for line in lines {
            if inRun(line) {
                run.append(line)
                continue
            }
            result += run.sorted()
            run = []
            result.append(line)
        }
        return result + run.sorted()
    }
}
