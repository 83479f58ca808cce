/// AT&T syntax as gdb and objdump print it, from capstone's: capstone writes an operand-size
/// suffix on every mnemonic (`movq %rsp, %rbp`, `callq`, `retq`), small numbers in decimal
/// (`$0`, `-4(%rbp)`) and a space after each comma; gdb drops the suffix where a register
/// operand already gives the size (`mov %rsp,%rbp`, `call`, `ret`), writes numbers in hex and
/// puts no space after commas. Suffixes that carry meaning stay (`movl $0x0,-0x4(%rbp)`,
/// `movzbl`, `movslq`, `setl`, `cmovl`, `movq %xmm0,%rax`).
///
/// Plain character loops, no regular expressions: this runs once per instruction, and a
/// listing can hold a quarter of a million of them.
enum GNUSyntax {
    /// `instruction` (AT&T, from capstone) in gdb's spelling. `intelMnemonic` is capstone's
    /// Intel mnemonic for the same bytes, which never has a size suffix: a suffix is only
    /// ever dropped when the AT&T mnemonic is the Intel one plus b, w, l or q.
    static func normalize(_ instruction: Instruction, intelMnemonic: String?) -> Instruction {
        var result = instruction
        result.mnemonic = mnemonic(instruction.mnemonic, operands: instruction.operands, intel: intelMnemonic)
        result.operands = operands(instruction.operands)
        return result
    }

    /// Instructions whose operand size is fixed in 64-bit mode: gdb never writes their suffix.
    private static let fixedSize: Set<String> = ["call", "ret", "push", "pop", "jmp", "leave", "enter", "iret", "lret"]
    private static let shifts: Set<String> = ["shl", "shr", "sal", "sar", "rol", "ror", "rcl", "rcr", "shld", "shrd"]
    private static let generalRegisters: Set<String> = [
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp",
        "ax", "bx", "cx", "dx", "si", "di", "bp", "sp", "al", "bl", "cl", "dl", "ah", "bh", "ch", "dh", "sil", "dil", "bpl", "spl",
    ]

    static func mnemonic(_ mnemonic: String, operands: String, intel: String?) -> String {
        var words = mnemonic.split(separator: " ").map(String.init)
        guard let last = words.last, let base = intel?.split(separator: " ").last.map(String.init),
              last.count == base.count + 1, last.hasPrefix(base), let suffix = last.last, "bwlq".contains(suffix)
        else { return mnemonic }
        let sized = fixedSize.contains(base) || hasSizedRegister(operands, ignoringCount: shifts.contains(base))
        guard sized else { return mnemonic }
        words[words.count - 1] = base
        return words.joined(separator: " ")
    }

    /// True when an operand outside a memory reference is a general register (its name gives
    /// the operand size). The shift count `%cl` does not count.
    static func hasSizedRegister(_ operands: String, ignoringCount: Bool) -> Bool {
        var depth = 0
        var name: String?
        func finish() -> Bool {
            defer { name = nil }
            guard let register = name, !(ignoringCount && register == "cl") else { return false }
            return isGeneralRegister(register)
        }
        for character in operands {
            if name != nil, character.isLetter || character.isNumber {
                name?.append(character)
                continue
            }
            if finish() { return true }
            switch character {
            case "(": depth += 1
            case ")": depth = max(0, depth - 1)
            case "%" where depth == 0: name = ""
            default: break
            }
        }
        return finish()
    }

    static func isGeneralRegister(_ name: String) -> Bool {
        if generalRegisters.contains(name) { return true }
        // r8 … r15 and their d, w, b parts.
        var digits = Substring(name)
        guard digits.first == "r" else { return false }
        digits = digits.dropFirst()
        if let last = digits.last, "dwb".contains(last) { digits = digits.dropLast() }
        guard let number = Int(digits) else { return false }
        return (8...15).contains(number)
    }

    /// No space after commas; the single decimal digits capstone writes as gdb writes them
    /// (`$0` → `$0x0`, `-4(%rbp)` → `-0x4(%rbp)`).
    static func operands(_ operands: String) -> String {
        let characters = Array(operands.replacing(", ", with: ","))
        var out = ""
        out.reserveCapacity(characters.count + 4)
        for (index, character) in characters.enumerated() {
            if character.isASCII, character.isNumber, isLoneDigit(characters, index) {
                var start = index
                if start > 0, characters[start - 1] == "-" { start -= 1 }
                let before: Character? = start > 0 ? characters[start - 1] : nil
                let after: Character? = index + 1 < characters.count ? characters[index + 1] : nil
                let immediate = before == "$"
                let displacement = after == "(" && (before == nil || before == "," || before == "*" || before == ":")
                if immediate || displacement { out += "0x" }
            }
            out.append(character)
        }
        return out
    }

    /// A digit that is a whole number on its own: not part of a longer number or name.
    static func isLoneDigit(_ characters: [Character], _ index: Int) -> Bool {
        func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        if index > 0, isWordCharacter(characters[index - 1]) { return false }
        if index + 1 < characters.count, isWordCharacter(characters[index + 1]) { return false }
        return true
    }
}
