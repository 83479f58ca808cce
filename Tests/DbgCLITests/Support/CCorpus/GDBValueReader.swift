import DbgTestSupport
import Foundation

/// Reads a value as gdb prints it (`set print pretty off`, no element limits, no repeats):
/// `{x = 1, y = {2, 3}}`, `(int *) 0x7ffe...`, `0x5555... <add>`, `0x... "text"`,
/// `65 'A'`, `(A | B)`, `<optimized out>`.
struct GDBValueReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let characters: [Character]
    private var index = 0

    private init(_ text: String) {
        characters = Array(text)
    }

    static func read(_ text: String) throws -> CorpusValue {
        var reader = GDBValueReader(text)
        reader.skipTypePrefix()
        let value = try reader.value()
        reader.skipSpaces()
        guard reader.atEnd else { throw Failure(description: "gdb value with trailing text: \(text)") }
        return value
    }

    private var atEnd: Bool { index >= characters.count }
    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func skipSpaces() {
        while peek() == " " { index += 1 }
    }

    /// `(int *) 0x...` and `{int (int)} 0x...`: a bracketed type before an address or text.
    private mutating func skipTypePrefix() { TypePrefix.skip(characters, at: &index) }

    private mutating func value() throws -> CorpusValue {
        skipSpaces()
        switch peek() {
        case "{": return try aggregate()
        case "\"": return .text(try string())
        case "<": return .unavailable(angleBracketed())
        case "0" where peek(1) == "x": return try pointer()
        default: return .scalar(scalar())
        }
    }

    private mutating func aggregate() throws -> CorpusValue {
        index += 1  // {
        var members: [CorpusValue.Member] = []
        while true {
            skipSpaces()
            if peek() == "}" {
                index += 1
                return .aggregate(members)
            }
            guard !atEnd else { throw Failure(description: "unterminated { in gdb value") }
            var name: String?
            var cursor = index
            var identifier = ""
            while cursor < characters.count, characters[cursor].isLetter || characters[cursor].isNumber || characters[cursor] == "_" {
                identifier.append(characters[cursor])
                cursor += 1
            }
            if !identifier.isEmpty, String(characters[cursor..<min(cursor + 3, characters.count)]) == " = " {
                name = identifier
                index = cursor + 3
            }
            members.append(CorpusValue.Member(name: name, value: try value()))
            skipSpaces()
            if peek() == "," { index += 1 }
        }
    }

    /// `0x...`, then maybe ` <symbol+offset>` and maybe ` "text"`.
    private mutating func pointer() throws -> CorpusValue {
        index += 2
        var digits = ""
        while let character = peek(), character.isHexDigit {
            digits.append(character)
            index += 1
        }
        guard let address = UInt64(digits, radix: 16) else { throw Failure(description: "bad address 0x\(digits)") }
        var symbol: String?
        if peek() == " ", peek(1) == "<" {
            index += 1
            let bracketed = angleBracketed()
            // `<error: Cannot access memory ...>` is no symbol: the text could not be read.
            if !bracketed.hasPrefix("error:") { symbol = bracketed }
        }
        if peek() == " ", peek(1) == "\"" {
            index += 1
            return .text(try string())
        }
        return address == 0 ? .null : .address(address, symbol: symbol)
    }

    private mutating func angleBracketed() -> String {
        index += 1  // <
        var text = ""
        while let character = peek(), character != ">" {
            text.append(character)
            index += 1
        }
        index += 1
        return text
    }

    /// A C string with gdb's escapes (`\000` octal, `\n`, `\"`...).
    private mutating func string() throws -> [UInt8] {
        let (bytes, isTerminated) = QuotedText.decode(characters, at: &index)
        guard isTerminated else { throw Failure(description: "unterminated string in gdb value") }
        return bytes
    }

    /// Up to the next `,` or `}` outside quotes and parentheses.
    private mutating func scalar() -> String { ScalarText.read(characters, at: &index) }
}
