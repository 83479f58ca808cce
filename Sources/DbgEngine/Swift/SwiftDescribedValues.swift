/// Standard library and Foundation values a debugger shows as they describe themselves, not
/// as their stored properties: the text Swift's `String(reflecting:)` writes for them, made
/// from the value's bytes (`ObjectIdentifier(0x...)`, `3.0 seconds`, a Date's UTC time).
enum SwiftDescribedValues {
    /// The types described here (`text` or `stringBytes` answer for them).
    static let types: Set<String> = [
        "Swift.ObjectIdentifier", "Swift.Duration", "FoundationEssentials.Date", "Foundation.Date", "Swift.Unicode.Scalar",
        "Swift.StaticString",
    ]

    /// The text for a value of `type` (as Swift writes type names) of `bytes`; nil for a type
    /// not described here, or bytes too short for it.
    static func text(type: String, bytes: [UInt8]) -> String? {
        switch type {
        case "Swift.ObjectIdentifier":
            guard bytes.count >= 8 else { return nil }
            let digits = String(littleEndianValue(bytes[0..<8]), radix: 16)
            return "ObjectIdentifier(0x" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits + ")"
        case "Swift.Duration":
            // Attoseconds, a 128-bit integer: low word, then high word. Swift's description
            // divides their Double by 1e18 and writes it in seconds.
            guard bytes.count >= 16 else { return nil }
            let low = littleEndianValue(bytes[0..<8])
            let high = Int64(bitPattern: littleEndianValue(bytes[8..<16]))
            let attoseconds = Double(high) * 0x1p64 + Double(low)
            return "\(attoseconds / 1e18) seconds"
        case "FoundationEssentials.Date", "Foundation.Date":
            // Seconds since 2001-01-01 UTC, a Double.
            guard bytes.count >= 8 else { return nil }
            return SwiftDateText.utc(Double(bitPattern: littleEndianValue(bytes[0..<8])))
        default:
            return nil
        }
    }

    /// The text of a value of `type` that Swift writes as a string literal (`StaticString`,
    /// `Unicode.Scalar`): its UTF-8 bytes, or nil for other types. `read` reads the program's
    /// memory (a StaticString's text is there), at most `limit` bytes.
    static func stringBytes(type: String, bytes: [UInt8], limit: Int,
                            read: (UInt64, Int) throws(ValueError) -> [UInt8]) throws(ValueError) -> (bytes: [UInt8], count: Int)? {
        switch type {
        case "Swift.Unicode.Scalar":
            guard bytes.count >= 4, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: littleEndianValue(bytes[0..<4]))) else {
                return nil
            }
            let utf8 = Array(String(Character(scalar)).utf8)
            return (utf8, utf8.count)
        case "Swift.StaticString":
            // The start (or a Unicode scalar), the UTF-8 count, flags: bit 0 set for a scalar.
            guard bytes.count >= 17 else { return nil }
            let start = littleEndianValue(bytes[0..<8])
            let count = littleEndianValue(bytes[8..<16])
            if bytes[16] & 1 != 0 {
                return try stringBytes(type: "Swift.Unicode.Scalar", bytes: Array(bytes[0..<4]), limit: limit, read: read)
            }
            guard count < ValueLoader.swiftMaxCount else { throw .unsupported("a StaticString of \(count) bytes") }
            let shown = Int(min(count, UInt64(max(limit, 0))))
            return (shown == 0 ? [] : try read(start, shown), Int(count))
        default:
            return nil
        }
    }
}
