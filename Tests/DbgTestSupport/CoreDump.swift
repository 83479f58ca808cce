import Foundation

/// Core files made for real, in a scratch directory of their own (removed by `remove()`): by
/// the kernel when a fixture crashes, or by gdb's `gcore` at a stop of gdb's.
public struct CoreDump {
    public let directory: String
    public let path: String
    /// How it was made, for messages: "kernel" or "gcore".
    public let writer: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func remove() { try? FileManager.default.removeItem(atPath: directory) }

    public static func scratchDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "dbg-core-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The core the kernel writes when `binary` dies of a signal, run in a scratch directory
    /// with `ulimit -c unlimited`. Where the kernel's core_pattern sends cores elsewhere (a
    /// pipe to a crash collector, another directory), gdb runs it to the signal and writes
    /// the core instead (`writer` says which).
    public static func ofCrash(_ binary: String) async throws -> CoreDump {
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
    public static func gcore(_ binary: String, at setup: [String]) async throws -> CoreDump {
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
            throw Failure(description: "gdb wrote no core:\n\(output)")
        }
    }
}
