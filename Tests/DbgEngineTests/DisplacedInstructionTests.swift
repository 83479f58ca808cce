import DbgSymbols
import Testing
@testable import DbgEngine

/// An instruction copied elsewhere (a trace's stub, a breakpoint's slot) keeps reaching what
/// it reached: its RIP-relative displacement is the only thing that changes, by the distance
/// moved. Capstone 4 does not say where the displacement is for some SSE encodings: those
/// were refused, and every function holding one at a probe was left untraced (Lua's
/// `luaL_buffinit`, `movdqa 0x27ae4(%rip),%xmm0`, made `--backend inject` fail outright).
@Suite struct DisplacedInstructionTests {
    /// `relocated`'s bytes differ from `original`'s in four bytes at most, which hold the
    /// displacement less `moved`.
    static func onlyTheDisplacementMoved(_ original: [UInt8], _ relocated: [UInt8], moved: Int64) -> Bool {
        guard original.count == relocated.count else { return false }
        let changed = original.indices.filter { original[$0] != relocated[$0] }
        guard let first = changed.first else { return moved == 0 }
        guard let last = changed.last, last - first < 4 else { return false }
        // The window of four bytes that holds both displacements, wherever the change falls in it.
        return (max(0, last - 3)...min(first, original.count - 4)).contains { start in
            let old = original[start..<start + 4].enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            let new = relocated[start..<start + 4].enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            return Int64(Int32(bitPattern: old)) - moved == Int64(Int32(bitPattern: new))
        }
    }

    @Test func anSSELoadThroughRipMovesItsDisplacement() throws {
        // movdqa 0x27ae4(%rip),%xmm0 at 0x9954 (Lua 5.4's luaL_buffinit, gcc -O2).
        let movdqa: [UInt8] = [0x66, 0x0F, 0x6F, 0x05, 0xE4, 0x7A, 0x02, 0x00]
        let relocated = try DisplacedInstruction(bytes: movdqa, address: 0x9954).relocated(to: 0x10_0000)
        let expected = Int32(0x995C + 0x27AE4 - (0x10_0000 + 8))
        #expect(relocated == [0x66, 0x0F, 0x6F, 0x05] + withUnsafeBytes(of: expected.littleEndian) { Array($0) })
    }

    /// Every instruction of the C library that reads or writes through rip (SSE, AVX, with an
    /// immediate after the displacement...) and is not a branch: copied 1 MiB away and 1 MiB
    /// back, only its displacement changes, by that much.
    @Test func everyRipRelativeInstructionOfTheCLibraryMovesOnlyItsDisplacement() throws {
        let path = "/lib/x86_64-linux-gnu/libc.so.6"
        let image = try BinaryImage.open(path, eagerDWARF: false)
        let code = CodeReader(path: path, elf: image.elf)
        var checked = 0
        var wrong: [String] = []
        for symbol in image.elf.symbols where symbol.kind == .function && symbol.isDefined && symbol.size > 0 {
            for instruction in code.instructions(at: symbol.address, size: symbol.size) ?? []
            where instruction.operands.contains("(%rip)") && !instruction.mnemonic.hasPrefix("j")
                && !instruction.mnemonic.hasPrefix("call") && !instruction.mnemonic.hasPrefix("loop") {
                for moved: Int64 in [0x10_0000, -0x10_0000] {
                    let displaced = DisplacedInstruction(bytes: instruction.bytes, address: instruction.address)
                    let relocated = try? displaced.relocated(to: UInt64(bitPattern: Int64(bitPattern: instruction.address) + moved))
                    if relocated.map({ Self.onlyTheDisplacementMoved(instruction.bytes, $0, moved: moved) }) != true {
                        wrong.append("\(instruction.mnemonic) \(instruction.operands) at 0x\(String(instruction.address, radix: 16))")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
        #expect(wrong.count == 0, "\(wrong.count) of \(checked): \(wrong.prefix(10))")
    }
}
