/// Source paths as shown and as opened: a C file as gdb names it (the name it was compiled
/// as, `c/hello.c`); otherwise substitute-path rules first (sources moved since the build),
/// then relative to the working directory when under it (`./main.go`), as Delve shows them.
struct PathFormatter: Sendable {
    var rules: [SubstitutePathRule]
    var workingDirectory: String
    /// gdb's name for a C file (nil: Delve's rule), from the debugger that read it.
    var shownName: @Sendable (String) -> String?

    init(rules: [SubstitutePathRule] = [], workingDirectory: String = PathDisplay.currentDirectory(),
         shownName: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.rules = rules
        self.workingDirectory = workingDirectory
        self.shownName = shownName
    }

    /// The path on this machine (for reading the file).
    func local(_ path: String) -> String {
        for rule in rules {
            if let substituted = rule.apply(to: path) { return substituted }
        }
        return path
    }

    /// The path as printed.
    func display(_ path: String) -> String {
        if let shown = shownName(path) { return shown }
        return PathDisplay.relative(local(path), to: workingDirectory)
    }
}
