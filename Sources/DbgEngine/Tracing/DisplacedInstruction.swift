import CCapstone
import DbgProcess

/// How the ptrace backend executes the instruction under a tracepoint's int3 without
/// removing the int3: decoded with capstone, it is either emulated (relative calls and
/// jumps: the new rip is known) or copied to a slot of the scratch area, its RIP-relative
/// displacement adjusted to the slot's address, followed by an absolute jump back.
struct DisplacedInstruction {
    /// The instruction (up to 15 bytes are read; only its own length is used).
    let bytes: [UInt8]
    let address: UInt64

    enum Failure: Error, CustomStringConvertible {
        case undecodable(UInt64)
        case unsupported(UInt64, String)
        case outOfReach(UInt64)

        var description: String {
            switch self {
            case .undecodable(let address): return "cannot decode the instruction at 0x\(String(address, radix: 16))"
            case .unsupported(let address, let text):
                return "cannot trace at 0x\(String(address, radix: 16)): `\(text)` cannot run out of line"
            case .outOfReach(let address):
                return "cannot trace at 0x\(String(address, radix: 16)): the scratch area is out of reach of its RIP-relative operand"
            }
        }
    }

    /// The step for a thread that hit the int3, the bytes to put in `slot` (empty when
    /// emulated) and the instruction's length.
    func plan(slot: UInt64) throws(Failure) -> DisplacedPlan {
        try decoded { insn, detail, mnemonic throws(Failure) in try plan(insn, detail: detail, mnemonic: mnemonic, slot: slot) }
    }

    private func plan(_ insn: cs_insn, detail: cs_detail, mnemonic: String, slot: UInt64) throws(Failure) -> DisplacedPlan {
        let length = Int(insn.size)
        let next = address &+ UInt64(length)
        let x86 = detail.x86
        let isRelativeBranch = x86.op_count == 1 && x86.operands.0.type == X86_OP_IMM
        if mnemonic == "call" && isRelativeBranch {
            return DisplacedPlan(
                step: .emulatedCall(target: UInt64(bitPattern: x86.operands.0.imm), returnAddress: next), slotBytes: [],
                instructionLength: length)
        }
        if mnemonic == "jmp" && isRelativeBranch {
            return DisplacedPlan(
                step: .emulatedJump(target: UInt64(bitPattern: x86.operands.0.imm)), slotBytes: [], instructionLength: length)
        }
        var copy = try relocatedCopy(insn, detail: detail, mnemonic: mnemonic, to: slot)
        let isReturn = Self.groups(of: detail).contains(UInt8(CS_GRP_RET.rawValue))
        if !isReturn {
            copy += [0xFF, 0x25, 0, 0, 0, 0]  // jmp *0(%rip): the 8 bytes that follow
            withUnsafeBytes(of: next.littleEndian) { copy += $0 }
        }
        return DisplacedPlan(step: .outOfLine(slot: slot), slotBytes: copy, instructionLength: length)
    }

    /// The instruction's bytes to run at `newAddress` instead (its RIP-relative operand, if
    /// any, still reaching the same place), and its length. Branches and calls are refused
    /// (`ret` is not: it goes where the stack says, from anywhere).
    func relocated(to newAddress: UInt64) throws(Failure) -> [UInt8] {
        try decoded { insn, detail, mnemonic throws(Failure) in
            try relocatedCopy(insn, detail: detail, mnemonic: mnemonic, to: newAddress)
        }
    }

