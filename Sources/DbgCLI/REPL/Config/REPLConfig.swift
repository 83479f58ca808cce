import DbgService

/// The REPL's settings (`config`), saved to $XDG_CONFIG_HOME/dbg/config.yml: Delve's
/// config.yml, the keys dbg honours read, the others kept as they were.
struct REPLConfig: Equatable, Sendable {
    var aliases: [String: [String]] = [:]
    var substitutePath: [SubstitutePathRule] = []
    var maxStringLen: Int?
    var maxArrayValues: Int?
    var maxVariableRecurse: Int?
    var sourceListLineCount: Int?
    var disassembleFlavor: String?
    /// Keys of the file dbg does not honour (Delve's colours, show-location-expr,
    /// debug-info-directories...), in the file's order: reported when read, written back by
    /// `config -save` so that a config.yml shared with Delve keeps them.
    var ignored: [IgnoredSetting] = []

    struct IgnoredSetting: Equatable, Sendable {
        var key: String
        var value: YAML
        /// Its lines in the file, written back as they were (the parsed value no longer
        /// tells `true` from `"true"`, which Delve reads as different types).
        var source: String
    }

    struct Failure: Error, CustomStringConvertible, Equatable {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Keys in the order `config -list` shows them (and the file has them).
    static let keys = [
        "aliases", "substitute-path", "max-string-len", "max-array-values", "max-variable-recurse",
        "source-list-line-count", "disassemble-flavor",
    ]

    static let flavors = ["intel", "gnu", "go"]

    /// How much `print` and `-v` read: Delve's terminal defaults with the configured limits.
    var loadConfig: API.LoadConfig {
        var config = LoadConfigs.long
        if let maxStringLen { config.maxStringLen = maxStringLen }
        if let maxArrayValues { config.maxArrayValues = maxArrayValues }
        if let maxVariableRecurse { config.maxVariableRecurse = maxVariableRecurse }
        return config
    }

    var listLineCount: Int { sourceListLineCount ?? 5 }

    /// `config <key> <value>` (substitute-path and alias have their own forms).
    mutating func set(_ key: String, _ value: String) throws(Failure) {
        switch key {
        case "max-string-len": maxStringLen = try Self.number(key, value)
        case "max-array-values": maxArrayValues = try Self.number(key, value)
        case "max-variable-recurse": maxVariableRecurse = try Self.number(key, value)
        case "source-list-line-count": sourceListLineCount = try Self.number(key, value)
        case "disassemble-flavor":
            guard Self.flavors.contains(value) else {
                throw Failure("disassemble-flavor must be one of \(Self.flavors.joined(separator: ", "))")
            }
            disassembleFlavor = value
        case "substitute-path", "aliases", "alias":
            throw Failure("use: config \(key == "aliases" ? "alias" : key) ... (see help config)")
        default:
            throw Failure("\"\(key)\" is not a configuration parameter")
        }
    }

    private static func number(_ key: String, _ value: String) throws(Failure) -> Int {
        guard let number = Int(value) else { throw Failure("argument to \"\(key)\" must be a number") }
        guard number >= 0 else { throw Failure("argument to \"\(key)\" must be a number greater than zero") }
        return number
    }

    /// `config substitute-path FROM TO` adds or replaces a rule; `FROM` alone removes it;
    /// `-clear` removes all.
    mutating func substitutePath(_ words: [String]) throws(Failure) {
        switch words.count {
        case 1 where words[0] == "-clear":
            substitutePath.removeAll()
        case 1:
            guard let index = substitutePath.firstIndex(where: { $0.from == words[0] }) else {
                throw Failure("could not find rule for \"\(words[0])\"")
            }
            substitutePath.remove(at: index)
        case 2:
            if let index = substitutePath.firstIndex(where: { $0.from == words[0] }) {
                substitutePath[index].to = words[1]
            } else {
                substitutePath.append(SubstitutePathRule(from: words[0], to: words[1]))
            }
        default:
            throw Failure("wrong number of arguments: config substitute-path <from> [<to>] | -clear")
        }
    }

    /// `config alias COMMAND ALIAS` adds, `config alias ALIAS` removes.
    mutating func alias(_ words: [String], lookup: CommandLookup) throws(Failure) {
        switch words.count {
        case 1:
            var found = false
            for (command, list) in aliases where list.contains(words[0]) {
                aliases[command] = list.filter { $0 != words[0] }
                if aliases[command]?.isEmpty == true { aliases[command] = nil }
                found = true
            }
            if !found { throw Failure("no alias \"\(words[0])\"") }
        case 2:
            guard let command = CommandLookup().find(words[0]) else {
                throw Failure(lookup.notAvailableMessage(words[0]))
            }
            if let existing = lookup.find(words[1]), existing.name != command.name || existing.name == words[1] {
                throw Failure("\"\(words[1])\" is already the name of a command (\(existing.name))")
            }
            aliases[command.name, default: []].append(words[1])
        default:
            throw Failure("wrong number of arguments: config alias <command> <alias> | config alias <alias>")
        }
    }

