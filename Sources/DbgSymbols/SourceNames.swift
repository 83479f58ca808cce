/// How gdb names the source files of C and C++ units (Go keeps Delve's way, relative to the
/// working directory): a unit's main file by the name it was compiled as (`c/hello.c`,
/// `/tmp/zstd/zdrv.c`), joined to its compilation directory when that is relative
/// (glibc's `./malloc/malloc.c`); another file under an absolute compilation directory by
/// the rest of its path; any other file by its path as DWARF gives it, never rewritten
/// against the debugger's working directory.
struct SourceNames: Sendable {
    /// Normalized path of each C or C++ unit's main file → the name gdb shows.
    private var mainFiles: [String: String] = [:]
    /// The C and C++ units' absolute compilation directories, longest first.
    private var absoluteDirectories: [String] = []
    /// (normalized, as written) of the relative ones.
    private var relativeDirectories: [(normalized: String, written: String)] = []

    init(units: [CompileUnit]) {
        var absolute = Set<String>()
        var relative: [String: String] = [:]
        for unit in units {
            guard unit.language.namesSourcesAsCompiled else { continue }
            let directory = unit.compilationDirectory ?? ""
            let main = SourcePath.normalize(SourcePath.join(directory, unit.name))
            if mainFiles[main] == nil {
                mainFiles[main] = directory.hasPrefix("/") || directory.isEmpty || unit.name.hasPrefix("/")
                    ? unit.name : SourcePath.join(directory, unit.name)
            }
            if directory.hasPrefix("/") {
                absolute.insert(SourcePath.normalize(directory))
            } else if !directory.isEmpty {
                relative[SourcePath.normalize(directory)] = directory
            }
        }
        absoluteDirectories = absolute.filter { $0 != "/" }.sorted { $0.count > $1.count }
        relativeDirectories = relative.map { ($0.key, $0.value) }.filter { !$0.normalized.isEmpty }
            .sorted { $0.normalized.count > $1.normalized.count }
    }

    /// The name to show for `path`, a file of one of this binary's C or C++ units.
    func shownName(of path: String) -> String {
        if let main = mainFiles[path] { return main }
        for directory in absoluteDirectories where path.hasPrefix(directory + "/") {
            return String(path.dropFirst(directory.count + 1))
        }
        for directory in relativeDirectories where path.hasPrefix(directory.normalized + "/") {
            return SourcePath.join(directory.written, String(path.dropFirst(directory.normalized.count + 1)))
        }
        return path
    }

    func isMainFile(_ path: String) -> Bool { mainFiles[path] != nil }
}

extension DebugInfo {
    /// How gdb shows `path` (see `SourceNames`) when it is a file of a C or C++ unit whose
    /// line table was read; nil to leave it to Delve's rule (Go's files, unknown paths).
    public func shownName(ofSource path: String) -> String? {
        guard sourceNames.isMainFile(path) || readFilesOfCUnits().contains(path) else { return nil }
        return sourceNames.shownName(of: path)
    }
}
