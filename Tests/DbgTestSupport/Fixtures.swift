import Foundation

/// Paths of the fixture programs that `make fixtures` builds into Fixtures/build, and their
/// sources in Fixtures.
public enum Fixtures {
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Fixtures.swift, DbgTestSupport, Tests
        return url.path
    }()

    public static let buildDirectory = repositoryRoot + "/Fixtures/build"

    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "fixture \(path) is missing: run `make fixtures` first" }
    }

    /// The built fixture at `relative` (e.g. "c/structs"); throws when it has not been built.
    public static func binary(_ relative: String) throws -> String {
        let path = buildDirectory + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        return path
    }

    /// A fixture's source (file or directory) at `relative` under Fixtures.
    public static func source(_ relative: String) -> String { repositoryRoot + "/Fixtures/" + relative }

    /// A scratch directory for one test, removed by the caller.
    public static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "dbg-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
