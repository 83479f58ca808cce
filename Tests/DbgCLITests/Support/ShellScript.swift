import DbgTestSupport
import Foundation

/// A shell script run to its end (make, ldd, man, an installed dbg) on a thread of its own,
/// from the repository's root; with only the environment given, when one is.
enum ShellScript {
    /// `shell`: /bin/sh, or /bin/bash for bash's completion functions.
    static func run(
        _ script: String, environment: [String: String]? = nil, shell: String = "/bin/sh", stdin: String = "/dev/null"
    ) async throws -> (status: Int32, text: String) {
        // A `make` here must not take the jobserver of the `make test` that started the tests.
        let command = "unset MAKEFLAGS MFLAGS MAKELEVEL; cd \(quoted(Fixtures.repositoryRoot)) && " + script
        guard let environment else { return try await ProcessRunner.run(shell, ["-c", command], stdin: stdin) }
        let assignments = environment.keys.sorted().map { "\($0)=\(environment[$0]!)" }
        return try await ProcessRunner.run("/usr/bin/env", ["-i"] + assignments + [shell, "-c", command], stdin: stdin)
    }

    static func quoted(_ text: String) -> String { ToolRun.shellQuoted(text) }
}
