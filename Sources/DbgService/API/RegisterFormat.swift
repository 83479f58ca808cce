/// Register names, order and value texts exactly as Delve gives them on x86-64
/// (pkg/dwarf/regnum's names, amd64DwarfRegisterToString's formats, ConvertRegisters' order),
/// so `regs` reads the same in dbg and Delve and Delve's clients get what they expect.
enum RegisterFormat {
    /// One register's content as read.
    enum Content {
        case integer(UInt64)
        case bytes([UInt8])
    }

    /// Delve's name of a DWARF register number.
    static func name(_ number: Int) -> String {
        switch number {
        case 0: return "Rax"
        case 1: return "Rdx"
        case 2: return "Rcx"
        case 3: return "Rbx"
        case 4: return "Rsi"
        case 5: return "Rdi"
        case 6: return "Rbp"
        case 7: return "Rsp"
        case 8...15: return "R\(number)"
        case 16: return "Rip"
        case 17...32: return "XMM\(number - 17)"
        case 33...40: return "ST(\(number - 33))"
        case 49: return "Rflags"
        case 50: return "Es"
        case 51: return "Cs"
        case 52: return "Ss"
        case 53: return "Ds"
        case 54: return "Fs"
        case 55: return "Gs"
        case 58: return "Fs_base"
        case 59: return "Gs_base"
        case 64: return "MXCSR"
        case 65: return "CW"
        case 66: return "SW"
        default: return "unknown\(number)"
        }
    }

    /// True for the registers Delve lists only with `regs -a`.
    static func isFloatingPoint(_ number: Int) -> Bool {
        (17...40).contains(number) || (64...66).contains(number)
    }

    /// Registers as Delve lists them: rip, rsp, rax, rbx, rcx, rdx first, the others by
    /// DWARF number; floating-point ones only when asked for.
    static func registers(_ readings: [(number: Int, content: Content)], includeFloatingPoint: Bool) -> [API.Register] {
        let canonical: [String: Int] = ["rip": 0, "rsp": 1, "rax": 2, "rbx": 3, "rcx": 4, "rdx": 5]
        return readings
            .filter { includeFloatingPoint || !isFloatingPoint($0.number) }
            .map { API.Register(name: name($0.number), value: value($0.number, $0.content), dwarfNumber: $0.number) }
            .sorted { a, b in
                let rankA = canonical[a.name.lowercased()] ?? 1000, rankB = canonical[b.name.lowercased()] ?? 1000
                return rankA != rankB ? rankA < rankB : a.dwarfNumber < b.dwarfNumber
            }
    }

    /// The value text: `0x000000000040113a`; rflags and MXCSR with their flags; CW and SW in
    /// four digits; XMM as Delve's lanes; ST as hex and value.
    static func value(_ number: Int, _ content: Content) -> String {
        switch content {
        case .integer(let value):
            switch number {
            case 49: return describe(value, flags: eflags, bits: 64)
            case 64: return describe(value, flags: mxcsr, bits: 32)
            case 65, 66: return "0x" + padded(hex(value), 4)
            default: return "0x" + padded(hex(value), 16)
            }
        case .bytes(let bytes):
            if (17...32).contains(number) { return sse(bytes) }
            if (33...40).contains(number) { return x87(bytes) }
            return "0x" + bytes.reversed().map { padded(hex(UInt64($0)), 2) }.joined()
        }
    }

    // MARK: Flag registers

    private static let eflags: [(name: String, mask: UInt64)] = [
        ("CF", 1 << 0), ("", 1 << 1), ("PF", 1 << 2), ("AF", 1 << 4), ("ZF", 1 << 6), ("SF", 1 << 7), ("TF", 1 << 8),
        ("IF", 1 << 9), ("DF", 1 << 10), ("OF", 1 << 11), ("IOPL", 1 << 12 | 1 << 13), ("NT", 1 << 14), ("RF", 1 << 16),
        ("VM", 1 << 17), ("AC", 1 << 18), ("VIF", 1 << 19), ("VIP", 1 << 20), ("ID", 1 << 21),
    ]

    private static let mxcsr: [(name: String, mask: UInt64)] = [
        ("FZ", 1 << 15), ("RZ/RN", 1 << 14 | 1 << 13), ("PM", 1 << 12), ("UM", 1 << 11), ("OM", 1 << 10), ("ZM", 1 << 9),
        ("DM", 1 << 8), ("IM", 1 << 7), ("DAZ", 1 << 6), ("PE", 1 << 5), ("UE", 1 << 4), ("OE", 1 << 3), ("ZE", 1 << 2),
        ("DE", 1 << 1), ("IE", 1 << 0),
    ]

