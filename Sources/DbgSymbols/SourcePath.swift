/// Matching of user-typed file names (`main.go`, `pkg/file.c`) against full paths.
public enum SourcePath {
    /// True when `path` is `query`, or ends with `/` + `query`.
    public static func matches(_ path: String, query: String) -> Bool {
        if path == query { return true }
        let trimmed = query.hasPrefix("./") ? String(query.dropFirst(2)) : query
        guard path.hasSuffix(trimmed) else { return false }
        return path.dropLast(trimmed.count).last == "/"
    }

    /// Joins a directory and a possibly relative name, as line tables do.
    public static func join(_ directory: String?, _ name: String) -> String {
        guard let directory, !directory.isEmpty, !name.hasPrefix("/") else { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// Removes `.` components and folds `dir/..` so equal files compare equal.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }
}
