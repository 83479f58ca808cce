import DbgTestSupport
import Foundation

/// Reads a value as dbg prints it, in Delve's style, on one line or pretty-printed over
/// several: `struct point {x: 1, y: 2}`, `[3]int [1,2,3]`, `(*int)(0x7ffe...)`, `*42`,
/// `*struct node nil`, `: union {...} {...}` (an anonymous member), `...+2 more`,
/// `(unreadable ...)`.
struct DelveValueReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let characters: [Character]
    private var index = 0

    private init(_ text: String) {
        characters = Array(text)
    }

    static func read(_ text: String) throws -> CorpusValue {
        var reader = DelveValueReader(text)
        let value = try reader.value()
        reader.skipSpaces()
        guard reader.atEnd else { throw Failure(description: "dbg value with trailing text: \(text)") }
        return value
    }

    private var atEnd: Bool { index >= characters.count }
    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }
    private func upcoming(_ text: String) -> Bool {
        let end = index + text.count
        return end <= characters.count && String(characters[index..<end]) == text
    }

    private mutating func skipSpaces() {
        while let character = peek(), character == " " || character == "\n" || character == "\t" { index += 1 }
    }

    private mutating func value() throws -> CorpusValue {
        skipSpaces()
        if upcoming("...+") {
            while let character = peek(), character != ",", character != "}", character != "]" { index += 1 }
            return .elided
        }
        if upcoming("{...}") || upcoming("[...]") {
            index += 5
            return .elided
        }
        switch peek() {
        case "\"": return try text()
        case "(": return try parenthesized()
        case "*":
            index += 1
            let target = try value()
            if case .null = target { return .null }
            return .pointee(target)
        case "[" where !startsArrayType(): return try elements()
        case "{": return try members()
        default: break
        }
        let head = typeOrScalar()
        if upcoming("{...}") || upcoming("[...]") {
            index += 5
            return .elided
        }
        if upcoming("{") { return try members() }
        if upcoming("[") { return try elements() }
        if head == "nil" || head.hasSuffix(" nil") { return .null }
        if head.hasPrefix("unsafe.Pointer(0x"), let address = UInt64(head.dropFirst(17).dropLast(), radix: 16) {
            return .address(address, symbol: nil)
        }
        guard !head.isEmpty else { throw Failure(description: "no value at \(index) in \(String(characters))") }
        return .scalar(head)
    }

    /// `[4]int [...]` and `[]int []` (a flexible array member) start with their type; `[1,2]`
    /// (an inner array) does not.
    private func startsArrayType() -> Bool {
        var cursor = index + 1
        while cursor < characters.count, characters[cursor].isNumber { cursor += 1 }
        guard cursor < characters.count, characters[cursor] == "]" else { return false }
        guard cursor + 1 < characters.count else { return false }
        let next = characters[cursor + 1]
        return next != "," && next != "]" && next != " " && next != "\n"
    }

    /// A type name before `{` or ` [`, or a scalar up to the next `,`, `}`, `]` or line end.
    /// Returns the scalar (trimmed); a type is left out, the reader then stands on the body.
    private mutating func typeOrScalar() -> String {
        var text = ""
        var depth = 0
        var inQuote = false
        while let character = peek() {
            if inQuote {
                text.append(character)
                index += 1
                if character == "\\", let next = peek() {
                    text.append(next)
                    index += 1
                } else if character == "'" {
                    inQuote = false
                }
                continue
            }
            if depth == 0 {
                if character == "," || character == "}" || character == "]" || character == "\n" { break }
                if character == "{" {
                    // `struct {...} {radius: 2.5}`: `{...}` is part of the type's name.
                    if upcoming("{...}"), !text.trimmingCharacters(in: .whitespaces).isEmpty {
                        text += "{...}"
                        index += 5
                        continue
                    }
                    return ""
                }
                if character == "[", text.hasSuffix(" "), !startsArrayType() { return "" }
                if character == "[", text.isEmpty || text.hasSuffix(" ") {
                    // An array type: `[2][3]int`.
                    while let bracket = peek(), bracket == "[" {
                        while let inside = peek(), inside != "]" { text.append(inside); index += 1 }
                        text.append("]")
                        index += 1
                    }
                    continue
                }
            }
            if character == "'" { inQuote = true }
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            text.append(character)
            index += 1
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `(*int)(0x...)` (a pointer by its address) or `(unreadable ...)`.
    private mutating func parenthesized() throws -> CorpusValue {
        let first = balanced()
        if first.hasPrefix("unreadable") || first.hasPrefix("optimized") { return .unavailable(first) }
        guard peek() == "(" else { throw Failure(description: "(\(first)) without an address") }
        let inner = balanced()
        guard inner.hasPrefix("0x"), let address = UInt64(inner.dropFirst(2), radix: 16) else {
            throw Failure(description: "bad address (\(inner))")
        }
        return address == 0 ? .null : .address(address, symbol: nil)
    }

    private mutating func balanced() -> String {
        var depth = 0
        var text = ""
        while let character = peek() {
            index += 1
            if character == "(" {
                depth += 1
                if depth == 1 { continue }
            }
            if character == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            text.append(character)
        }
        return text
    }

    /// `{name: value, : anonymous, ...+N more}`, with or without newlines and a trailing comma.
    private mutating func members() throws -> CorpusValue {
        index += 1  // {
        var members: [CorpusValue.Member] = []
        while true {
            skipSpaces()
            if peek() == "}" {
                index += 1
                return .aggregate(members)
            }
            guard !atEnd else { throw Failure(description: "unterminated { in dbg value") }
            var name: String?
            if upcoming(": ") {
                index += 2
            } else {
                var cursor = index
                var identifier = ""
                while cursor < characters.count, characters[cursor].isLetter || characters[cursor].isNumber || characters[cursor] == "_" {
                    identifier.append(characters[cursor])
                    cursor += 1
                }
                if !identifier.isEmpty, cursor + 1 < characters.count, characters[cursor] == ":", characters[cursor + 1] == " " {
                    name = identifier
                    index = cursor + 2
                }
            }
            members.append(CorpusValue.Member(name: name, value: try value()))
            skipSpaces()
            if peek() == "," { index += 1 }
        }
    }

    private mutating func elements() throws -> CorpusValue {
        index += 1  // [
        var elements: [CorpusValue.Member] = []
        while true {
            skipSpaces()
            if peek() == "]" {
                index += 1
                return .aggregate(elements)
            }
            guard !atEnd else { throw Failure(description: "unterminated [ in dbg value") }
            elements.append(CorpusValue.Member(name: nil, value: try value()))
            skipSpaces()
            if peek() == "," { index += 1 }
        }
    }

    /// A string; one the load limit cut ends in `...+N more` inside the quotes.
    private mutating func text() throws -> CorpusValue {
        let bytes = try string()
        let text = String(decoding: bytes, as: UTF8.self)
        if let match = text.firstMatch(of: /\.\.\.\+(\d+) more$/) {
            return .textPrefix(Array(text[..<match.range.lowerBound].utf8))
        }
        return .text(bytes)
    }

    /// A Go-quoted string: `\n`, `\t`, `\"`, `\\`, `\xHH`, `\uHHHH`; other characters as UTF-8.
    private mutating func string() throws -> [UInt8] {
        let (bytes, isTerminated) = QuotedText.decode(characters, at: &index)
        guard isTerminated else { throw Failure(description: "unterminated string in dbg value") }
        return bytes
    }
}
