/// Follows JSON text a byte at a time to tell which bytes stand outside strings, where braces
/// and brackets nest: inside a string they are text, and an escaped quote does not end it.
struct JSONStringTracker {
    private var inString = false
    private var escaped = false

    /// Whether `byte`, the next byte of the text, stands outside strings (the quotes around a
    /// string do not).
    mutating func isOutsideStrings(_ byte: UInt8) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return false
        }
        if byte == UInt8(ascii: "\"") {
            inString = true
            return false
        }
        return true
    }
}