    /// `0x0000000000000246\t[PF ZF IF IOPL=0]` (Delve's flagRegisterDescr.Describe).
    static func describe(_ value: UInt64, flags: [(name: String, mask: UInt64)], bits: Int) -> String {
        var names: [String] = []
        var known: UInt64 = 0
        for flag in flags {
            known |= flag.mask
            guard !flag.name.isEmpty else { continue }
            let lowest = flag.mask & (~flag.mask &+ 1)
            if lowest == flag.mask {
                if value & flag.mask != 0 { names.append(flag.name) }
            } else {
                names.append("\(flag.name)=\(hex((value & flag.mask) / lowest))")
            }
        }
        if value & ~known != 0 { names.append("unknown_flags=\(hex(value & ~known))") }
        return "0x" + padded(hex(value), bits / 4) + "\t[" + names.joined(separator: " ") + "]"
    }

    // MARK: Vector and x87 registers

    /// Delve's formatSSEReg for a 16-byte XMM register.
    static func sse(_ bytes: [UInt8]) -> String {
        guard bytes.count >= 16 else { return "0x" + bytes.reversed().map { padded(hex(UInt64($0)), 2) }.joined() }
        let b = bytes.map { padded(hex(UInt64($0)), 2) }
        func lanes(_ width: Int) -> String {
            stride(from: 0, to: 16, by: width).map { start in (start..<start + width).reversed().map { b[$0] }.joined() }
                .joined(separator: " ")
        }
        var out = "0x" + b.reversed().joined()
        out += "\tv2_int={ \(lanes(8)) }"
        out += "\tv4_int={ \(lanes(4)) }"
        out += "\tv8_int={ \(lanes(2)) }"
        out += "\tv16_int={ \(lanes(1)) }"
        let doubles = (0..<2).map { Double(bitPattern: littleEndian(bytes, at: $0 * 8, count: 8)) }
        out += "\tv2_float={ \(doubles.map { goG($0.description) }.joined(separator: " ")) }"
        let floats = (0..<4).map { Float(bitPattern: UInt32(littleEndian(bytes, at: $0 * 4, count: 4))) }
        out += "\tv4_float={ \(floats.map { goG($0.description) }.joined(separator: " ")) }"
        return out
    }

    /// Delve's formatX87Reg for a 10-byte ST register: `0x3fff8000000000000000\t1`.
    static func x87(_ bytes: [UInt8]) -> String {
        guard bytes.count >= 10 else { return "0x" + bytes.reversed().map { padded(hex(UInt64($0)), 2) }.joined() }
        let mantissa = littleEndian(bytes, at: 0, count: 8)
        var exponent = UInt16(littleEndian(bytes, at: 8, count: 2))
        let negative = exponent & 0x8000 != 0
        exponent &= 0x7fff
        let sign: Double = negative ? -1 : 1
        let value: Double
        if exponent == 0 {
            value = mantissa == 0 ? sign * 0 : (mantissa & 1 << 63 != 0 ? .nan : sign * Double(mantissa) / 0x1p63 * pow2(-16382))
        } else if exponent == 0x7fff {
            value = mantissa & 1 << 63 == 0 ? sign * .infinity : .nan
        } else if mantissa & 1 << 63 == 0 {
            value = .nan
        } else {
            let significand = Double(mantissa) / 0x1p63
            value = sign * significand * pow2(Int(exponent) - 16383)
        }
        return "0x" + padded(hex(UInt64(exponent)), 4) + padded(hex(mantissa), 16) + "\t" + goG(value.description)
    }

    private static func pow2(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }

    private static func littleEndian(_ bytes: [UInt8], at offset: Int, count: Int) -> UInt64 {
        bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    // MARK: Numbers

    static func hex(_ value: UInt64) -> String { String(value, radix: 16) }

    static func padded(_ digits: String, _ width: Int) -> String {
        String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Go's `%g` (shortest digits; exponent form when the exponent is below -4 or at least 6)
    /// of a number given as Swift's shortest round-tripping description.
    static func goG(_ description: String) -> String {
        var text = Substring(description)
        if text == "nan" || text == "-nan" { return "NaN" }
        if text == "inf" { return "+Inf" }
        if text == "-inf" { return "-Inf" }
        var sign = ""
        if text.first == "-" {
            sign = "-"
            text = text.dropFirst()
        }
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = text[..<marker]
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts.first.map(String.init) ?? ""
        var digits = Array(integerPart + (parts.count > 1 ? String(parts[1]) : ""))
        // The value is 0.DIGITS × 10^point.
        var point = integerPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        guard !digits.isEmpty else { return sign + "0" }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            var mantissa = String(digits[0])
            if digits.count > 1 { mantissa += "." + String(digits[1...]) }
            let magnitude = abs(decimalExponent)
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(digits)
        }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count)
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }
}
