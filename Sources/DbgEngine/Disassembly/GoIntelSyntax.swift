/// Intel syntax as Go's disassembler writes it (golang.org/x/arch/x86/x86asm, IntelSyntax),
/// which is what Delve prints, from capstone's decoding (with detail). Where the two differ:
///
/// - Condition codes by their "not" names: `jz`, `jnz`, `jnb`, `jnbe`, `jnl`, `jnle` (capstone's
///   `je`, `jne`, `jae`, `ja`, `jge`, `jg`), and the same for `set` and `cmov`; `movabs` is `mov`.
/// - Every memory operand says `ptr`, `lea`'s too (`lea rbp, ptr [rsp+0x8]`); an index always
///   has its scale (`[rax+rcx*1]`); the 0F 1F `nop` names its register operand.
/// - Numbers as x86asm decodes them: an 8-bit displacement is signed, a 32-bit one is not
///   (`[rip+0xffffff6b]`); immediates are signed (`and edx, -0x5`) except the 8-bit operands
///   of byte instructions, shifts, bit tests and SSE selectors.
/// - Symbols as Delve looks them up: a branch to a function's entry is `$name`, an immediate
///   or a rip-relative operand inside a package variable is `name+offset`; no comments.
enum GoIntelSyntax {
    /// The symbol for an address and where that symbol starts (Delve's symLookup).
    typealias SymbolLookup = (UInt64) -> (name: String, base: UInt64)?

    static func text(_ instruction: Instruction, symbols: SymbolLookup) -> String {
        guard let detail = instruction.detail else { return "?" }
        var words = instruction.mnemonic.split(separator: " ").map(String.init)
        guard let last = words.popLast() else { return "?" }
        let mnemonic = mnemonics[last] ?? last
        let prefixes = words.map { prefixNames[$0] ?? $0 }
        let opcode = instruction.bytes.drop { isPrefix($0) }

        var operands = detail.operands.map { operand in
            self.operand(operand, of: instruction, mnemonic: mnemonic, detail: detail, symbols: symbols)
        }
        var prefix = prefixes.map { $0 + " " }.joined()
        if let (name, predicate) = comparison(mnemonic) {
            // Capstone names the SSE comparison by its predicate; x86asm gives the number.
            return prefix + name + " " + (operands + [hex(Int64(predicate))]).joined(separator: ", ")
        }
        switch mnemonic {
        case "nop" where opcode.first == 0x0f:
            // The long nop's register operand, which x86asm shows and capstone does not.
            operands.append(detail.prefixes.contains(0x66) ? "ax" : "eax")
        case "nop" where instruction.bytes == [0x66, 0x90]:
            prefix += "data16 "
        case "xchg" where opcode.first.map { (0x90...0x97).contains($0) } == true:
            operands.reverse()  // the register of the opcode first, then rAX
        case let string where string.hasPrefix("stos"):
            operands = Array(operands.prefix(1))  // the accumulator is implied
        case let string where string.hasPrefix("lods") || string.hasPrefix("scas"):
            operands = Array(operands.dropFirst())
        default:
            break
        }
        return prefix + mnemonic + (operands.isEmpty ? "" : " " + operands.joined(separator: ", "))
    }

    /// `cmpnltsd` → (`cmpsd_xmm`, 5): capstone's names of cmpps, cmppd, cmpss and cmpsd by
    /// their predicate, as x86asm names the instructions (cmpsd's SSE form apart from the
    /// string instruction) and the predicate.
    static func comparison(_ mnemonic: String) -> (name: String, predicate: Int)? {
        guard mnemonic.hasPrefix("cmp"), mnemonic.count > 5 else { return nil }
        let kind = String(mnemonic.suffix(2))
        guard ["ps", "pd", "ss", "sd"].contains(kind),
              let predicate = comparisonPredicates.firstIndex(of: String(mnemonic.dropFirst(3).dropLast(2)))
        else { return nil }
        return (kind == "sd" ? "cmpsd_xmm" : "cmp" + kind, predicate)
    }

    static let comparisonPredicates = ["eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"]

    // MARK: Operands

    static func operand(
        _ operand: OperandDetail.Operand, of instruction: Instruction, mnemonic: String, detail: OperandDetail,
        symbols: SymbolLookup
    ) -> String {
        switch operand {
        case .register(let name, _):
            return registerNames[name] ?? name
        case .immediate(let value, _):
            if isBranch(mnemonic) {
                // A direct branch: x86asm's relative target, made absolute by Delve.
                return immediate(value, symbols: symbols)
            }
            return immediate(immediateValue(value, of: instruction, mnemonic: mnemonic, detail: detail), symbols: symbols)
        case .memory(let memory, let size):
            return self.memory(memory, size: size, of: instruction, mnemonic: mnemonic, detail: detail, symbols: symbols)
        }
    }

    /// The immediate as x86asm holds it: its encoded bytes, sign- or zero-extended by the
    /// instruction's rule. Capstone's own value already is sign-extended to the operand.
    static func immediateValue(_ capstoneValue: Int64, of instruction: Instruction, mnemonic: String, detail: OperandDetail) -> Int64 {
        let start = detail.immediateOffset, width = detail.immediateSize
        let immediates = detail.operands.filter { if case .immediate = $0 { true } else { false } }
        guard width > 0, immediates.count == 1, start + width <= instruction.bytes.count else { return capstoneValue }
        var bits: UInt64 = 0
        for (shift, byte) in instruction.bytes[start..<start + width].enumerated() { bits |= UInt64(byte) << (8 * shift) }
        let unusedBits = UInt64(64 - 8 * width)
        let signed = Int64(bitPattern: bits << unusedBits) >> Int64(unusedBits)
        if mnemonic == "push" { return Int64(UInt32(truncatingIfNeeded: signed)) }
        return hasUnsignedImmediate(mnemonic, detail) ? Int64(bitPattern: bits) : signed
    }

