import DbgTestSupport
import Foundation

/// `dbg core` run as a user runs it: the built binary, commands on its standard input (batch
/// mode), in `directory` (paths print relative to it). Its standard output and error
/// together, per command as `LiveSession` splits them.
enum CoreSession {
    static func run(_ arguments: [String], commands: [String], directory: String = DelveOracle.repositoryRoot) async throws -> LiveSession {
        let dbg = try BuiltBinaries.dbg
        let scratch = try CoreDump.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let input = scratch + "/commands"
        try (commands + ["exit"]).joined(separator: "\n").appending("\n").write(toFile: input, atomically: true, encoding: .utf8)
        let (status, text) = try await ProcessRunner.run(
            "/bin/sh", ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", directory, dbg, "core"] + arguments,
            stdin: input)
        return LiveSession(transcript: text, programOutput: "", exitCode: status)
    }

    /// `stack`'s frames as (function, line), the frames without a line left out.
    static func frames(_ stack: String) -> [(function: String, line: Int)] {
        var frames: [(String, Int)] = []
        var function: String?
        for line in stack.split(separator: "\n") {
            if let match = line.wholeMatch(of: #/\s*\d+\s+0x[0-9a-f]+ in (\S+)/#) {
                function = String(match.1)
            } else if let match = line.wholeMatch(of: #/\s+at .*:(\d+)/#), let name = function, let number = Int(match.1), number > 0 {
                frames.append((name, number))
                function = nil
            }
        }
        return frames
    }
}
