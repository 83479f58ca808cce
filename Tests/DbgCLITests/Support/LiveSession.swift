import DbgProcess
import DbgService
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

    static func run(_ relative: String, arguments: [String] = [], commands: [String]) async throws -> LiveSession {
        let (binary, _) = try DelveOracle.fixture(relative)
        let scratch = NSTemporaryDirectory() + "dbg-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let programOutput = scratch + "/program-output"
        let configuration = LaunchConfiguration(
            path: binary, arguments: arguments, standardInput: .nullDevice, standardOutput: .file(programOutput),
            standardError: .file(programOutput + ".err"))
        let debugger = try await LocalDebugger.start(.launch(configuration))
        let combined = BufferOutput()
        var options = REPLOptions()
        options.input = ScriptLineInput(commands)
        options.output = combined
        options.errorOutput = combined
        options.colour = .never
        options.configPath = ""
        options.historyPath = ""
        options.handlesInterrupts = false
        options.workingDirectory = DelveOracle.repositoryRoot
        let code = await REPL(client: debugger, options: options).run()
        let printed = (try? String(contentsOfFile: programOutput, encoding: .utf8)) ?? ""
        return LiveSession(transcript: combined.text, programOutput: printed, exitCode: code)
    }
}

/// gdb in batch mode, the oracle for native stacks and values.
enum GDBOracle {
    static func run(_ binary: String, commands: [String]) throws -> String {
        let scratch = NSTemporaryDirectory() + "dbg-gdb-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let script = scratch + "/commands", outPath = scratch + "/out"
        let header = ["set pagination off", "set confirm off", "set width 0", "set print frame-arguments scalars"]
        try (header + commands).joined(separator: "\n").appending("\n").write(toFile: script, atomically: true, encoding: .utf8)
        let argv = ["/usr/bin/gdb", "-batch", "-nx", "-x", script, binary]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A clean signal state: the test's threads (dispatch workers) block most signals,
        // and a gdb started with SIGCHLD blocked never notices its program stopping.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ) == 0 else {
            throw DelveOracle.Failure(description: "cannot run gdb")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
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
