import Foundation

/// Runs the real Delve (the oracle for output formats) on a fixture with an init script
/// and returns what it printed, colours stripped. Spawned with posix_spawn and output
/// to files, as Tests/DbgSymbolsTests/Support/Oracle.swift does (no pipes to deadlock,
/// no descriptors opened in the test process).
enum DelveOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, DbgCLITests, Tests, root
        return url.path
    }()

    /// The fixture binary and the directory Delve runs in (paths print relative to it).
    static func fixture(_ relative: String) throws -> (binary: String, directory: String) {
        let binary = repositoryRoot + "/Fixtures/build/" + relative
        guard FileManager.default.fileExists(atPath: binary) else {
            throw Failure(description: "fixture \(binary) is missing: run `make fixtures` first")
        }
        return (binary, repositoryRoot + "/Fixtures/" + relative)
    }

    /// `dlv exec BINARY --init SCRIPT`, stdin from /dev/null; stdout and stderr in one file.
    static func run(binary: String, directory: String, script: [String]) throws -> String {
        guard let dlv = ["/usr/bin/dlv", "/usr/local/bin/dlv"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw Failure(description: "dlv is not installed: run `make deps`")
        }
        let scratch = NSTemporaryDirectory() + "dbg-cli-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let scriptPath = scratch + "/init", outPath = scratch + "/out"
        try script.joined(separator: "\n").appending("\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let command = "cd '\(directory)' && exec \"$@\""
        let argv = ["/bin/sh", "-c", command, "sh", dlv, "exec", binary, "--allow-non-terminal-interactive=true", "--init", scriptPath]
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
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "cannot run dlv: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return stripColours(output)
    }

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