    /// Runs `body` on the instruction decoded with capstone's detail, and its mnemonic.
    private func decoded<T>(_ body: (cs_insn, cs_detail, String) throws(Failure) -> T) throws(Failure) -> T {
        var handle: csh = 0
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { throw .undecodable(address) }
        defer { cs_close(&handle) }
        cs_option(handle, CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue))
        var decoded: UnsafeMutablePointer<cs_insn>?
        let count = bytes.withUnsafeBufferPointer { cs_disasm(handle, $0.baseAddress, $0.count, address, 1, &decoded) }
        guard count == 1, let insn = decoded, let detail = insn.pointee.detail else { throw .undecodable(address) }
        defer { cs_free(decoded, count) }
        let mnemonic = withUnsafeBytes(of: insn.pointee.mnemonic) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return try body(insn.pointee, detail.pointee, mnemonic)
    }

    private static func groups(of detail: cs_detail) -> [UInt8] {
        withUnsafeBytes(of: detail.groups) { Array($0.prefix(Int(detail.groups_count))) }
    }

    /// The decoded instruction's bytes for `newAddress`: conditional branches, loops and
    /// indirect branches through rip would need flags or a rewrite (function entries and
    /// RETs never need them), so they are refused.
    private func relocatedCopy(_ insn: cs_insn, detail: cs_detail, mnemonic: String, to newAddress: UInt64) throws(Failure) -> [UInt8] {
        let length = Int(insn.size)
        let next = address &+ UInt64(length)
        let x86 = detail.x86
        let groups = Self.groups(of: detail)
        let isReturn = groups.contains(UInt8(CS_GRP_RET.rawValue))
        if !isReturn && (groups.contains(UInt8(CS_GRP_JUMP.rawValue)) || groups.contains(UInt8(CS_GRP_CALL.rawValue))
            || mnemonic.hasPrefix("loop") || mnemonic.hasPrefix("j")) {
            var operandText = insn.op_str
            let operands = withUnsafeBytes(of: &operandText) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw .unsupported(address, "\(mnemonic) \(operands)")
        }
        var copy = Array(bytes.prefix(length))
        let ripOperand = (0..<Int(x86.op_count)).lazy.map { index in
            withUnsafeBytes(of: x86.operands) { $0.load(fromByteOffset: index * MemoryLayout<cs_x86_op>.stride, as: cs_x86_op.self) }
        }.first { $0.type == X86_OP_MEM && $0.mem.base == X86_REG_RIP }
        if let ripOperand {
            let disp = ripOperand.mem.disp
            guard let offset = Self.displacementOffset(copy, disp: disp, x86: x86) else { throw .unsupported(address, mnemonic) }
            // The operand is at next + disp; at the new place, the instruction ends at newAddress + length.
            let target = Int64(bitPattern: next) &+ disp
            let adjusted = target &- Int64(bitPattern: newAddress &+ UInt64(length))
            guard let displacement = Int32(exactly: adjusted) else { throw .outOfReach(address) }
            withUnsafeBytes(of: displacement.littleEndian) { raw in
                for index in 0..<4 { copy[offset + index] = raw[index] }
            }
        }
        return copy
    }

    /// Where a RIP-relative instruction's 32-bit displacement is in its bytes: where capstone
    /// says, or (capstone 4 leaves it out for some SSE encodings, `movdqa 0x27ae4(%rip),%xmm0`)
    /// right after the ModRM byte, as RIP-relative addressing has no SIB byte. Either only when
    /// the four bytes there are the displacement.
    private static func displacementOffset(_ bytes: [UInt8], disp: Int64, x86: cs_x86) -> Int? {
        guard let disp32 = Int32(exactly: disp) else { return nil }
        let displacement = withUnsafeBytes(of: disp32.littleEndian) { Array($0) }
        func holdsDisplacement(_ offset: Int) -> Bool {
            offset > 0 && offset + 4 <= bytes.count && Array(bytes[offset..<offset + 4]) == displacement
        }
        let given = Int(x86.encoding.disp_offset)
        if x86.encoding.disp_size == 4 && holdsDisplacement(given) { return given }
        let afterModRM = Int(x86.encoding.modrm_offset) + 1
        return x86.encoding.modrm_offset > 0 && holdsDisplacement(afterModRM) ? afterModRM : nil
    }

    /// For the engine's breakpoints (`TracedProcess.setDisplacementPlanner`).
    static let planner: DisplacementPlanner = { code, address, slot in
        try? DisplacedInstruction(bytes: code, address: address).plan(slot: slot)
    }
}
