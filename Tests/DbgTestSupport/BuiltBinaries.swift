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

    /// The release build `make build` makes (what `make install` and `make deb` install).
    public static var releaseDbg: String {
        get throws {
            let path = Fixtures.repositoryRoot + "/.build/release/dbg"
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw Missing(description: "no release build at \(path): run make build")
            }
            return path
        }
    }

    /// The Swift toolchain's library directory (its runtime in swift/linux, libswiftDemangle.so):
    /// beside the `swift` on PATH, which runs the tests.
    public static var swiftToolchainLibraries: String {
        get throws {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            guard let swift = path.split(separator: ":").map({ $0 + "/swift" }).first(where: FileManager.default.isExecutableFile)
            else { throw Missing(description: "swift is not on PATH") }
            let bin = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent()
            return bin.deletingLastPathComponent().appendingPathComponent("lib").resolvingSymlinksInPath().path
        }
    }
}
