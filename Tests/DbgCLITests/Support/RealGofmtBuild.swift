import DbgTestSupport
import Foundation

/// The Go corpus's real program: gofmt, built -N -l (as the corpus's own programs are) from the
/// installed Go tree's own sources (cmd/gofmt), with no network, running `gofmt -s` on a small
/// badly written file (Fixtures/corpus/real/shapes.go). Built in the test run, never committed;
/// the binary is kept in Fixtures/build/real and not rebuilt while it is there. `go build` in
/// the Go tree writes only to its cache and to the output: nothing under the tree changes
/// (checked as root), so the sources need no copying.
enum RealGofmtBuild {
    static let name = "gofmt"
    static let goRoot = "/usr/lib/go-1.19"
    static let relativeBinary = "real/gofmt"
    static var binary: String { DelveOracle.repositoryRoot + "/Fixtures/build/" + relativeBinary }
    /// Where the session and the input are, and where Delve runs.
    static var directory: String { DelveOracle.repositoryRoot + "/Fixtures/corpus/real" }
    static var session: String { directory + "/gofmt.session" }
    /// An absolute path: dbg's test sessions run the program in the test's own directory.
    static var arguments: [String] { ["-s", directory + "/shapes.go"] }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The commands of the session, one a line; `#` comments and blank lines are not commands.
    static func commands() throws -> [String] {
        try String(contentsOfFile: session, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Builds gofmt when it is missing.
    static func prepare() async throws {
        if !FileManager.default.isExecutableFile(atPath: binary) { try await build() }
    }

    private static func build() async throws {
        let output = binary + ".partial-" + UUID().uuidString
        try FileManager.default.createDirectory(
            atPath: (binary as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = "cd \(goRoot)/src/cmd/gofmt && exec env GOFLAGS=-mod=mod GOTOOLCHAIN=local GOPROXY=off "
            + "\(goRoot)/bin/go build -gcflags='all=-N -l' -o \"$1\" ."
        let result = try await ProcessRunner.run("/bin/sh", ["-c", command, "sh", output])
        guard result.status == 0, FileManager.default.isExecutableFile(atPath: output) else {
            throw Failure(description: "go build of \(goRoot)/src/cmd/gofmt failed: \(result.text.suffix(2000))")
        }
        // Built aside and renamed: a build cut short never passes for a finished one.
        guard rename(output, binary) == 0 else {
            throw Failure(description: "cannot move the gofmt build to \(binary): \(String(cString: strerror(errno)))")
        }
    }
}
