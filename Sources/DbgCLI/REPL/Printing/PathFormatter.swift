/// Source paths as shown and as opened: substitute-path rules first (sources moved
/// since the build), then relative to the working directory when under it (`./main.go`).
struct PathFormatter: Sendable {
    var rules: [SubstitutePathRule]
    var workingDirectory: String

    init(rules: [SubstitutePathRule] = [], workingDirectory: String = PathDisplay.currentDirectory()) {
        self.rules = rules
        self.workingDirectory = workingDirectory
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
        PathDisplay.relative(local(path), to: workingDirectory)
    }
}
