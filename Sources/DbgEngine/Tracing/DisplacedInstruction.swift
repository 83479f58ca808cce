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
        var handle: csh = 0
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { throw .undecodable(address) }
        defer { cs_close(&handle) }
        cs_option(handle, CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue))
        var decoded: UnsafeMutablePointer<cs_insn>?
        let count = bytes.withUnsafeBufferPointer { cs_disasm(handle, $0.baseAddress, $0.count, address, 1, &decoded) }
        guard count == 1, let insn = decoded, let detail = insn.pointee.detail else { throw .undecodable(address) }
        defer { cs_free(decoded, count) }
        let length = Int(insn.pointee.size)
        let next = address &+ UInt64(length)
        let x86 = detail.pointee.x86
        let mnemonic = withUnsafeBytes(of: insn.pointee.mnemonic) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
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
        // Conditional branches, loops and indirect branches through rip would need flags or
        // a rewrite; function entries and RETs never need them.
        let groups = withUnsafeBytes(of: detail.pointee.groups) { Array($0.prefix(Int(detail.pointee.groups_count))) }
        let isReturn = groups.contains(UInt8(CS_GRP_RET.rawValue))
        if !isReturn && (groups.contains(UInt8(CS_GRP_JUMP.rawValue)) || groups.contains(UInt8(CS_GRP_CALL.rawValue))
            || mnemonic.hasPrefix("loop") || mnemonic.hasPrefix("j")) {
            let operands = withUnsafeBytes(of: insn.pointee.op_str) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw .unsupported(address, "\(mnemonic) \(operands)")
        }
        var copy = Array(bytes.prefix(length))
        let usesRIP = (0..<Int(x86.op_count)).contains { index in
            let operand = withUnsafeBytes(of: x86.operands) { $0.load(fromByteOffset: index * MemoryLayout<cs_x86_op>.stride, as: cs_x86_op.self) }
            return operand.type == X86_OP_MEM && operand.mem.base == X86_REG_RIP
        }
        if usesRIP {
            let offset = Int(x86.encoding.disp_offset)
            guard offset > 0, x86.encoding.disp_size == 4, offset + 4 <= length else { throw .unsupported(address, mnemonic) }
            // The operand is at next + disp; from the slot, the instruction ends at slot + length.
            let target = Int64(bitPattern: next) &+ x86.disp
            let adjusted = target &- Int64(bitPattern: slot &+ UInt64(length))
            guard let displacement = Int32(exactly: adjusted) else { throw .outOfReach(address) }
            withUnsafeBytes(of: displacement.littleEndian) { raw in
                for index in 0..<4 { copy[offset + index] = raw[index] }
            }
        }
        if !isReturn {
            copy += [0xFF, 0x25, 0, 0, 0, 0]  // jmp *0(%rip): the 8 bytes that follow
            withUnsafeBytes(of: next.littleEndian) { copy += $0 }
        }
        return DisplacedPlan(step: .outOfLine(slot: slot), slotBytes: copy, instructionLength: length)
    }

    /// For the engine's breakpoints (`TracedProcess.setDisplacementPlanner`).
    static let planner: DisplacementPlanner = { code, address, slot in
        try? DisplacedInstruction(bytes: code, address: address).plan(slot: slot)
    }
}
