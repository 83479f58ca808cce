import Foundation

/// Executables of this package that the tests run as child processes (dbg end to end, and as a
/// DAP adapter), found where SwiftPM builds them: next to the test bundle.
public enum BuiltBinaries {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// The built `dbg`: beside the test bundle, or one directory up (the bundle's layout differs
    /// between toolchains).
    public static var dbg: String {
        get throws {
            let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for candidate in [bundleDirectory.appendingPathComponent("dbg").path,
                              bundleDirectory.deletingLastPathComponent().appendingPathComponent("dbg").path]
            where FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            throw Missing(description: "the dbg binary is not built next to the tests (run swift build first)")
        }
    }
}
