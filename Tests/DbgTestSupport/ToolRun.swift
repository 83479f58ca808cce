import Foundation

/// Runs a tool written by others (gdb, gcc, readelf, nm) to its end, its output captured
/// through files (no pipe deadlocks).
///
/// posix_spawn opens the output files in the child, so the test process itself opens, dups
/// and closes no descriptors: Foundation's Process does, and a descriptor closed twice can be
/// one that libdwarf or libelf opened meanwhile on another test's thread.
public enum ToolRun {
    public struct Output: Sendable {
        public var stdout: String
        public var stderr: String
        public var status: Int32
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Runs `tool` (found on the usual paths) with `arguments`, in `currentDirectory` if given.
    public static func run(_ tool: String, _ arguments: [String], currentDirectory: String? = nil) throws -> Output {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out", errPath = directory + "/err"
        let executable = try which(tool)
        // The shell changes directory for us: posix_spawn has no portable chdir action.
        let command = (currentDirectory.map { "cd \(shellQuoted($0)) && " } ?? "") + "exec \"$@\""
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let pid = try CleanSpawn.start("/bin/sh", ["-c", command, "sh", executable] + arguments, actions: &actions)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return Output(
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            status: CleanSpawn.exitCode(status))
    }

    /// gdb in batch mode on `binary`, running `script` (one command a line); what it printed,
    /// standard output then standard error.
    public static func gdbBatch(_ binary: String, script: [String]) throws -> String {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scriptPath = directory + "/commands.gdb"
        try (script.joined(separator: "\n") + "\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let output = try run("gdb", ["-batch", "-nx", "-x", scriptPath, binary])
        return output.stdout + output.stderr
    }

    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The path of `tool`; throws when it is not installed.
    public static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            return "\(directory)/\(tool)"
        }
        throw Failure(description: "\(tool) is not installed: run `make deps`")
    }
}
