import DbgService
import DbgTestSupport
import Foundation
@testable import DbgCLI

/// A real debugging session: the fixture runs under the real engine (LocalDebugger) and
/// the REPL reads scripted commands, as `dbg exec` in batch mode does. The program's own
/// output goes to a file, so the transcript holds only the debugger's.
struct LiveSession {
    var transcript: String
    var programOutput: String
    var exitCode: Int32

    /// What each command printed, in order, keyed by the command line.
    var outputs: [(command: String, text: String)] {
        var result: [(String, String)] = []
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("(dbg) ") {
                result.append((String(line.dropFirst(6)), ""))
            } else if !result.isEmpty {
                result[result.count - 1].1 += line + "\n"
            }
        }
        return result
    }

    /// What the `occurrence`-th run of `command` printed (the transcript's final blank
    /// line, which follows the last command, is not part of it).
    func output(of command: String, occurrence: Int = 0) -> String {
        var text = outputs.filter { $0.command == command }.dropFirst(occurrence).first?.text ?? ""
        while text.hasSuffix("\n\n") { text.removeLast() }
        return text
    }

    /// `environment`: the program's whole environment (nil: the test's own).
    /// `workingDirectory` is the directory paths print relative to (the repository's root
    /// unless said otherwise).
    static func run(
        _ relative: String, arguments: [String] = [], environment: [String]? = nil, commands: [String],
        workingDirectory: String = DelveOracle.repositoryRoot
    ) async throws -> LiveSession {
        let (binary, _) = try DelveOracle.fixture(relative)
        let scratch = NSTemporaryDirectory() + "dbg-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let programOutput = scratch + "/program-output"
        let request = API.LaunchRequest(
            path: binary, arguments: arguments, environment: environment, standardInput: .nullDevice, standardOutput: .file(programOutput),
            standardError: .file(programOutput + ".err"))
        let debugger = try await LocalDebugger.start(.launch(request))
        let combined = BufferOutput()
        var options = REPLOptions()
        options.input = ScriptLineInput(commands)
        options.output = combined
        options.errorOutput = combined
        options.colour = .never
        options.configPath = ""
        options.historyPath = ""
        options.handlesInterrupts = false
        options.workingDirectory = workingDirectory
        let code = await REPL(client: debugger, options: options).run()
        let printed = (try? String(contentsOfFile: programOutput, encoding: .utf8)) ?? ""
        return LiveSession(transcript: combined.text, programOutput: printed, exitCode: code)
    }
}

/// gdb in batch mode, the oracle for native stacks and values.
enum GDBOracle {
    /// `core`: a core file of `binary` to read instead of running it.
    static func run(_ binary: String, core: String? = nil, commands: [String]) async throws -> String {
        let scratch = NSTemporaryDirectory() + "dbg-gdb-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = scratch + "/commands"
        let header = ["set pagination off", "set confirm off", "set width 0", "set print frame-arguments scalars"]
        try (header + commands).joined(separator: "\n").appending("\n").write(toFile: script, atomically: true, encoding: .utf8)
        return try await ProcessRunner.run("/usr/bin/gdb", ["-batch", "-nx", "-x", script, binary] + (core.map { [$0] } ?? [])).text
    }

    /// `commands` as one `-ex` each, so that gdb goes on after a command that fails (a
    /// script ends at its first error: a call stopped inside its function is one).
    static func runEach(_ binary: String, commands: [String]) async throws -> String {
        let header = ["set pagination off", "set confirm off", "set width 0", "set print frame-arguments scalars"]
        return try await ProcessRunner.run("/usr/bin/gdb", ["-batch", "-nx"] + (header + commands).flatMap { ["-ex", $0] } + [binary]).text
    }

    /// (function, line) of each frame of gdb's `bt`.
    static func frames(_ output: String) -> [(function: String, line: Int)] {
        let pattern = #/^#\d+\s+(?:0x[0-9a-f]+ in )?(\S+) \(.*\) at \S+:(\d+)$/#
        return output.split(separator: "\n").compactMap { line in
            guard let match = try? pattern.wholeMatch(in: String(line)), let number = Int(match.2) else { return nil }
            return (String(match.1), number)
        }
    }
}
