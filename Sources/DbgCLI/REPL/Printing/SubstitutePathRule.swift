/// `config substitute-path FROM TO`: the first rule whose FROM is the path or one of
/// its parent directories rewrites it (Delve's rule; a FROM of "" matches relative paths).
struct SubstitutePathRule: Sendable, Hashable {
    var from: String
    var to: String

    func apply(to path: String) -> String? {
        if from.isEmpty {
            return path.hasPrefix("/") ? nil : join(to, path)
        }
        let base = from.hasSuffix("/") ? String(from.dropLast()) : from
        if path == base { return to }
        guard path.hasPrefix(base + "/") else { return nil }
        return join(to, String(path.dropFirst(base.count + 1)))
    }

    private func join(_ directory: String, _ rest: String) -> String {
        if directory.isEmpty { return rest }
        return directory.hasSuffix("/") ? directory + rest : directory + "/" + rest
    }
}
