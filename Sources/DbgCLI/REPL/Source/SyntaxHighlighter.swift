import DbgSymbols

/// Keyword-aware colouring of source lines (C, C++, Go, Swift): keywords, strings,
/// numbers and comments. A small scanner over the whole file, so comments and strings
/// that span lines are coloured right wherever a listing starts.
struct SyntaxHighlighter {
    enum Style: Sendable, Equatable {
        case plain, keyword, string, number, comment
    }

    /// A run of one style within a line, in UTF-8 byte offsets.
    struct Span: Sendable, Equatable {
        var start: Int
        var end: Int
        var style: Style
    }

    let language: SourceLanguage

    /// The styled spans of every line (plain text between them is not listed).
    func spans(lines: [String]) -> [[Span]] {
        var scanner = Scanner(language: language)
        return lines.map { scanner.scan(Array($0.utf8)) }
    }

    /// One line with ANSI colours.
    static func paint(_ line: String, spans: [Span], theme: Theme) -> String {
        guard theme.enabled, !spans.isEmpty else { return line }
        let bytes = Array(line.utf8)
        var out = ""
        var cursor = 0
        for span in spans where span.start >= cursor && span.end <= bytes.count {
            out += String(decoding: bytes[cursor..<span.start], as: UTF8.self)
            let text = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
            out += theme.paint(text, role(span.style))
            cursor = span.end
        }
        return out + String(decoding: bytes[cursor...], as: UTF8.self)
    }

    private static func role(_ style: Style) -> Theme.Role {
        switch style {
        case .keyword: .keyword
        case .string: .string
        case .number: .number
        case .comment: .comment
        case .plain: .dim
        }
    }

    /// The scanner's state between lines.
    private struct Scanner {
        let language: SourceLanguage
        let keywords: Set<String>
        let constants: Set<String>
        /// Inside a block comment (depth > 1 only in Swift, which nests them).
        var commentDepth = 0
        /// Inside a multi-line string: its closing delimiter (` for Go, """ for Swift).
        var openString: [UInt8]?

        init(language: SourceLanguage) {
            self.language = language
            keywords = language.keywords
            constants = language.constants
        }

        mutating func scan(_ line: [UInt8]) -> [Span] {
            var spans: [Span] = []
            var i = 0
            func add(_ start: Int, _ end: Int, _ style: Style) {
                if end > start { spans.append(Span(start: start, end: end, style: style)) }
            }
            // Continue what the previous line left open.
            if commentDepth > 0 {
                let end = endOfBlockComment(line, from: 0)
                add(0, end, .comment)
                i = end
            } else if let closing = openString {
                if let close = find(closing, in: line, from: 0) {
                    add(0, close + closing.count, .string)
                    openString = nil
                    i = close + closing.count
                } else {
                    add(0, line.count, .string)
                    return spans
                }
            }
            if language.hasPreprocessor, commentDepth == 0, let first = line[i...].firstIndex(where: { $0 != 32 && $0 != 9 }), line[first] == UInt8(ascii: "#") {
                var end = first + 1
                while end < line.count, line[end] == 32 || line[end] == 9 { end += 1 }
                while end < line.count, isIdentifier(line[end]) { end += 1 }
                add(first, end, .keyword)
                i = end
                // #include <file.h>: the file is a string.
                if let open = line[end...].firstIndex(of: UInt8(ascii: "<")), let close = line[open...].firstIndex(of: UInt8(ascii: ">")) {
                    if line[end..<open].allSatisfy({ $0 == 32 || $0 == 9 }) {
                        add(open, close + 1, .string)
                        i = close + 1
                    }
                }
            }
            while i < line.count {
                let c = line[i]
                let next = i + 1 < line.count ? line[i + 1] : 0
                if c == UInt8(ascii: "/") && next == UInt8(ascii: "/") {
                    add(i, line.count, .comment)
                    return spans
                }
                if c == UInt8(ascii: "/") && next == UInt8(ascii: "*") {
                    commentDepth = 1
                    let end = endOfBlockComment(line, from: i + 2)
                    add(i, end, .comment)
                    i = end
                    continue
                }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || (c == UInt8(ascii: "`") && language.hasRawStrings)
                    || (c == UInt8(ascii: "#") && language.hasHashDelimitedStrings && next == UInt8(ascii: "\"")) {
                    let end = endOfString(line, from: i)
                    add(i, end, .string)
                    i = end
                    continue
                }
                if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(next)) {
                    var end = i + 1
                    while end < line.count {
                        let d = line[end]
                        if isIdentifier(d) || d == UInt8(ascii: ".") {
                            end += 1
                        } else if (d == UInt8(ascii: "+") || d == UInt8(ascii: "-")), "eEpP".utf8.contains(line[end - 1]),
                                  !(line[i] == UInt8(ascii: "0") && i + 1 < end && "xX".utf8.contains(line[i + 1]) && "eE".utf8.contains(line[end - 1])) {
                            end += 1
                        } else {
                            break
                        }
                    }
                    add(i, end, .number)
                    i = end
                    continue
                }
                if isIdentifierStart(c) || ((c == UInt8(ascii: "@") || c == UInt8(ascii: "#")) && language.hasAttributeWords) {
                    var end = i + 1
                    while end < line.count, isIdentifier(line[end]) { end += 1 }
                    let word = String(decoding: line[i..<end], as: UTF8.self)
                    // The word before a `.` member access is never a keyword (`x.type` is).
                    let afterDot = i > 0 && line[i - 1] == UInt8(ascii: ".")
                    if !afterDot && (keywords.contains(word) || word.hasPrefix("@") || word.hasPrefix("#")) && word.count > 1 {
                        add(i, end, .keyword)
                    } else if !afterDot && constants.contains(word) {
                        add(i, end, .number)
                    }
                    i = end
                    continue
                }
                i += 1
            }
            return spans
        }

