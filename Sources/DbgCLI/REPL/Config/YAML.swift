/// The small YAML subset dbg's config file uses, read and written without a library:
/// block maps and lists by indentation, flow `[a, b]` and `{k: v}`, plain, "double" and
/// 'single' quoted scalars, and # comments.
enum YAML: Equatable, Sendable {
    case scalar(String)
    case list([YAML])
    case map([(key: String, value: YAML)])
    case null

    static func == (a: YAML, b: YAML) -> Bool {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): x == y
        case (.list(let x), .list(let y)): x == y
        case (.map(let x), .map(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): true
        default: false
        }
    }

    struct Failure: Error, CustomStringConvertible, Equatable {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    subscript(key: String) -> YAML? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    var string: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    // MARK: reading

    static func parse(_ text: String) throws(Failure) -> YAML {
        var lines: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = stripComment(String(raw))
            let trimmed = content.drop { $0 == " " }
            guard !trimmed.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) else { continue }
            if trimmed.hasPrefix("\t") { throw Failure(line: index + 1, message: "tabs are not allowed for indentation") }
            let body = String(trimmed).trimmingTrailingBlanks()
            if body == "---" { continue }
            lines.append(Line(number: index + 1, indent: content.count - trimmed.count, text: body))
        }
        guard !lines.isEmpty else { return .map([]) }
        var parser = BlockParser(lines: lines)
        let value = try parser.block(indent: lines[0].indent)
        if parser.position < lines.count {
            throw Failure(line: lines[parser.position].number, message: "unexpected indentation")
        }
        return value
    }

    private struct Line {
        var number: Int
        var indent: Int
        var text: String
        var isListItem: Bool { text == "-" || text.hasPrefix("- ") }
    }

    /// Block structure by indentation; flow values and scalars go to FlowParser.
    private struct BlockParser {
        let lines: [Line]
        var position = 0

        mutating func block(indent: Int) throws(Failure) -> YAML {
            lines[position].isListItem ? try list(indent: indent) : try map(indent: indent)
        }

        private mutating func list(indent: Int) throws(Failure) -> YAML {
            var items: [YAML] = []
            while position < lines.count, lines[position].indent == indent, lines[position].isListItem {
                let line = lines[position]
                let rest = String(line.text.dropFirst(1).drop { $0 == " " })
                position += 1
                if rest.isEmpty {
                    items.append(position < lines.count && lines[position].indent > indent
                        ? try block(indent: lines[position].indent) : .null)
                } else if let colon = keyColon(rest), !rest.hasPrefix("{"), !rest.hasPrefix("[") {
                    // "- key: value" starts a map whose other keys are indented under it.
                    let itemIndent = indent + (line.text.count - rest.count)
                    var entries = [(key: unquote(String(rest[..<colon.lowerBound])),
                                    value: try valueAfterKey(String(rest[colon.upperBound...]), indent: itemIndent, line: line.number))]
                    while position < lines.count, lines[position].indent == itemIndent, let c = keyColon(lines[position].text) {
                        let entry = lines[position]
                        position += 1
                        entries.append((unquote(String(entry.text[..<c.lowerBound])),
                                        try valueAfterKey(String(entry.text[c.upperBound...]), indent: itemIndent, line: entry.number)))
                    }
                    items.append(.map(entries))
                } else {
                    items.append(try flow(rest, line: line.number))
                }
            }
            return .list(items)
        }

        private mutating func map(indent: Int) throws(Failure) -> YAML {
            var entries: [(key: String, value: YAML)] = []
            while position < lines.count, lines[position].indent == indent {
                let line = lines[position]
                guard let colon = keyColon(line.text) else { throw Failure(line: line.number, message: "expected \"key: value\"") }
                position += 1
                let key = unquote(String(line.text[..<colon.lowerBound]))
                entries.append((key, try valueAfterKey(String(line.text[colon.upperBound...]), indent: indent, line: line.number)))
            }
            return .map(entries)
        }

        /// The value after "key:": inline, or the indented block below.
        private mutating func valueAfterKey(_ text: String, indent: Int, line: Int) throws(Failure) -> YAML {
            let value = String(text.drop { $0 == " " })
            if !value.isEmpty { return try flow(value, line: line) }
            // A list may sit at the same indentation as its key.
            if position < lines.count, lines[position].indent > indent
                || (lines[position].indent == indent && lines[position].isListItem) {
                return try block(indent: lines[position].indent)
            }
            return .null
        }
    }

    /// The ": " (or final ":") that ends a key, outside quotes.
    private static func keyColon(_ text: String) -> Range<String.Index>? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "{" || c == "[" {
                return nil
            } else if c == ":" {
                let next = text.index(after: index)
                if next == text.endIndex { return index..<next }
                if text[next] == " " { return index..<text.index(after: next) }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// A scalar or a flow collection.
    private static func flow(_ text: String, line: Int) throws(Failure) -> YAML {
        var parser = FlowParser(characters: Array(text), line: line)
        let value = try parser.value()
        parser.skipBlanks()
        guard parser.index == parser.characters.count else {
            throw Failure(line: line, message: "unexpected text after value: \(String(parser.characters[parser.index...]))")
        }
        return value
    }

    private struct FlowParser {
        let characters: [Character]
        let line: Int
        var index = 0

        mutating func skipBlanks() {
            while index < characters.count, characters[index] == " " { index += 1 }
        }

        mutating func value(inFlow: Bool = false) throws(Failure) -> YAML {
            skipBlanks()
            guard index < characters.count else { return .null }
            switch characters[index] {
            case "[":
                index += 1
                var items: [YAML] = []
                skipBlanks()
                if index < characters.count, characters[index] == "]" { index += 1; return .list([]) }
                while true {
                    items.append(try value(inFlow: true))
                    skipBlanks()
                    guard index < characters.count else { throw Failure(line: line, message: "missing ]") }
                    if characters[index] == "]" { index += 1; return .list(items) }
                    guard characters[index] == "," else { throw Failure(line: line, message: "expected , or ]") }
                    index += 1
                }
            case "{":
                index += 1
                var entries: [(key: String, value: YAML)] = []
                skipBlanks()
                if index < characters.count, characters[index] == "}" { index += 1; return .map([]) }
                while true {
                    guard case .scalar(let key) = try scalar(inFlow: true, isKey: true) else { throw Failure(line: line, message: "expected a key") }
                    skipBlanks()
                    guard index < characters.count, characters[index] == ":" else { throw Failure(line: line, message: "expected : after \(key)") }
                    index += 1
                    entries.append((key, try value(inFlow: true)))
                    skipBlanks()
                    guard index < characters.count else { throw Failure(line: line, message: "missing }") }
                    if characters[index] == "}" { index += 1; return .map(entries) }
                    guard characters[index] == "," else { throw Failure(line: line, message: "expected , or }") }
                    index += 1
                }
            default:
                return try scalar(inFlow: inFlow, isKey: false)
            }
        }

        mutating func scalar(inFlow: Bool, isKey: Bool) throws(Failure) -> YAML {
            skipBlanks()
            guard index < characters.count else { return .null }
            let quote = characters[index]
            if quote == "\"" || quote == "'" {
                index += 1
                var out = ""
                while index < characters.count {
                    let c = characters[index]
                    index += 1
                    if quote == "'" && c == "'" {
                        if index < characters.count, characters[index] == "'" { out.append("'"); index += 1; continue }
                        return .scalar(out)
                    }
                    if quote == "\"" && c == "\"" { return .scalar(out) }
                    if quote == "\"" && c == "\\" && index < characters.count {
                        let e = characters[index]
                        index += 1
                        switch e {
                        case "n": out.append("\n")
                        case "t": out.append("\t")
                        case "r": out.append("\r")
                        case "0": out.append("\0")
                        default: out.append(e)
                        }
                        continue
                    }
                    out.append(c)
                }
                throw Failure(line: line, message: "unterminated string")
            }
            var out = ""
            while index < characters.count {
                let c = characters[index]
                if inFlow && (c == "," || c == "]" || c == "}") { break }
                if isKey && c == ":" { break }
                out.append(c)
                index += 1
            }
            let text = out.trimmingTrailingBlanks()
            if !isKey && (text == "~" || text == "null") { return .null }
            return .scalar(text)
        }
    }

    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" && (previous == " " || previous == "\t") {
                return String(line.prefix(offset))
            }
            previous = c
        }
        return line
    }

    private static func unquote(_ text: String) -> String {
        var parser = FlowParser(characters: Array(text), line: 0)
        if case .scalar(let value)? = try? parser.scalar(inFlow: false, isKey: false) { return value }
        return text
    }

    // MARK: writing

    /// The value as Go's %v prints it (Delve's `config -list`): `[a b]`, `map[k:v]`.
    var goText: String {
        switch self {
        case .scalar(let text): text
        case .list(let items): "[" + items.map(\.goText).joined(separator: " ") + "]"
        case .map(let entries): "map[" + entries.map { $0.key + ":" + $0.value.goText }.joined(separator: " ") + "]"
        case .null: "<nil>"
        }
    }

    /// Each top-level key of a block map with its lines as written (comments and blank
    /// lines go with the key above them; a list may sit at the key's indentation).
    static func topLevelSources(_ text: String) -> [(key: String, text: String)] {
        var sources: [(key: String, text: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let startsKey = !line.isEmpty && line.first != " " && line.first != "#" && line.first != "-" && line != "---"
            let text = String(line)
            if startsKey, let colon = keyColon(text) {
                sources.append((unquote(String(text[..<colon.lowerBound])), text + "\n"))
            } else if !sources.isEmpty {
                sources[sources.count - 1].text += line + "\n"
            }
        }
        // What follows a key's value up to the next key (blank lines, comments about the next
        // key) is not the key's.
        return sources.map { source in
            var lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            while let last = lines.last, last.allSatisfy({ $0 == " " }) || last.hasPrefix("#") { lines.removeLast() }
            return (source.key, lines.joined(separator: "\n") + "\n")
        }
    }

    /// A scalar as written: plain when that reads back the same, double-quoted otherwise.
    static func quoted(_ text: String) -> String {
        let special: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let needsQuotes = text.isEmpty || text.first.map(special.contains) == true || text.hasPrefix(" ") || text.hasSuffix(" ")
            || text.contains(": ") || text.contains(" #") || text.contains(",") || text.contains("]") || text.contains("}")
            || text.contains("\n") || text.contains("\t") || text.contains("\"") || text.hasSuffix(":")
            || ["null", "~", "true", "false", "yes", "no"].contains(text.lowercased())
        guard needsQuotes else { return text }
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var text = self
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
