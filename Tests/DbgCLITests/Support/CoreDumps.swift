import DbgTestSupport
import Foundation

/// Core files made for real, in a scratch directory of their own (removed by `remove()`): by
/// the kernel when a fixture crashes, or by gdb's `gcore` at a stop of gdb's.
struct CoreDump {
    let directory: String
    let path: String
    /// How it was made, for messages: "kernel" or "gcore".
    let writer: String

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    static func scratchDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "dbg-core-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The core the kernel writes when `binary` dies of a signal, run in a scratch directory
    /// with `ulimit -c unlimited`. Where the kernel's core_pattern sends cores elsewhere (a
    /// pipe to a crash collector, another directory), gdb runs it to the signal and writes
    /// the core instead (`writer` says which).
    static func ofCrash(_ binary: String) async throws -> CoreDump {
        let directory = try scratchDirectory()
        let pattern = (try? String(contentsOfFile: "/proc/sys/kernel/core_pattern", encoding: .utf8)) ?? ""
        if !pattern.hasPrefix("|"), !pattern.hasPrefix("/") {
            _ = try await ProcessRunner.run("/bin/sh", ["-c", "cd \"$1\" && ulimit -c unlimited && exec \"$2\"", "sh", directory, binary])
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            if let name = names.first(where: { $0.hasPrefix("core") }) {
                return CoreDump(directory: directory, path: directory + "/" + name, writer: "kernel")
            }
        }
        let path = directory + "/core"
        try await gcore(binary, at: ["run"], into: path)
        return CoreDump(directory: directory, path: path, writer: "gcore")
    }

    /// gdb's `gcore` of `binary` stopped by `setup` (e.g. `break inspect`, `run`).
    static func gcore(_ binary: String, at setup: [String]) async throws -> CoreDump {
        let directory = try scratchDirectory()
        let path = directory + "/core"
        try await gcore(binary, at: setup, into: path)
        return CoreDump(directory: directory, path: path, writer: "gcore")
    }

    private static func gcore(_ binary: String, at setup: [String], into path: String) async throws {
        var arguments = ["-batch", "-nx", "-ex", "set startup-with-shell off"]
        for command in setup + ["gcore \(path)", "kill"] { arguments += ["-ex", command] }
        let output = try await ProcessRunner.run("/usr/bin/gdb", arguments + [binary]).text
        guard FileManager.default.fileExists(atPath: path) else {
            throw DelveOracle.Failure(description: "gdb wrote no core:\n\(output)")
        }
    }
}

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