    /// Byte instructions (an 8-bit first operand) and those whose immediate is a count,
    /// a bit number, a port or a selector: x86asm decodes their immediate unsigned.
    static func hasUnsignedImmediate(_ mnemonic: String, _ detail: OperandDetail) -> Bool {
        if unsignedImmediates.contains(mnemonic) { return true }
        switch detail.operands.first {
        case .register(_, let size)?, .memory(_, let size)?: return size == 1
        default: return false
        }
    }

    /// `0x2`, `-0x5`, or `$symbol+offset` when the number is a symbol's address.
    static func immediate(_ value: Int64, symbols: SymbolLookup) -> String {
        let address = UInt64(bitPattern: value)
        if let (name, base) = symbols(address) {
            return "$" + name + (address == base ? "" : "+" + String(address &- base))
        }
        return Int64(Int32(truncatingIfNeeded: value)) == value ? hex(value) : hex(address)
    }

    static func memory(
        _ memory: OperandDetail.MemoryReference, size: Int, of instruction: Instruction, mnemonic: String,
        detail: OperandDetail, symbols: SymbolLookup
    ) -> String {
        var text = sizeWord(size, mnemonic: mnemonic) + "ptr "
        // x86asm keeps a 32-bit displacement unsigned and an 8-bit one signed.
        let displacement = detail.displacementSize == 4 ? Int64(UInt32(truncatingIfNeeded: memory.displacement)) : memory.displacement
        let segment = mnemonic == "lea" ? nil : memory.segment.flatMap { $0 == "fs" || $0 == "gs" ? $0 : nil }
        if memory.base == "rip", memory.index == nil, segment == nil, displacement != 0 {
            let target = UInt64(bitPattern: displacement) &+ instruction.nextAddress
            if let (name, base) = symbols(target) {
                let offset = Int64(bitPattern: target &- base)
                return text + "[" + name + (offset == 0 ? "" : (offset > 0 ? "+" : "") + String(offset)) + "]"
            }
        }
        if let segment { text += segment + ":" }
        text += "["
        if let base = memory.base { text += registerNames[base] ?? base }
        if let index = memory.index {
            if memory.base != nil { text += "+" }
            text += (registerNames[index] ?? index) + "*" + String(memory.scale)
        }
        if displacement != 0 {
            if text.last == "[", displacement >= 0 || Int64(Int32(truncatingIfNeeded: displacement)) != displacement {
                text += hex(UInt64(bitPattern: displacement))
            } else {
                text += (displacement < 0 ? "" : "+") + hex(displacement)
            }
        }
        return text + "]"
    }

    /// x86asm's word for the size of the memory read; `lea` reads none.
    static func sizeWord(_ size: Int, mnemonic: String) -> String {
        if mnemonic == "lea" { return "" }
        if mnemonic.hasPrefix("prefetch") || mnemonic == "clflush" { return "zmmword " }
        switch size {
        case 1: return "byte "
        case 2: return "word "
        case 4: return "dword "
        case 8: return "qword "
        case 16: return "xmmword "
        case 32: return "ymmword "
        default: return ""
        }
    }

    static func isBranch(_ mnemonic: String) -> Bool {
        mnemonic.hasPrefix("j") || mnemonic == "call" || mnemonic.hasPrefix("loop")
    }

    static func isPrefix(_ byte: UInt8) -> Bool {
        [0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65, 0x66, 0x67].contains(byte) || (0x40...0x4f).contains(byte)
    }

    /// Go's `%#x`: `0x1f`, `-0x1f`.
    static func hex(_ value: Int64) -> String {
        (value < 0 ? "-0x" : "0x") + String(value.magnitude, radix: 16)
    }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    // MARK: Names

    /// Capstone's mnemonic → x86asm's, where they differ.
    static let mnemonics: [String: String] = {
        var names = ["movabs": "mov", "xlatb": "xlat"]
        for (capstone, go) in [("e", "z"), ("ne", "nz"), ("ae", "nb"), ("a", "nbe"), ("ge", "nl"), ("g", "nle")] {
            for family in ["j", "set", "cmov"] { names[family + capstone] = family + go }
        }
        return names
    }()

    static let prefixNames = ["repe": "rep", "repz": "rep", "repnz": "repne"]

    static let registerNames: [String: String] = {
        var names: [String: String] = [:]
        for number in 0..<8 {
            names["st(\(number))"] = "st\(number)"
            names["mm\(number)"] = "mmx\(number)"
        }
        return names
    }()

    static let unsignedImmediates: Set<String> = [
        "shl", "shr", "sal", "sar", "rol", "ror", "rcl", "rcr", "shld", "shrd", "bt", "bts", "btr", "btc",
        "in", "out", "int", "enter", "ret", "aam", "aad", "xabort",
        "pshufd", "pshufhw", "pshuflw", "pshufw", "shufps", "shufpd", "palignr", "pblendw", "blendps", "blendpd",
        "dpps", "dppd", "mpsadbw", "pclmulqdq", "pcmpestri", "pcmpestrm", "pcmpistri", "pcmpistrm",
        "pextrb", "pextrd", "pextrq", "pextrw", "pinsrb", "pinsrd", "pinsrq", "pinsrw", "insertps", "extractps",
        "roundps", "roundpd", "roundss", "roundsd", "cmpps", "cmppd", "cmpss", "cmpsd", "aeskeygenassist",
        "psllw", "pslld", "psllq", "psrlw", "psrld", "psrlq", "psraw", "psrad", "pslldq", "psrldq",
    ]
}
