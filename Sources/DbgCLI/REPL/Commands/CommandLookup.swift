/// Finds a command by name or alias (built-in or from the configuration), and the
/// nearest name when there is none.
struct CommandLookup: Sendable {
    /// Extra aliases from `config alias` / config.yml: command name → aliases.
    var userAliases: [String: [String]] = [:]

    func find(_ name: String) -> Command? {
        if let command = Command.all.first(where: { $0.names.contains(name) }) { return command }
        for (commandName, aliases) in userAliases where aliases.contains(name) {
            if let command = Command.all.first(where: { $0.names.contains(commandName) }) { return command }
        }
        return nil
    }

    /// Every name a user can type, canonical names first (for completion and suggestions).
    var allNames: [String] {
        Command.all.map(\.name)
            + Command.all.flatMap(\.aliases)
            + userAliases.values.flatMap { $0 }.sorted()
    }

    /// The closest command name, if it is close enough to be a typo: within two edits
    /// (one for names of up to three letters, so `q` never suggests `b`). Canonical
    /// names win ties over aliases.
    func suggestion(for name: String) -> String? {
        guard !name.isEmpty else { return nil }
        let limit = name.count <= 3 ? 1 : 2
        var best: (name: String, distance: Int)?
        for candidate in allNames where candidate.count > 1 || name.count == 1 {
            let distance = EditDistance.between(name, candidate)
            if distance <= limit && distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        // Suggest the command's own name rather than a terse alias of it.
        return find(best.name).map(\.name) ?? best.name
    }

    /// "Command not available: brek (did you mean 'break'?)".
    func notAvailableMessage(_ name: String) -> String {
        if let suggestion = suggestion(for: name) {
            return "Command not available: \(name) (did you mean '\(suggestion)'?)"
        }
        return "Command not available: \(name)"
    }
}

/// Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
/// substitutions and transpositions of neighbours each cost one, so `braek` is one
/// edit from `break`.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
