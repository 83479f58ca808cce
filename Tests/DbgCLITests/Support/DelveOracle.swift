import DbgTestSupport
import Foundation

/// Runs the real Delve (the oracle for output formats) on a fixture with an init script
/// and returns what it printed, colours stripped. Spawned with posix_spawn and output
/// to files, as Tests/DbgSymbolsTests/Support/Oracle.swift does (no pipes to deadlock,
/// no descriptors opened in the test process).
enum DelveOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let repositoryRoot = Fixtures.repositoryRoot

    /// The fixture binary and the directory Delve runs in (paths print relative to it).
    static func fixture(_ relative: String) throws -> (binary: String, directory: String) {
        (try Fixtures.binary(relative), Fixtures.source(relative))
    }

    /// `dlv exec BINARY --init SCRIPT`, stdin from /dev/null; stdout and stderr in one file.
    /// `programOutput`, if given, is where the program's own stdout goes (its stderr to the
    /// same path with ".err"), so that it does not mix with Delve's. `arguments` are the
    /// program's (after `--`). `core`: read that core file of `binary` (`dlv core`) instead.
    static func run(
        binary: String, directory: String, script: [String], programOutput: String? = nil, arguments programArguments: [String] = [],
        core: String? = nil
    ) async throws -> String {
        guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw Failure(description: "dlv is not installed: run `make deps`")
        }
        let scratch = NSTemporaryDirectory() + "dbg-cli-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scriptPath = scratch + "/init"
        try script.joined(separator: "\n").appending("\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let command = "cd '\(directory)' && exec \"$@\""
        let target = core.map { ["core", binary, $0] } ?? ["exec", binary]
        var arguments = ["-c", command, "sh", dlv] + target + ["--allow-non-terminal-interactive=true", "--init", scriptPath]
        if let programOutput {
            arguments += ["-r", "stdout:" + programOutput, "-r", "stderr:" + programOutput + ".err"]
        }
        if !programArguments.isEmpty { arguments += ["--"] + programArguments }
        let output = try await ProcessRunner.run("/bin/sh", arguments).text
        return stripColours(output)
    }

    /// A fresh path for the program's own output when only Delve's matters.
    static func programOutputPath() -> String { NSTemporaryDirectory() + "dbg-delve-program-" + UUID().uuidString }

    static func stripColours(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    /// The output between `print "=NAME="` markers, by name.
    static func sections(_ output: String) -> [String: [String]] {
        var sections: [String: [String]] = [:]
        var current = "start"
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("\"="), line.hasSuffix("=\"") {
                current = String(line.dropFirst(2).dropLast(2))
                continue
            }
            sections[current, default: []].append(line)
        }
        return sections
    }
}
