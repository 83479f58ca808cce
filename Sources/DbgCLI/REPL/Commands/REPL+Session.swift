import DbgService
import Glibc

/// config, source, help, exit, and the init file.
extension REPL {
    func configCommand(_ arguments: String) throws {
        let parts = Arguments.split2(arguments)
        switch parts[0] {
        case "":
            throw REPLError("wrong number of arguments to \"config\"")
        case "-list":
            emit(config.listing() + config.ignoredListing())
        case "-save":
            guard let path = files.configPath else { throw REPLError("no configuration file: HOME and XDG_CONFIG_HOME are unset") }
            do {
                try ConfigFiles.write(config.yaml(), to: path)
            } catch {
                throw REPLError(error.description)
            }
        case "substitute-path":
            guard parts.count > 1 else {
                for rule in config.substitutePath { emit("\(rule.from) → \(rule.to)\n") }
                if config.substitutePath.isEmpty { emit("(no substitute-path rules)\n") }
                return
            }
            try config.substitutePath(Self.quotedWords(parts[1]))
        case "alias", "aliases":
            guard parts.count > 1 else {
                for command in config.aliases.keys.sorted() { emit("\(command): \(config.aliases[command]!.joined(separator: ", "))\n") }
                if config.aliases.isEmpty { emit("(no aliases)\n") }
                return
            }
            try config.alias(Self.quotedWords(parts[1]), lookup: lookup)
            lookup.userAliases = config.aliases
        default:
            guard parts.count > 1 else { throw REPLError("wrong number of arguments to \"config \(parts[0])\"") }
            try config.set(parts[0], parts[1])
        }
    }

    /// Words, with "double quotes" around those that hold blanks.
    static func quotedWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                inWord = true
            } else if Arguments.isBlank(character) && !quoted {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    func sourceCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError("wrong number of arguments: source <filename>") }
        if arguments == "-" || arguments.hasSuffix(".star") { throw REPLError.notSupported("starlark scripts") }
        var path = arguments
        if path == "~" || path.hasPrefix("~/"), let home = options.environment["HOME"] {
            path = home + path.dropFirst()
        }
        guard let text = ConfigFiles.read(path) else {
            throw REPLError("open \(path): \(String(cString: strerror(errno)))")
        }
        await runLines(text, name: path)
    }

    /// `--init FILE`: its commands before the first prompt; a missing file is reported.
    func runFile(_ path: String) async {
        guard let text = ConfigFiles.read(path) else {
            errors.write(errorTheme.paint("Error executing init file: open \(path): \(String(cString: strerror(errno)))", .error) + "\n")
            return
        }
        await runLines(text, name: path)
    }

    /// A file's commands: blank lines and # comments skipped, failures reported as
    /// "FILE:LINE: message" (as Delve), `exit` stops.
    private func runLines(_ text: String, name: String) async {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Arguments.trim(String(raw))
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            await execute(line, origin: "\(name):\(index + 1): ")
            if exitRequest != nil { return }
        }
    }

    func helpCommand(_ arguments: String) throws {
        if !arguments.isEmpty {
            guard let command = lookup.find(arguments) else {
                throw REPLError(lookup.notAvailableMessage(arguments), plain: true)
            }
            var text = command.help
            let aliases = command.aliases + (config.aliases[command.name] ?? [])
            if !aliases.isEmpty { text += "\n\nAliases: " + aliases.joined(separator: ", ") }
            emit(text + "\n")
            return
        }
        var out = "The following commands are available:\n"
        for group in Command.Group.allCases {
            out += "\n\(group.title):\n"
            let commands = Command.all.filter { $0.group == group }.sorted { $0.name < $1.name }
            let cells = commands.map { command -> String in
                let aliases = command.aliases + (config.aliases[command.name] ?? [])
                return aliases.isEmpty ? "    \(command.name) " : "    \(command.name) (alias: \(aliases.joined(separator: " | "))) "
            }
            // Delve's tabwriter: cells padded with '-' to the widest of the group.
            let width = cells.map(\.count).max() ?? 0
            for (command, cell) in zip(commands, cells) {
                out += cell + String(repeating: "-", count: width - cell.count) + " " + command.summary + "\n"
            }
        }
        out += "\nType help followed by a command for full documentation.\n"
        emit(out)
    }

    func exitCommand(_ arguments: String) throws {
        switch arguments {
        case "": exitRequest = false
        case "--kill", "-kill", "-k": exitRequest = true
        case "-c": throw REPLError.notSupported("exit -c")
        default: throw REPLError.WrongArguments()
        }
    }

    /// config.yml, if there is one; a broken file is reported and ignored.
    func loadConfigFile() {
        guard let path = files.configPath, let text = ConfigFiles.read(path) else { return }
        do {
            config = try REPLConfig(yaml: text)
            lookup.userAliases = config.aliases
            if !config.ignored.isEmpty {
                let keys = config.ignored.map(\.key).joined(separator: ", ")
                errors.write(errorTheme.paint("Note: \(path): dbg ignores \(keys) (see help config)", .warning) + "\n")
            }
        } catch {
            errors.write(errorTheme.paint("Warning: \(path): \(error.description)", .warning) + "\n")
        }
    }
}
