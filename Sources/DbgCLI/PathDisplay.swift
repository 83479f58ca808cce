import Glibc

/// Paths as Delve shows them: relative (`./main.go`) when under the working directory.
public enum PathDisplay {
    public static func relative(_ path: String, to directory: String = currentDirectory()) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard path.hasPrefix(base) else { return path }
        return "./" + path.dropFirst(base.count)
    }

    public static func currentDirectory() -> String {
        guard let buffer = getcwd(nil, 0) else { return "." }
        defer { free(buffer) }
        return String(cString: buffer)
    }
}
