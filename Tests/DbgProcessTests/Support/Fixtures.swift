import Foundation

/// Paths of the fixture programs that `make fixtures` builds into Fixtures/build
/// (a copy of DbgSymbolsTests' helper: test targets cannot share files).
enum Fixtures {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, DbgProcessTests, Tests, root
        return url.path
    }()

    static let buildDirectory = repositoryRoot + "/Fixtures/build"

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) is missing: run `make fixtures` first" }
    }

    /// The built fixture at `relative` (e.g. "c/hello"); throws when it has not been built.
    static func binary(_ relative: String) throws -> String {
        let path = buildDirectory + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        return path
    }

    /// A scratch directory for one test, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "dbg-process-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
