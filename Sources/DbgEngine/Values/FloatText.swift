/// Floating-point numbers as Delve prints them (Go's `strconv.FormatFloat(f, 'f', -1, bits)`):
/// the shortest digits that read back as the same number, never in exponent form:
/// `3.14159`, `120`, `0.00001`, `-0`, `+Inf`, `NaN`.
enum FloatText {
    static func format(_ value: Double, size: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        // Swift's descriptions are the shortest round-tripping digits, for each width.
        let shortest = size == 4 ? Float(value).description : value.description
        return plainDecimal(shortest)
    }

    /// Rewrites `1.5e+20` / `1e-05` / `120.0` without an exponent or a needless `.0`.
    static func plainDecimal(_ text: String) -> String {
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
        let digits = Array(integerPart + fractionPart)
        let point = integerPart.count + exponent
        var integerDigits: String
        var fractionDigits: String
        if point <= 0 {
            integerDigits = "0"
            fractionDigits = String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            integerDigits = String(digits) + String(repeating: "0", count: point - digits.count)
            fractionDigits = ""
        } else {
            integerDigits = String(digits[..<point])
            fractionDigits = String(digits[point...])
        }
        while fractionDigits.last == "0" { fractionDigits.removeLast() }
        while integerDigits.count > 1 && integerDigits.first == "0" { integerDigits.removeFirst() }
        if integerDigits.isEmpty { integerDigits = "0" }
        return sign + integerDigits + (fractionDigits.isEmpty ? "" : "." + fractionDigits)
    }
}
