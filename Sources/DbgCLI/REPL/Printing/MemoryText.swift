/// `examinemem` output as Delve prints it (api.PrettyExamineMemory):
///
///     0xc00008a0f0:   0x01   0x00   0x00   0x00   0x00   0x00   0x00   0x00
///
/// Every cell is padded with three spaces (Delve's tabwriter; the cells of a column
/// all have the same width, so the padding is uniform).
enum MemoryText {
    static func render(address: UInt64, bytes: [UInt8], format: Arguments.MemoryRequest.Format, size: Int) -> String {
        let columns = format == .binary ? 4 : 8
        let rowBytes = columns * size
        let rows = (bytes.count + rowBytes - 1) / rowBytes
        let addressWidth = bytes.isEmpty ? 0 : String(address + UInt64(bytes.count), radix: 16).count
        var out = ""
        var rowAddress = address
        for row in 0..<rows {
            let hexAddress = String(rowAddress, radix: 16)
            out += "0x" + String(repeating: "0", count: max(0, addressWidth - hexAddress.count)) + hexAddress + ":   "
            for column in 0..<columns {
                let offset = row * rowBytes + column * size
                guard offset + size <= bytes.count else { break }
                var value: UInt64 = 0
                for byte in bytes[offset..<offset + size].reversed() { value = value << 8 | UInt64(byte) }
                out += cell(value, format: format, size: size) + "   "
            }
            out += "\n"
            rowAddress += UInt64(rowBytes)
        }
        return out
    }

    private static func cell(_ value: UInt64, format: Arguments.MemoryRequest.Format, size: Int) -> String {
        func padded(_ digits: String, _ width: Int) -> String {
            String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        switch format {
        case .binary: return padded(String(value, radix: 2), size * 8)
        case .octal: return "0" + padded(String(value, radix: 8), size * 3)
        case .decimal: return padded(String(value), size * 3)
        case .hex: return "0x" + padded(String(value, radix: 16), size * 2)
        }
    }
}
