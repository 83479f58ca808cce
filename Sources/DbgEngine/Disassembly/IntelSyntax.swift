/// Intel syntax in gdb's dialect (Go's is GoIntelSyntax), from capstone's: no spaces inside
/// a memory reference (`[rbp-0x18]`, not `[rbp - 0x18]`) and numbers in hex (`0x0`, not `0`),
/// as gdb writes them. Mnemonics and operand order are capstone's. Plain character loops
/// (once per instruction).
enum IntelSyntax {
    static func normalize(_ instruction: Instruction) -> Instruction {
        var result = instruction
        result.operands = operands(instruction.operands)
        return result
    }

    static func operands(_ operands: String) -> String {
        // `[rbp - 4]` → `[rbp-4]`.
        var characters: [Character] = []
        characters.reserveCapacity(operands.count)
        var inside = false
        var source = Array(operands)[...]
        while let character = source.popFirst() {
            if character == "[" { inside = true }
            if character == "]" { inside = false }
            if inside, character == " ", source.count >= 2, source.first == "+" || source.first == "-",
               source.dropFirst().first == " " {
                characters.append(source.removeFirst())
                source.removeFirst()
                continue
            }
            characters.append(character)
        }
        // Lone decimal digits in hex: displacements (`[rbp-4]`) and immediates (`eax, 0`).
        var out = ""
        out.reserveCapacity(characters.count + 4)
        inside = false
        for (index, character) in characters.enumerated() {
            if character == "[" { inside = true }
            if character == "]" { inside = false }
            if character.isASCII, character.isNumber, GNUSyntax.isLoneDigit(characters, index) {
                let previous: Character? = index > 0 ? characters[index - 1] : nil
                if inside {
                    if previous == "[" || previous == "+" || previous == "-" { out += "0x" }
                } else {
                    var start = index
                    if previous == "-" { start -= 1 }
                    let before: Character? = start > 0 ? characters[start - 1] : nil
                    if before == nil || before == " " || before == "," { out += "0x" }
                }
            }
            out.append(character)
        }
        return String(out)
    }
}
