import Foundation

/// Runs the tools written by others that the symbol reader is checked against.
enum Oracle {
    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` with `arguments`, output captured through files (no pipe deadlocks).
    ///
    /// posix_spawn opens the output files in the child, so the test process itself opens,
    /// dups and closes no descriptors: Foundation's Process does, and a descriptor closed
    /// twice can be one that libdwarf or libelf opened meanwhile on another test's thread.
    static func run(_ tool: String, _ arguments: [String], currentDirectory: String? = nil) throws -> Output {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out", errPath = directory + "/err"
        let executable = try which(tool)
        // The shell changes directory for us: posix_spawn has no portable chdir action.
        let command = (currentDirectory.map { "cd \(shellQuoted($0)) && " } ?? "") + "exec \"$@\""
        let argv = ["/bin/sh", "-c", command, "sh", executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
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
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            status: exitStatus)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            return "\(directory)/\(tool)"
        }
        throw Failure(description: "\(tool) is not installed: run `make deps`")
    }

    /// gdb in batch mode on `binary`, running the commands of `script` (one per line).
    static func gdb(_ binary: String, script: [String]) throws -> String {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scriptPath = directory + "/commands.gdb"
        let header = ["set pagination off", "set confirm off", "set breakpoint pending off", "set width 0"]
        try (header + script).joined(separator: "\n").appending("\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let output = try run("gdb", ["-batch", "-nx", "-x", scriptPath, binary])
        return output.stdout + output.stderr
    }

    /// Parses hexadecimal `0x...` text.
    static func hex(_ text: some StringProtocol) -> UInt64? {
        let string = String(text)
        return UInt64(string.hasPrefix("0x") ? String(string.dropFirst(2)) : string, radix: 16)
    }
}
