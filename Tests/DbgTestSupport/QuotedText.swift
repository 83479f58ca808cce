/// The bytes of a quoted string as gdb, Delve or dbg print it: C's escapes (`\n`, `\000`
/// octal, `\e`) and Go's (`\x00`, `\u00e9`, `\U0001F600`); any other escaped character
/// stands for itself.
public enum QuotedText {
    /// Decodes from `characters[index]` (the opening quote) through the closing one, leaving
    /// `index` after it. `isTerminated` is false when the text ends first.
    public static func decode(_ characters: [Character], at index: inout Int) -> (bytes: [UInt8], isTerminated: Bool) {
        var position = index + 1
        defer { index = position }
        func peek() -> Character? { position < characters.count ? characters[position] : nil }
        func digits(max count: Int, where accepts: (Character) -> Bool) -> String {
            var found = ""
            while found.count < count, let digit = peek(), accepts(digit) {
                found.append(digit)
                position += 1
            }
            return found
        }
        var bytes: [UInt8] = []
        while let character = peek() {
            position += 1
            if character == "\"" { return (bytes, true) }
            guard character == "\\", let escaped = peek() else {
                bytes += Array(String(character).utf8)
                continue
            }
            position += 1
            switch escaped {
            case "n": bytes.append(10)
            case "t": bytes.append(9)
            case "r": bytes.append(13)
            case "a": bytes.append(7)
            case "b": bytes.append(8)
            case "f": bytes.append(12)
            case "v": bytes.append(11)
            case "e": bytes.append(27)
            case "0"..."7":
                let octal = String(escaped) + digits(max: 2) { ("0"..."7").contains($0) }
                bytes.append(UInt8(truncatingIfNeeded: UInt16(octal, radix: 8) ?? 0))
            case "x":
                bytes.append(UInt8(digits(max: 2) { $0.isHexDigit }, radix: 16) ?? 0)
            case "u", "U":
                let hex = digits(max: escaped == "u" ? 4 : 8) { $0.isHexDigit }
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    bytes += Array(String(Character(scalar)).utf8)
                }
            default:
                bytes += Array(String(escaped).utf8)
            }
        }
        return (bytes, false)
    }
}
