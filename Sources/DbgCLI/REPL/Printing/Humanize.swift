/// Numbers for people: counts with thousands separators, sizes in KiB/MiB/GiB.
enum Humanize {
    /// 1234567 → "1,234,567".
    static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// "1 goroutine", "2,048 goroutines".
    static func count<T: BinaryInteger>(_ value: T, _ singular: String, _ plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// 512 → "512 B", 1536 → "1.5 KiB", 3_221_225_472 → "3.0 GiB".
    static func bytes<T: BinaryInteger>(_ value: T) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var size = Double(value)
        var unit = 0
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let tenths = Int((size * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
