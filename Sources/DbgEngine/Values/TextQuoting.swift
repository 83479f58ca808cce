/// Quoting of strings and characters for output.
enum TextQuoting {
    /// A string quoted as Go's `%q` does (Delve prints strings so): printable characters as
    /// they are, `\n`-style escapes, `\x..` for other control bytes and for bytes that are
    /// not UTF-8, `\u....` for other unprintable characters.
    static func goQuoted(_ bytes: [UInt8]) -> String {
        var out = "\""
        var index = 0
        while index < bytes.count {
            guard let (scalar, length) = decodeUTF8(bytes, at: index) else {
                out += "\\x" + hex(UInt32(bytes[index]), digits: 2)
                index += 1
                continue
            }
            index += length
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        return out + "\""
    }

    /// A C character as gdb shows it after its number: `'h'`, `'\n'`, `'\000'`, `'\310'`.
    static func cCharacter(_ byte: UInt8) -> String {
        switch byte {
        case 0x27: return "'\\''"
        case 0x5c: return "'\\\\'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0c: return "'\\f'"
        case 0x0a: return "'\\n'"
        case 0x0d: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0b: return "'\\v'"
        case 0x1b: return "'\\033'"
        case 0x20...0x7e: return "'" + String(UnicodeScalar(byte)) + "'"
        default:
            let octal = String(byte, radix: 8)
            return "'\\" + String(repeating: "0", count: 3 - octal.count) + octal + "'"
        }
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols, and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator, .lineSeparator,
             .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// The scalar encoded at `index` and its length in bytes; nil for bytes that are not
    /// well-formed UTF-8 (overlong forms, surrogates, truncated sequences).
    static func decodeUTF8(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let first = bytes[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        let length: Int
        let minimum: UInt32
        var value: UInt32
        switch first {
        case 0xc2...0xdf: (length, minimum, value) = (2, 0x80, UInt32(first & 0x1f))
        case 0xe0...0xef: (length, minimum, value) = (3, 0x800, UInt32(first & 0x0f))
        case 0xf0...0xf4: (length, minimum, value) = (4, 0x10000, UInt32(first & 0x07))
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xc0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3f)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
