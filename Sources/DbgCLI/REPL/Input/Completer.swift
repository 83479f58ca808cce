/// What Tab offers, by position: command names first, then per command function and
/// file names (break, trace, continue, list, ...), variable names (print, set, ...),
/// config keys, command names (help). Pure: the lists come from a CompletionSource.
struct Completer {
    enum Need: Sendable {
        case functions, files, variables
    }

    /// What a command takes as arguments, for completion (each command's entry says).
    enum Argument: Sendable {
        /// A command name (`help`).
        case commandName
        /// `config`'s keys and values.
        case configuration
        /// A function or a FILE: (break, trace, continue, list, ...).
        case location
        case sourceFile
        /// A variable name (print, set, ...).
        case variable
        /// A number, then a command (`frame 1 print x`).
        case commandAfterNumber
        case none
    }

    var lookup: CommandLookup

    /// The candidates for `word`, the text being completed, preceded by `before`.
    func candidates(before: String, word: String, names: (Need) -> [String]) -> [String] {
        var words = Arguments.words(before)
        // Skip the scope prefixes: "goroutine 3 frame 1 print x".
        while words.count >= 2, lookup.find(words[0])?.completion == .commandAfterNumber, Int(words[1]) != nil {
            words.removeFirst(2)
        }
        guard let first = words.first else {
            return matching(lookup.allNames, word)
        }
        guard let command = lookup.find(first) else { return [] }
        switch command.completion {
        case .commandName:
            return words.count == 1 ? matching(lookup.allNames, word) : []
        case .configuration:
            if words.count == 1 { return matching(["-list", "-save", "alias"] + REPLConfig.keys, word) }
            if words.count == 2, words[1] == "disassemble-flavor" { return matching(REPLConfig.flavors, word) }
            if words.count == 2, words[1] == "alias" { return matching(lookup.allNames, word) }
            return []
        case .location:
            let functions = names(.functions)
            let files = names(.files).map { basename($0) + ":" }
            return matching(Array(Set(functions + files)).sorted(), word)
        case .sourceFile:
            return matching(names(.files), word)
        case .variable:
            return matching(names(.variables), word)
        case .commandAfterNumber:
            // "frame 1 <Tab>": a command follows the number.
            return words.count >= 2 ? matching(lookup.allNames, word) : []
        case .none:
            return []
        }
    }

    private func matching(_ names: [String], _ prefix: String) -> [String] {
        var seen = Set<String>()
        return names.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    private func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