    /// `config -list`: Delve's layout, names padded to one column.
    func listing() -> String {
        let width = (Self.keys.map(\.count).max() ?? 0) + 1
        var out = ""
        for key in Self.keys {
            out += key + String(repeating: " ", count: width - key.count) + display(key) + "\n"
        }
        return out
    }

    /// Values as Delve's `config -list` prints them (Go's %v).
    private func display(_ key: String) -> String {
        func optional(_ value: Int?) -> String { value.map(String.init) ?? "<not defined>" }
        switch key {
        case "aliases":
            return "map[" + aliases.keys.sorted().map { "\($0):[\(aliases[$0]!.joined(separator: " "))]" }.joined(separator: " ") + "]"
        case "substitute-path":
            return "[" + substitutePath.map { "{\($0.from) \($0.to)}" }.joined(separator: " ") + "]"
        case "max-string-len": return optional(maxStringLen)
        case "max-array-values": return optional(maxArrayValues)
        case "max-variable-recurse": return optional(maxVariableRecurse)
        case "source-list-line-count": return optional(sourceListLineCount)
        case "disassemble-flavor": return disassembleFlavor ?? "<not defined>"
        default: return ""
        }
    }

    /// `config -list`'s lines for the file's keys dbg ignores.
    func ignoredListing() -> String {
        guard !ignored.isEmpty else { return "" }
        let width = (Self.keys.map(\.count).max() ?? 0) + 1
        return ignored.map { setting in
            setting.key + String(repeating: " ", count: max(1, width - setting.key.count)) + setting.value.goText + " (ignored by dbg)\n"
        }.joined()
    }

    // MARK: file

    func yaml() -> String {
        var out = "# dbg configuration, written by `config -save`. See `help config`.\n"
        if aliases.isEmpty {
            out += "aliases: {}\n"
        } else {
            out += "aliases:\n"
            for command in aliases.keys.sorted() {
                out += "  \(YAML.quoted(command)): [\(aliases[command]!.map(YAML.quoted).joined(separator: ", "))]\n"
            }
        }
        if substitutePath.isEmpty {
            out += "substitute-path: []\n"
        } else {
            out += "substitute-path:\n"
            for rule in substitutePath {
                out += "  - {from: \(YAML.quoted(rule.from)), to: \(YAML.quoted(rule.to))}\n"
            }
        }
        let numbers: [(String, Int?)] = [
            ("max-string-len", maxStringLen), ("max-array-values", maxArrayValues),
            ("max-variable-recurse", maxVariableRecurse), ("source-list-line-count", sourceListLineCount),
        ]
        for (key, value) in numbers {
            if let value { out += "\(key): \(value)\n" }
        }
        if let disassembleFlavor { out += "disassemble-flavor: \(YAML.quoted(disassembleFlavor))\n" }
        if !ignored.isEmpty { out += "# Not used by dbg (Delve's settings, kept for it):\n" }
        for setting in ignored { out += setting.source }
        return out
    }

    init() {}

    /// Reads config.yml; keys dbg does not honour are kept in `ignored` (Delve's, or a newer
    /// dbg's).
    init(yaml text: String) throws(Failure) {
        let document: YAML
        do {
            document = try YAML.parse(text)
        } catch {
            throw Failure("config.yml: \(error)")
        }
        guard case .map(let settings) = document else { throw Failure("config.yml: expected a map of settings") }
        let sources = YAML.topLevelSources(text)
        ignored = settings.filter { !Self.keys.contains($0.key) }.map { setting in
            IgnoredSetting(key: setting.key, value: setting.value, source: sources.last { $0.key == setting.key }?.text ?? "")
        }
        if case .map(let entries)? = document["aliases"] {
            for (command, value) in entries {
                switch value {
                case .list(let items): aliases[command] = items.compactMap(\.string)
                case .scalar(let alias): aliases[command] = [alias]
                default: break
                }
            }
        }
        if case .list(let rules)? = document["substitute-path"] {
            for rule in rules {
                guard let from = rule["from"]?.string, let to = rule["to"]?.string else {
                    throw Failure("config.yml: substitute-path entries need from and to")
                }
                substitutePath.append(SubstitutePathRule(from: from, to: to))
            }
        }
        for key in ["max-string-len", "max-array-values", "max-variable-recurse", "source-list-line-count", "disassemble-flavor"] {
            guard let value = document[key]?.string else { continue }
            do {
                try set(key, value)
            } catch {
                throw Failure("config.yml: \(error.description)")
            }
        }
    }
}