        /// Where the block comment that is open ends on this line (or the line's end).
        private mutating func endOfBlockComment(_ line: [UInt8], from start: Int) -> Int {
            var i = start
            while i < line.count {
                if line[i] == UInt8(ascii: "*"), i + 1 < line.count, line[i + 1] == UInt8(ascii: "/") {
                    commentDepth -= 1
                    i += 2
                    if commentDepth == 0 { return i }
                    continue
                }
                if language.nestsBlockComments, line[i] == UInt8(ascii: "/"), i + 1 < line.count, line[i + 1] == UInt8(ascii: "*") {
                    commentDepth += 1
                    i += 2
                    continue
                }
                i += 1
            }
            return line.count
        }

        /// The end of a string or character literal starting at `start`; opens a
        /// multi-line string when it does not close on this line.
        private mutating func endOfString(_ line: [UInt8], from start: Int) -> Int {
            var i = start
            var hashes = 0
            while i < line.count, line[i] == UInt8(ascii: "#") { hashes += 1; i += 1 }
            let quote = line[i]
            if quote == UInt8(ascii: "`") {
                if let close = line[(i + 1)...].firstIndex(of: quote) { return close + 1 }
                openString = [quote]
                return line.count
            }
            let closingHashes = [UInt8](repeating: UInt8(ascii: "#"), count: hashes)
            if language.hasMultilineStrings, quote == UInt8(ascii: "\""), line.count >= i + 3, line[i + 1] == quote, line[i + 2] == quote {
                let closing = [quote, quote, quote] + closingHashes
                if let close = find(closing, in: line, from: i + 3) { return close + closing.count }
                openString = closing
                return line.count
            }
            i += 1
            while i < line.count {
                if line[i] == UInt8(ascii: "\\") && hashes == 0 {
                    i += 2
                    continue
                }
                if line[i] == quote {
                    let end = i + 1 + hashes
                    if hashes == 0 || (end <= line.count && line[(i + 1)..<end].allSatisfy { $0 == UInt8(ascii: "#") }) {
                        return min(end, line.count)
                    }
                }
                i += 1
            }
            return line.count
        }

        private func find(_ needle: [UInt8], in line: [UInt8], from start: Int) -> Int? {
            guard needle.count <= line.count else { return nil }
            var i = start
            while i + needle.count <= line.count {
                if line[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i += 1
            }
            return nil
        }

        private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

        private func isIdentifierStart(_ c: UInt8) -> Bool {
            (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
        }

        private func isIdentifier(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
    }
}
