import DbgTestSupport
import Foundation

/// What a printed C value says, whoever printed it: gdb (`{slots = 0x4052a0, size = 4}`,
/// `(char **) 0x4052a0`, `"ab\000"`, `Cannot access memory at address 0x0`) or dbg in
/// Delve's spelling (`struct table {slots: (**char)(0x4052a0), size: 4}`, `"ab\x00"`,
/// `cannot read memory at 0x0`). Both reduce to the same list of facts when they mean the
/// same: field names, addresses, numbers, string bytes, unreadable addresses. Types,
/// brackets and punctuation are spelling and drop out.
///
/// Limits, on purpose: bare names (enumerators) and character literals (`'h'`, which
/// repeat the number before them) are not facts here; the fixtures compared this way have
/// no enums.
enum CValueMeaning {
    enum Fact: Equatable, CustomStringConvertible {
        case field(String)
        case address(UInt64)
        case number(String)
        case text([UInt8])
        /// Memory that could not be read, at this address.
        case unreadable(UInt64)

        var description: String {
            switch self {
            case .field(let name): return name + ":"
            case .address(let address): return "0x" + String(address, radix: 16)
            case .number(let text): return text
            case .text(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self).debugDescription.dropFirst().dropLast() + "\""
            case .unreadable(let address): return "unreadable@0x" + String(address, radix: 16)
            }
        }

        /// Numbers are equal when they are the same double, or the same float when both are
        /// written with at most 9 significant digits (gdb prints a float with 9, `3.40282347e+38`,
        /// dbg with the fewest that read back, `3.4028235e+38`).
        func means(_ other: Fact) -> Bool {
            guard case .number(let mine) = self, case .number(let theirs) = other else { return self == other }
            if let a = Double(mine), let b = Double(theirs) {
                if a == b { return true }
                return Self.significantDigits(mine) <= 9 && Self.significantDigits(theirs) <= 9 && Float(a) == Float(b)
            }
            return mine == theirs
        }

