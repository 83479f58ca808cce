import DbgSymbols

/// The registers an expression can name (`$rax`, `$eax`, `$al`, `$rip`, `$pc`, `$sp`,
/// `$eflags`...): which DWARF register holds each and the type it reads as. Narrow names
/// are the low bytes of the full register, as on the hardware.
enum RegisterNames {
    struct Entry {
        var number: Int
        var type: ValueType
    }

    private static let generalPurpose: [(full: String, dword: String, word: String, byte: String)] = [
        ("rax", "eax", "ax", "al"), ("rbx", "ebx", "bx", "bl"), ("rcx", "ecx", "cx", "cl"),
        ("rdx", "edx", "dx", "dl"), ("rsi", "esi", "si", "sil"), ("rdi", "edi", "di", "dil"),
        ("rbp", "ebp", "bp", "bpl"), ("rsp", "esp", "sp", "spl"),
    ]

    static func lookup(_ rawName: String, language: SourceLanguage) -> Entry? {
        let name = rawName.lowercased()
        let rules = language.rules
        let int64 = ValueType.builtin(rules.integerType(size: 8, isSigned: true))
        let int32 = ValueType.builtin(rules.integerType(size: 4, isSigned: true))
        let int16 = ValueType.builtin(rules.integerType(size: 2, isSigned: true))
        let int8 = ValueType.builtin(rules.integerType(size: 1, isSigned: true))
        let address = ValueType.pointer(to: .void, language: language)
        switch name {
        case "pc", "rip": return Entry(number: X86_64Register.rip.rawValue, type: address)
        case "sp": return Entry(number: X86_64Register.rsp.rawValue, type: address)
        case "fp": return Entry(number: X86_64Register.rbp.rawValue, type: address)
        case "eflags", "rflags", "flags":
            return Entry(number: X86_64Register.rflags.rawValue, type: .builtin(rules.integerType(size: 4, isSigned: false)))
        default: break
        }
        for (full, dword, word, byte) in generalPurpose {
            guard let number = X86_64Register.number(named: full) else { continue }
            switch name {
            case full: return Entry(number: number, type: full == "rsp" || full == "rbp" ? address : int64)
            case dword: return Entry(number: number, type: int32)
            case word: return Entry(number: number, type: int16)
            case byte: return Entry(number: number, type: int8)
            default: continue
            }
        }
        // r8..r15 and their r8d / r8w / r8b (or r8l) parts.
        if name.hasPrefix("r"), let number = Int(name.dropFirst().prefix { $0.isNumber }), (8...15).contains(number) {
            let suffix = name.dropFirst(1 + String(number).count)
            let register = X86_64Register.r8.rawValue + number - 8
            switch suffix {
            case "": return Entry(number: register, type: int64)
            case "d": return Entry(number: register, type: int32)
            case "w": return Entry(number: register, type: int16)
            case "b", "l": return Entry(number: register, type: int8)
            default: return nil
            }
        }
        // Anything else DWARF numbers: segment registers, fs_base, the low half of xmm registers.
        guard let number = X86_64Register.number(named: name) else { return nil }
        return Entry(number: number, type: .builtin(rules.integerType(size: 8, isSigned: false)))
    }
}
