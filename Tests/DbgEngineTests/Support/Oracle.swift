import Foundation

/// Runs the tools the value layer is checked against (gdb) and the compiler for scratch
/// fixtures. A copy of the symbol tests' oracle: test targets cannot share files.
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
    static func run(_ tool: String, _ arguments: [String]) throws -> Output {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out", errPath = directory + "/err"
        let executable = try which(tool)
        let argv = [executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run \(tool): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            status: exitStatus)
    }

    static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            return "\(directory)/\(tool)"
        }
        throw Failure(description: "\(tool) is not installed: run `make deps`")
    }

    /// gdb's answers to `print EXPR` for each expression, without running the program
    /// (gdb reads globals' initial values from the file). Limits are off, so that arrays
    /// and strings print whole and repeats are not folded.
    static func gdbPrint(_ binary: String, _ expressions: [String]) throws -> [String] {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scriptPath = directory + "/commands.gdb"
        var script = [
            "set pagination off", "set confirm off", "set width 0", "set print elements unlimited",
            "set print repeats unlimited", "set print null-stop off",
        ]
        for expression in expressions {
            script += ["echo @@@\\n", "print \(expression)"]
        }
        try (script.joined(separator: "\n") + "\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let output = try run("gdb", ["-batch", "-nx", "-x", scriptPath, binary])
        let text = output.stdout + output.stderr
        let parts = text.components(separatedBy: "@@@\n").dropFirst().map { answer in
            answer.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard parts.count == expressions.count else {
            throw Failure(description: "gdb answered \(parts.count) of \(expressions.count) prints:\n\(text)")
        }
        // `$1 = VALUE` → VALUE; errors stay as gdb wrote them.
        return parts.map { answer in
            guard answer.hasPrefix("$"), let equals = answer.range(of: " = ") else { return answer }
            return String(answer[equals.upperBound...])
        }
    }

    /// Compiles C `source` with gcc into `directory`; returns the binary's path.
    static func compileC(_ source: String, name: String, flags: [String] = ["-g", "-O0"], in directory: String) throws -> String {
        let sourcePath = directory + "/" + name + ".c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let binary = directory + "/" + name
        let output = try run("gcc", flags + ["-o", binary, sourcePath])
        guard output.status == 0 else { throw Failure(description: "gcc failed on \(name).c: \(output.stderr)") }
        return binary
    }
}
