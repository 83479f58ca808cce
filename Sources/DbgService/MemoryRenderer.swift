/// `examinemem` output as Delve prints it (api.PrettyExamineMemory):
///
///     0xc00008a0f0:   0x01   0x00   0x00   0x00   0x00   0x00   0x00   0x00
///
/// Every cell is padded with three spaces (Delve's tabwriter; the cells of a column
/// all have the same width, so the padding is uniform). Written byte by byte into one
/// buffer, in this optimised module: `x` reads up to 64 MiB, millions of cells.
public enum MemoryRenderer {
    /// How each cell is written: Delve's examinemem formats.
    public enum Format: Sendable { case hex, octal, decimal, binary }

    /// `rangeEnd`: the end of the whole range when `bytes` is one piece of it (addresses are
    /// as wide as the range's last).
    public static func render(address: UInt64, bytes: [UInt8], format: Format, size: Int,
                       rangeEnd: UInt64? = nil) -> String {
        let columns = format == .binary ? 4 : 8
        let rowBytes = columns * size
        let rows = (bytes.count + rowBytes - 1) / rowBytes
        let addressWidth = bytes.isEmpty ? 0 : digitCount(rangeEnd ?? (address + UInt64(bytes.count)), radix: 16)
        var out: [UInt8] = []
        out.reserveCapacity(rows * (addressWidth + 6 + columns * (cellWidth(format: format, size: size) + 3)))
        var rowAddress = address
        for row in 0..<rows {
            append(rowAddress, radix: 16, width: addressWidth, prefix: "0x", to: &out)
            out += Array(":   ".utf8)
            for column in 0..<columns {
                let offset = row * rowBytes + column * size
                guard offset + size <= bytes.count else { break }
                var value: UInt64 = 0
                for index in stride(from: offset + size - 1, through: offset, by: -1) { value = value << 8 | UInt64(bytes[index]) }
                appendCell(value, format: format, size: size, to: &out)
                out += [0x20, 0x20, 0x20]
            }
            out.append(0x0A)
            rowAddress &+= UInt64(rowBytes)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func cellWidth(format: Format, size: Int) -> Int {
        switch format {
        case .binary: size * 8
        case .octal: 1 + size * 3
        case .decimal: size * 3
        case .hex: 2 + size * 2
        }
    }

    private static func appendCell(_ value: UInt64, format: Format, size: Int, to out: inout [UInt8]) {
        switch format {
        case .binary: append(value, radix: 2, width: size * 8, prefix: "", to: &out)
        case .octal: append(value, radix: 8, width: size * 3, prefix: "0", to: &out)
        case .decimal: append(value, radix: 10, width: size * 3, prefix: "", to: &out)
        case .hex: append(value, radix: 16, width: size * 2, prefix: "0x", to: &out)
        }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// `prefix`, then `value` in `radix`, zero-padded to at least `width` digits.
    private static func append(_ value: UInt64, radix: UInt64, width: Int, prefix: StaticString, to out: inout [UInt8]) {
        prefix.withUTF8Buffer { out += $0 }
        let count = digitCount(value, radix: radix)
        if width > count { out += repeatElement(UInt8(ascii: "0"), count: width - count) }
        let start = out.count
        out += repeatElement(UInt8(ascii: "0"), count: count)
        var rest = value
        var index = start + count - 1
        while index >= start {
            out[index] = digits[Int(rest % radix)]
            rest /= radix
            index -= 1
        }
    }

    private static func digitCount(_ value: UInt64, radix: UInt64) -> Int {
        var count = 1
        var rest = value / radix
        while rest > 0 {
            count += 1
            rest /= radix
        }
        return count
    }
}
