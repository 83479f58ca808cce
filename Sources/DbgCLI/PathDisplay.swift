import Foundation

/// Paths as Delve shows them: relative (`./main.go`) when under the working directory.
enum PathDisplay {
    static func relative(_ path: String, to directory: String = FileManager.default.currentDirectoryPath) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard path.hasPrefix(base) else { return path }
        return "./" + path.dropFirst(base.count)
    }
}
