/// The punycode of Swift identifiers that are not plain ASCII (`00` identifiers): RFC 3492
/// with `_` as the delimiter, digits `a`-`z` then `A`-`J`, and ASCII characters that may not
/// appear in a symbol carried as U+D800 + the character (the runtime's `Punycode.cpp`).
enum SwiftPunycode {
    private static let base = 36
    private static let minimumThreshold = 1
    private static let maximumThreshold = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialCodePoint = 128
    /// Keeps the arithmetic far from overflow: no scalar is larger.
    private static let largestValue = Int(Int32.max)

    /// The decoded identifier, or nil when `input` is no valid punycode.
    static func decode(_ input: ArraySlice<UInt8>) -> String? {
        var output: [Int] = []
        var rest = input
        if let delimiter = input.lastIndex(of: UInt8(ascii: "_")) {
            for byte in input[input.startIndex..<delimiter] {
                guard byte < 0x80 else { return nil }
                output.append(Int(byte))
            }
            rest = input[(delimiter + 1)...]
        }
        var codePoint = initialCodePoint
        var index = 0
        var bias = initialBias
        while !rest.isEmpty {
            let oldIndex = index
            var weight = 1
            var k = base
            while true {
                guard let byte = rest.first, let digit = digitValue(byte) else { return nil }
                rest = rest.dropFirst()
                index += digit * weight
                guard index <= largestValue else { return nil }
                let threshold = k <= bias ? minimumThreshold : (k >= bias + maximumThreshold ? maximumThreshold : k - bias)
                if digit < threshold { break }
                weight *= base - threshold
                guard weight <= largestValue else { return nil }
                k += base
            }
            bias = adapt(delta: index - oldIndex, pointCount: output.count + 1, isFirst: oldIndex == 0)
            codePoint += index / (output.count + 1)
            index %= output.count + 1
            guard codePoint >= 0x80, codePoint <= largestValue else { return nil }
            output.insert(codePoint, at: index)
            index += 1
        }
        var text = ""
        for value in output {
            // U+D800...U+D87F carry the ASCII characters that may not appear in symbols.
            let scalarValue = (0xD800..<0xD880).contains(value) ? value - 0xD800 : value
            guard let scalar = Unicode.Scalar(UInt32(scalarValue)) else { return nil }
            text.unicodeScalars.append(scalar)
        }
        return text
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "J"): Int(byte - UInt8(ascii: "A")) + 26
        default: nil
        }
    }

    private static func adapt(delta: Int, pointCount: Int, isFirst: Bool) -> Int {
        var delta = isFirst ? delta / damp : delta / 2
        delta += delta / pointCount
        var k = 0
        while delta > ((base - minimumThreshold) * maximumThreshold) / 2 {
            delta /= base - minimumThreshold
            k += base
        }
        return k + ((base - minimumThreshold + 1) * delta) / (delta + skew)
    }
}