        private static func significantDigits(_ text: String) -> Int {
            let mantissa = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).first ?? ""
            return mantissa.filter(\.isNumber).drop(while: { $0 == "0" }).count
        }
    }

    /// The facts of a value as gdb prints it (the text after `$N = `, or an error line).
    static func gdb(_ text: String) -> [Fact] {
        facts(text, dialect: .gdb)
    }

    /// The facts of a value as dbg prints it (or an error line, with or without "Command failed: ").
    static func dbg(_ text: String) -> [Fact] {
        let failure = "Command failed: "
        return facts(text.hasPrefix(failure) ? String(text.dropFirst(failure.count)) : text, dialect: .dbg)
    }

    /// Whether the two lists say the same, fact by fact.
    static func same(_ ours: [Fact], _ theirs: [Fact]) -> Bool {
        ours.count == theirs.count && zip(ours, theirs).allSatisfy { $0.means($1) }
    }

    private enum Dialect { case gdb, dbg }

    private static func facts(_ text: String, dialect: Dialect) -> [Fact] {
        var scanner = Scanner(characters: Array(text), dialect: dialect)
        return scanner.scan()
    }

    private struct Scanner {
        let characters: [Character]
        let dialect: Dialect
        var index = 0
        var facts: [Fact] = []

        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        func rest(startingWith prefix: String) -> Bool {
            String(characters[index..<min(index + prefix.count, characters.count)]).lowercased() == prefix.lowercased()
        }

        mutating func scan() -> [Fact] {
            while let character = peek() {
                let start = index
                if let unreadable = unreadableAddress() {
                    // dbg's `*(unreadable ... at 0x10)` is a pointer whose value is 0x10.
                    if dialect == .dbg, start > 0, characters[start - 1] == "*" {
                        facts.append(.address(unreadable))
                    } else {
                        facts.append(.unreadable(unreadable))
                    }
                } else if character == "\"" {
                    let bytes = quoted()
                    // gdb writes a `char *` as its address and its text; dbg (Delve) as its
                    // text only (see CValueTests.intendedDifferences).
                    if dialect == .gdb, case .address = facts.last { facts.removeLast() }
                    facts.append(.text(bytes))
                } else if character == "'" {
                    skipCharacterLiteral()
                } else if character == "0", peek(1) == "x" {
                    facts.append(.address(hexNumber()))
                } else if character.isNumber || (character == "-" && (peek(1)?.isNumber ?? false) && !(previousIsWordCharacter)) {
                    number()
                } else if character == "<" && dialect == .gdb {
                    skip(through: ">")  // a symbol: <main+4>
                } else if character == "[" && dialect == .dbg && isTypeDimension() {
                    skip(through: "]")  // [5]int: a type
                } else if character.isLetter || character == "_" {
                    word()
                } else {
                    index += 1
                }
            }
            return facts
        }

        var previousIsWordCharacter: Bool {
            index > 0 && (characters[index - 1].isLetter || characters[index - 1].isNumber || characters[index - 1] == "_")
        }

        /// `(unreadable cannot read memory at 0x10)`, `<error: Cannot access memory at address 0x10>`,
        /// and the same words in an error line.
        mutating func unreadableAddress() -> UInt64? {
            for phrase in ["(unreadable cannot read memory at ", "<error: Cannot access memory at address ",
                           "cannot read memory at ",
                           "Cannot access memory at address "] where rest(startingWith: phrase) {
                index += phrase.count
                let address = hexNumber()
                if peek() == ")" || peek() == ">" { index += 1 }
                return address
            }
            // The process layer's words (`x`): "cannot read 8 bytes at 0x0".
            guard peek() == "c" || peek() == "C" else { return nil }
            let tail = String(characters[index...])
            if let match = tail.prefixMatch(of: /cannot read \d+ bytes? at (0x[0-9a-f]+)/) {
                index += tail.distance(from: tail.startIndex, to: match.range.upperBound)
                return UInt64(match.1.dropFirst(2), radix: 16)
            }
            return nil
        }

        mutating func hexNumber() -> UInt64 {
            index += 2
            var digits = ""
            while let character = peek(), character.isHexDigit {
                digits.append(character)
                index += 1
            }
            return UInt64(digits, radix: 16) ?? 0
        }

        mutating func number() {
            var text = ""
            while let character = peek(), character.isNumber || "-+.eE".contains(character) {
                if (character == "-" || character == "+") && !text.isEmpty && !text.lowercased().hasSuffix("e") { break }
                text.append(character)
                index += 1
            }
            facts.append(.number(text))
        }

        /// A name: a field when followed by `:` (dbg) or ` = ` (gdb), `nil` (dbg's NULL),
        /// `inf`/`nan` (numbers); otherwise a type or keyword, which says nothing here.
        mutating func word() {
            var name = ""
            while let character = peek(), character.isLetter || character.isNumber || character == "_" {
                name.append(character)
                index += 1
            }
            let isField = dialect == .dbg ? peek() == ":" : rest(startingWith: " = ")
            if isField {
                facts.append(.field(name))
            } else if dialect == .dbg && name == "nil" {
                facts.append(.address(0))
            }
        }

        /// dbg's `[5]int`, `[3][4]char`: a dimension followed by a type, not an array's `[`.
        func isTypeDimension() -> Bool {
            var cursor = index + 1
            while cursor < characters.count, characters[cursor].isNumber { cursor += 1 }
            guard cursor > index + 1, cursor < characters.count, characters[cursor] == "]" else { return false }
            guard cursor + 1 < characters.count else { return false }
            let next = characters[cursor + 1]
            return next.isLetter || next == "_" || next == "*" || next == "["
        }

        mutating func skip(through end: Character) {
            while let character = peek() {
                index += 1
                if character == end { return }
            }
        }

        mutating func skipCharacterLiteral() {
            index += 1
            while let character = peek() {
                index += 1
                if character == "\\" {
                    index += 1
                } else if character == "'" {
                    return
                }
            }
        }

        /// A quoted string with C's escapes (gdb: `\000`, `\n`) or Go's (dbg: `\x00`, `\n`).
        mutating func quoted() -> [UInt8] {
            QuotedText.decode(characters, at: &index).bytes
        }
    }
}
