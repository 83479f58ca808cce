import Glibc

/// The bits of Go's fmt and strconv that Delve's output uses: %q quoting and the
/// verbs of `print %x v`.
public enum GoFormat {
    /// strconv.Quote: "a\"b\n" with Go's escapes; printable Unicode is kept.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
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
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + pad(String(scalar.value, radix: 16), to: 2)
                } else if !isPrintable(scalar) {
                    out += scalar.value > 0xFFFF
                        ? "\\U" + pad(String(scalar.value, radix: 16), to: 8)
                        : "\\u" + pad(String(scalar.value, radix: 16), to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// strconv.Quote of bytes that are not all UTF-8: a byte outside any well-formed sequence
    /// is `\xNN`, as Go quotes a string holding it; the rest as `quote`.
    public static func quote(bytes: [UInt8]) -> String {
        var out = ""
        var run: [UInt8] = []
        func flush() {
            out += quote(String(decoding: run, as: UTF8.self)).dropFirst().dropLast()
            run = []
        }
        var index = 0
        while index < bytes.count {
            let length = wellFormedLength(bytes, at: index)
            if length == 0 {
                flush()
                out += "\\x" + pad(String(bytes[index], radix: 16), to: 2)
                index += 1
            } else {
                run += bytes[index..<index + length]
                index += length
            }
        }
        flush()
        return "\"" + out + "\""
    }

    /// The length of the UTF-8 sequence at `index`, 0 when it is not well formed.
    private static func wellFormedLength(_ bytes: [UInt8], at index: Int) -> Int {
        let length = switch bytes[index] {
        case 0x00...0x7f: 1
        case 0xc2...0xdf: 2
        case 0xe0...0xef: 3
        case 0xf0...0xf4: 4
        default: 0
        }
        guard length > 0, index + length <= bytes.count,
              String(validating: bytes[index..<index + length], as: UTF8.self) != nil
        else { return 0 }
        return length
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: false
        case .spaceSeparator: scalar == " "
        default: true
        }
    }

    private static func pad(_ digits: String, to width: Int, with fill: Character = "0") -> String {
        String(repeating: fill, count: max(0, width - digits.count)) + digits
    }

    /// A parsed verb: %[flags][width][.precision]verb.
    struct Verb {
        var flags: Set<Character> = []
        var width: Int?
        var precision: Int?
        var verb: Character = "v"

        init?(_ text: String) {
            var rest = Substring(text)
            guard rest.popFirst() == "%" else { return nil }
            while let c = rest.first, "#0+- ".contains(c) {
                flags.insert(c)
                rest = rest.dropFirst()
            }
            let widthDigits = rest.prefix { $0.isNumber }
            if !widthDigits.isEmpty { width = Int(widthDigits) }
            rest = rest.dropFirst(widthDigits.count)
            if rest.first == "." {
                rest = rest.dropFirst()
                let digits = rest.prefix { $0.isNumber }
                precision = Int(digits) ?? 0
                rest = rest.dropFirst(digits.count)
            }
            guard rest.count == 1, let verb = rest.first else { return nil }
            self.verb = verb
        }

        func padded(_ text: String) -> String {
            guard let width, text.count < width else { return text }
            let fill = String(repeating: " ", count: width - text.count)
            return flags.contains("-") ? text + fill : fill + text
        }
    }

    /// Delve's ExtractIntValue: "Paid (1)" → "1" (enum-like values carry their number).
    static func extractIntegerText(_ value: String) -> String {
        guard value.hasSuffix(")"), let open = value.lastIndex(of: "(") else { return value }
        return String(value[value.index(after: open)..<value.index(before: value.endIndex)])
    }

    static func format(value: String, kind: VariableKind, verb text: String) -> String {
        guard let verb = Verb(text) else { return "%!(BADVERB \(text))" + value }
        if kind == .bool {
            return verb.padded(value)
        }
        if kind.isFloat {
            guard let number = Double(value) else { return value }
            return verb.padded(float(number, verb))
        }
        let digits = extractIntegerText(value)
        if kind.isUnsignedInteger {
            guard let number = UInt64(digits) else { return value }
            return integer(magnitude: number, negative: false, verb)
        }
        guard let number = Int64(digits) else { return value }
        return integer(magnitude: number.magnitude, negative: number < 0, verb)
    }

    static func format(string: String, verb text: String) -> String {
        guard let verb = Verb(text) else { return "%!(BADVERB \(text))" + string }
        switch verb.verb {
        case "q": return verb.padded(quote(string))
        case "x", "X":
            let bytes = string.utf8.map { pad(String($0, radix: 16, uppercase: verb.verb == "X"), to: 2) }
            return verb.padded(bytes.joined())
        default: return verb.padded(string)
        }
    }

    static func format(complexReal real: String, imaginary: String, verb text: String) -> String {
        guard var verb = Verb(text), let r = Double(real), let i = Double(imaginary) else { return "(\(real) + \(imaginary)i)" }
        let realText = float(r, verb)
        verb.flags.insert("+")
        return "(\(realText)\(float(i, verb))i)"
    }

    private static func integer(magnitude: UInt64, negative: Bool, _ verb: Verb) -> String {
        var digits: String
        var prefix = ""
        switch verb.verb {
        case "x": digits = String(magnitude, radix: 16); if verb.flags.contains("#") { prefix = "0x" }
        case "X": digits = String(magnitude, radix: 16, uppercase: true); if verb.flags.contains("#") { prefix = "0X" }
        case "o": digits = String(magnitude, radix: 8); if verb.flags.contains("#") { prefix = "0" }
        case "O": digits = String(magnitude, radix: 8); prefix = "0o"
        case "b": digits = String(magnitude, radix: 2)
        case "c":
            return verb.padded(Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)).map { String(Character($0)) } ?? "\u{FFFD}")
        case "q":
            let character = Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)).map { String(Character($0)) } ?? "\u{FFFD}"
            return verb.padded("'" + String(quote(character).dropFirst().dropLast()) + "'")
        case "U": digits = pad(String(magnitude, radix: 16, uppercase: true), to: 4); prefix = "U+"
        default: digits = String(magnitude)
        }
        if let precision = verb.precision { digits = pad(digits, to: precision) }
        let sign = negative ? "-" : (verb.flags.contains("+") ? "+" : "")
        if verb.flags.contains("0"), !verb.flags.contains("-"), verb.precision == nil, let width = verb.width {
            digits = pad(digits, to: width - sign.count - prefix.count)
        }
        return verb.padded(sign + prefix + digits)
    }

    /// Floats through C's snprintf (Go's %e %f %g agree with C's for these).
    private static func float(_ value: Double, _ verb: Verb) -> String {
        var c = "%"
        for flag in ["+", "-", "0", " ", "#"] where verb.flags.contains(Character(flag)) { c += flag }
        if let width = verb.width { c += String(width) }
        if let precision = verb.precision { c += "." + String(precision) }
        switch verb.verb {
        case "e", "E", "f", "F", "g", "G": c.append(verb.verb)
        case "x", "X": c.append(verb.verb == "x" ? "a" : "A")
        default:
            // %v: Go's shortest representation, which Swift's description matches for
            // ordinary values ("120" rather than "120.0").
            let text = value == value.rounded() && abs(value) < 1e21 ? String(Int64(value)) : String(value)
            return verb.padded((verb.flags.contains("+") && value >= 0 ? "+" : "") + text)
        }
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, c, $0) }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
