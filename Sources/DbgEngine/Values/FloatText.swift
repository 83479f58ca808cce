/// Floating-point numbers as text, always the shortest digits that read back as the same
/// number.
///
/// Go values as Delve prints them (Go's `strconv.FormatFloat(f, 'f', -1, bits)`), never in
/// exponent form: `3.14159`, `120`, `0.00001`, `-0`, `+Inf`, `NaN`.
///
/// C values in the form gdb chooses (C's `%g` at gdb's precision, 17 digits for a double
/// and 9 for a float, 21 for a long double), with the shortest digits instead of gdb's 17: `0.1` (gdb
/// `0.10000000000000001`), `1e+300`, `3.4028234663852886e+38`, `1e-05`, `123456789`. A
/// plain decimal would print 1e300 with 301 digits.
enum FloatText {
    static func format(_ value: Double, size: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        // Swift's descriptions are the shortest round-tripping digits, for each width.
        let shortest = size == 4 ? Float(value).description : value.description
        return plainDecimal(shortest)
    }

    /// C's form: `%g` with the shortest digits (see the type's comment).
    static func cFormat(_ value: Double, size: Int) -> String {
        if value.isNaN || value.isInfinite { return format(value, size: size) }
        return cForm(shortest: size == 4 ? Float(value).description : value.description, precision: size == 4 ? 9 : 17)
    }

    /// An x87 long double: gdb's `%g` at 21 digits, with the shortest digits that read
    /// back as the same 80-bit number (`3.1415926535897932385`; a double would lose the
    /// last three).
    static func cFormat(_ value: Float80) -> String {
        if value.isNaN || value.isInfinite { return format(Double(value), size: 8) }
        return cForm(shortest: value.description, precision: 21)
    }

    /// `shortest` (Swift's description) in `%g`'s form: an exponent when it is below -4 or
    /// reaches `precision`, the digits in place otherwise.
    private static func cForm(shortest: String, precision: Int) -> String {
        let (sign, digits, exponent) = decomposed(shortest)
        guard !digits.isEmpty else { return sign + "0" }
        if exponent < -4 || exponent >= precision {
            let mantissa = String(digits.prefix(1)) + (digits.count > 1 ? "." + String(digits.dropFirst()) : "")
            let magnitude = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + String(digits)
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return sign + String(digits) + String(repeating: "0", count: integerCount - digits.count)
        }
        return sign + String(digits.prefix(integerCount)) + "." + String(digits.dropFirst(integerCount))
    }

    /// `-1.250e+3` → ("-", "125", 3): the sign, the significant digits (no leading or
    /// trailing zeros; none for zero) and the exponent of the first digit.
    private static func decomposed(_ text: String) -> (sign: String, digits: [Character], exponent: Int) {
        var body = Substring(text)
        var sign = ""
        if body.first == "-" {
            sign = "-"
            body = body.dropFirst()
        }
        var exponent = 0
        if let marker = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(body[body.index(after: marker)...]) ?? 0
            body = body[..<marker]
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts.first.map(String.init) ?? ""
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(integerPart + fractionPart)
        var point = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (sign, digits, point - 1)
    }

    /// Rewrites `1.5e+20` / `1e-05` / `120.0` without an exponent or a needless `.0`.
    static func plainDecimal(_ text: String) -> String {
        let (sign, digits, exponent) = decomposed(text)
        guard !digits.isEmpty else { return sign + "0" }
        let point = exponent + 1  // digits before the decimal point
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + String(digits) }
        if point >= digits.count { return sign + String(digits) + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
}
