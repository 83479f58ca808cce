import DbgTestSupport
import Foundation

/// A value as gdb's `print` writes it, parsed: enough structure to compare meanings with
/// our loaded values (numbers, names, fields, elements, addresses, symbols, string bytes),
/// not gdb's spelling.
indirect enum GDBValue: CustomStringConvertible {
    /// A number, character (`104 'h'`), enumerator, flag set or boolean, as written.
    case scalar(String)
    /// `"text"`, C escapes decoded.
    case string([UInt8])
    /// `0x4100 <global_origin>`, `0x2010 "add"`, `0x0`.
    case pointer(address: UInt64, symbol: String?, string: [UInt8]?)
    /// `{x = 1, y = 2}` (names) or `{1, 2}` (elements); anonymous members have no name.
    case composite([(name: String?, value: GDBValue)])

    var description: String {
        switch self {
        case .scalar(let text): return text
        case .string(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
        case .pointer(let address, let symbol, let string):
            return "0x" + String(address, radix: 16) + (symbol.map { " <\($0)>" } ?? "")
                + (string.map { " \"" + String(decoding: $0, as: UTF8.self) + "\"" } ?? "")
        case .composite(let items):
            return "{" + items.map { ($0.name.map { $0 + " = " } ?? "") + $0.value.description }.joined(separator: ", ") + "}"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses the text after `$N = `, dropping a leading `(type) ` or `{type} ` that gdb
    /// writes before top-level pointers and functions.
    static func parse(_ text: String) throws -> GDBValue {
        var parser = Parser(characters: Array(text))
        parser.skipTypePrefix()
        let value = try parser.value()
        parser.skipSpaces()
        guard parser.atEnd else { throw Failure(description: "trailing text in gdb value: \(text)") }
        return value
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        var atEnd: Bool { index >= characters.count }
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        mutating func skipSpaces() {
            while peek() == " " { index += 1 }
        }

        /// `(int *) 0x...` and `{int (void)} 0x...`: a bracketed type before an address.
        mutating func skipTypePrefix() { TypePrefix.skip(characters, at: &index) }

        mutating func value() throws -> GDBValue {
            skipSpaces()
            switch peek() {
            case "{": return try composite()
            case "\"": return .string(try string())
            case "0" where peek(1) == "x":
                return try pointer()
            default:
                return .scalar(scalar())
            }
        }

        mutating func composite() throws -> GDBValue {
            index += 1  // {
            var items: [(name: String?, value: GDBValue)] = []
            while true {
                skipSpaces()
                if peek() == "}" {
                    index += 1
                    return .composite(items)
                }
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
                items.append((name, try value()))
                skipSpaces()
                if peek() == "," { index += 1 }
                guard !atEnd else { throw Failure(description: "unterminated {") }
            }
        }

        mutating func pointer() throws -> GDBValue {
            var text = ""
            index += 2
            while let character = peek(), character.isHexDigit {
                text.append(character)
                index += 1
            }
            guard let address = UInt64(text, radix: 16) else { throw Failure(description: "bad address 0x\(text)") }
            var symbol: String?
            var string: [UInt8]?
            if peek() == " ", peek(1) == "<" {
                index += 2
                var name = ""
                while let character = peek(), character != ">" {
                    name.append(character)
                    index += 1
                }
                index += 1
                symbol = name
            }
            if peek() == " ", peek(1) == "\"" {
                index += 1
                string = try self.string()
            }
            return .pointer(address: address, symbol: symbol, string: string)
        }

        /// A C string with gdb's escapes (`\000` octal, `\n`, `\"`...).
        mutating func string() throws -> [UInt8] {
            let (bytes, isTerminated) = QuotedText.decode(characters, at: &index)
            guard isTerminated else { throw Failure(description: "unterminated string") }
            return bytes
        }

        /// Up to the next `,` or `}` outside quotes and parentheses.
        mutating func scalar() -> String { ScalarText.read(characters, at: &index) }
    }
}
