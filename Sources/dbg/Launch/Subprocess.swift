import Glibc

/// Runs a build tool with the terminal's standard streams, so its messages reach the user
/// exactly as it printed them.
enum Subprocess {
    /// The exit status (128+N for death by signal N); nil when it could not be started.
    /// `outputFile`: where its stdout and stderr go instead (a server's build, whose client
    /// is told what it printed).
    static func run(_ arguments: [String], in directory: String? = nil, outputFile: String? = nil) -> Int32? {
        guard let tool = arguments.first else { return nil }
        let command = (directory.map { "cd \(quoted($0)) && " } ?? "") + "exec \"$@\""
        let argv = ["/bin/sh", "-c", command, "sh", tool] + arguments.dropFirst()
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // Swift's worker threads block most signals and a spawned tool would inherit that
        // (go build, for one, relies on them): start it with a clean signal state.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let outputFile {
            posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// The first line a tool prints (for `swift build --show-bin-path`), or nil.
    static func firstLine(of arguments: [String], in directory: String) -> String? {
        let command = "cd \(quoted(directory)) && \(arguments.map(quoted).joined(separator: " ")) 2>/dev/null"
        guard let pipe = popen(command, "r") else { return nil }
        defer { pclose(pipe) }
        var buffer = [CChar](repeating: 0, count: 4096)
        guard fgets(&buffer, Int32(buffer.count), pipe) != nil else { return nil }
        let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return line.trimmingSuffix("\n")
    }
}

/// `text` in single quotes for /bin/sh.
func quoted(_ text: String) -> String {
    "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
