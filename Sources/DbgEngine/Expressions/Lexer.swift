/// Splits an expression into tokens. Literals follow C and Go: `42`, `0x2a`, `0b101`,
/// `052` (C) and `0o52` (Go) octal, `1_000` (Go), `10u`/`10L` suffixes, `1.5`, `1e9`,
/// `1.5f`, `'a'`, `'\n'`, `"text"`, and Go's raw strings in backquotes.
struct Lexer {
    private let characters: [Character]
    private var index = 0

    /// The longest operators first, so that `<<=` is not read as `<<` `=`.
    private static let punctuation = [
        "<<=", ">>=", "...", "->", "::", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "&^",
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "!", "<", ">", "=", "?", ":", ".", ",", "@",
        "(", ")", "[", "]", "{", "}",
    ].map { Array($0) }

    init(_ text: String) {
        characters = Array(text)
    }

    static func tokens(_ text: String) throws(ParseError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var column: Int { index + 1 }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    mutating func next() throws(ParseError) -> Token {
        while let character = peek(), character.isWhitespace { index += 1 }
        let start = column
        guard let character = peek() else { return Token(kind: .end, column: start) }
        if character.isNumber || (character == "." && peek(1)?.isNumber == true) {
            return Token(kind: try number(), column: start)
        }
        if Self.isIdentifierStart(character) {
            return Token(kind: .identifier(identifier()), column: start)
        }
        switch character {
        case "$":
            index += 1
            let name = identifier()
            guard !name.isEmpty else { throw ParseError("expected a register name after '$'", column: start) }
            return Token(kind: .register(name), column: start)
        case "'":
            return Token(kind: try characterLiteral(), column: start)
        case "\"":
            return Token(kind: .string(try stringLiteral()), column: start)
        case "`":
            return Token(kind: .string(try rawString()), column: start)
        default:
            for symbol in Self.punctuation where matches(symbol) {
                index += symbol.count
                return Token(kind: .punctuation(String(symbol)), column: start)
            }
            throw ParseError("unexpected character '\(character)'", column: start)
        }
    }

    private func matches(_ symbol: [Character]) -> Bool {
        for (offset, character) in symbol.enumerated() where peek(offset) != character { return false }
        return true
    }

    static func isIdentifierStart(_ character: Character) -> Bool {
        character == "_" || (character.isLetter && character.isASCII) || (!character.isASCII && character.isLetter)
    }

    static func isIdentifierPart(_ character: Character) -> Bool {
        isIdentifierStart(character) || (character.isASCII && character.isNumber)
    }

    private mutating func identifier() -> String {
        var name = ""
        while let character = peek(), Self.isIdentifierPart(character) {
            name.append(character)
            index += 1
        }
        return name
    }

    // MARK: Numbers

    private mutating func number() throws(ParseError) -> Token.Kind {
        let start = column
        var text = ""
        var isFloat = false
        var radix = 10
        if peek() == "0", let marker = peek(1), "xXbBoO".contains(marker) {
            radix = "xX".contains(marker) ? 16 : "bB".contains(marker) ? 2 : 8
            index += 2
        }
        while let character = peek() {
            if character == "_" {
                index += 1
                continue
            }
            if radix == 16 ? character.isHexDigit : character.isASCII && character.isNumber {
                text.append(character)
            } else if radix == 10, character == "." {
                isFloat = true
                text.append(character)
            } else if radix == 10, character == "e" || character == "E" {
                isFloat = true
                text.append(character)
                if let sign = peek(1), sign == "+" || sign == "-" {
                    text.append(sign)
                    index += 1
                }
            } else {
                break
            }
            index += 1
        }
        if isFloat {
            var isSingle = false
            if let suffix = peek(), "fFlL".contains(suffix) {
                isSingle = "fF".contains(suffix)
                index += 1
            }
            guard let value = Double(text) else { throw ParseError("malformed number '\(text)'", column: start) }
            try rejectTrailingLetters(start: start)
            return .float(value, isSingle: isSingle)
        }
        // C: a leading 0 means octal.
        if radix == 10, text.count > 1, text.first == "0" { radix = 8 }
        guard !text.isEmpty, let value = UInt64(text, radix: radix) else {
            throw ParseError("malformed or too large number", column: start)
        }
        var suffix = IntegerSuffix.none
        while let character = peek(), "uUlL".contains(character) {
            if "uU".contains(character) { suffix.isUnsigned = true } else { suffix.longCount += 1 }
            index += 1
        }
        try rejectTrailingLetters(start: start)
        return .integer(value, suffix)
    }

    private func rejectTrailingLetters(start: Int) throws(ParseError) {
        if let character = peek(), Self.isIdentifierPart(character) {
            throw ParseError("malformed number", column: start)
        }
    }

    // MARK: Characters and strings

    private mutating func characterLiteral() throws(ParseError) -> Token.Kind {
        let start = column
        index += 1
        guard let character = peek(), character != "'" else { throw ParseError("empty character literal", column: start) }
        let value: UInt32
        if character == "\\" {
            value = try escape(start: start)
        } else {
            value = character.unicodeScalars.first?.value ?? 0
            index += 1
        }
        guard peek() == "'" else { throw ParseError("unterminated character literal", column: start) }
        index += 1
        return .character(value)
    }

    private mutating func stringLiteral() throws(ParseError) -> [UInt8] {
        let start = column
        index += 1
        var bytes: [UInt8] = []
        while let character = peek() {
            if character == "\"" {
                index += 1
                return bytes
            }
            if character == "\\" {
                let value = try escape(start: start)
                if value < 0x100 {
                    bytes.append(UInt8(value))
                } else if let scalar = Unicode.Scalar(value) {
                    bytes += Array(String(scalar).utf8)
                }
            } else {
                bytes += Array(String(character).utf8)
                index += 1
            }
        }
        throw ParseError("unterminated string literal", column: start)
    }

    private mutating func rawString() throws(ParseError) -> [UInt8] {
        let start = column
        index += 1
        var bytes: [UInt8] = []
        while let character = peek() {
            index += 1
            if character == "`" { return bytes }
            bytes += Array(String(character).utf8)
        }
        throw ParseError("unterminated raw string", column: start)
    }

    /// An escape after `\`: `\n` and friends, `\x41`, octal `\101`, `\u00e9`.
    private mutating func escape(start: Int) throws(ParseError) -> UInt32 {
        index += 1  // the backslash
        guard let character = peek() else { throw ParseError("unterminated escape", column: start) }
        index += 1
        switch character {
        case "n": return 0x0a
        case "t": return 0x09
        case "r": return 0x0d
        case "a": return 0x07
        case "b": return 0x08
        case "f": return 0x0c
        case "v": return 0x0b
        case "e": return 0x1b
        case "\\", "'", "\"", "?": return character.unicodeScalars.first?.value ?? 0
        case "x": return try digits(radix: 16, maxCount: 2, start: start)
        case "u": return try digits(radix: 16, maxCount: 4, start: start)
        case "U": return try digits(radix: 16, maxCount: 8, start: start)
        case "0"..."7":
            index -= 1
            return try digits(radix: 8, maxCount: 3, start: start)
        default:
            throw ParseError("unknown escape '\\\(character)'", column: start)
        }
    }

    private mutating func digits(radix: Int, maxCount: Int, start: Int) throws(ParseError) -> UInt32 {
        var text = ""
        while text.count < maxCount, let character = peek(), character.isHexDigit,
              Int(String(character), radix: radix) != nil {
            text.append(character)
            index += 1
        }
        guard let value = UInt32(text, radix: radix) else { throw ParseError("malformed escape", column: start) }
        return value
    }
}
