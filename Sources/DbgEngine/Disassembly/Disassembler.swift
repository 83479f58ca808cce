import CCapstone

/// x86-64 disassembly through capstone, in AT&T (gdb's) or Intel syntax.
public struct Disassembler: Sendable {
    public enum Flavor: Sendable { case att, intel }

    public var flavor: Flavor
    /// Also read each instruction's operands and encoding (Instruction.detail).
    public var withDetail: Bool

    public init(flavor: Flavor = .att, withDetail: Bool = false) {
        self.flavor = flavor
        self.withDetail = withDetail
    }

    /// Decodes `bytes` as code at `address`, stopping at the first undecodable byte.
    public func decode(_ bytes: [UInt8], at address: UInt64) -> [Instruction] {
        var handle: csh = 0
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { return [] }
        defer { cs_close(&handle) }
        if flavor == .att { cs_option(handle, CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_ATT.rawValue)) }
        if withDetail { cs_option(handle, CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue)) }
        var decoded: UnsafeMutablePointer<cs_insn>?
        let count = bytes.withUnsafeBufferPointer { cs_disasm(handle, $0.baseAddress, $0.count, address, 0, &decoded) }
        guard let decoded, count > 0 else { return [] }
        defer { cs_free(decoded, count) }
        return (0..<count).map { index in
            let insn = decoded[index]
            let start = Int(insn.address &- address)
            return Instruction(
                address: insn.address,
                bytes: Array(bytes[start..<min(bytes.count, start + Int(insn.size))]),
                mnemonic: Self.string(insn.mnemonic), operands: Self.string(insn.op_str),
                detail: insn.detail.map { Self.detail($0.pointee.x86, handle) })
        }
    }

    /// Capstone's x86 detail in Swift terms. The operands are a fixed C array (a tuple).
    private static func detail(_ x86: cs_x86, _ handle: csh) -> OperandDetail {
        func name(_ register: x86_reg) -> String? {
            guard register != X86_REG_INVALID, let text = cs_reg_name(handle, register.rawValue) else { return nil }
            return String(cString: text)
        }
        let operands: [OperandDetail.Operand] = withUnsafeBytes(of: x86.operands) { raw in
            let all = raw.bindMemory(to: cs_x86_op.self)
            return all.prefix(Int(x86.op_count)).compactMap { operand in
                let size = Int(operand.size)
                switch operand.type {
                case X86_OP_REG:
                    return name(operand.reg).map { .register($0, size: size) }
                case X86_OP_IMM:
                    return .immediate(value: operand.imm, size: size)
                case X86_OP_MEM:
                    let memory = operand.mem
                    return .memory(.init(
                        segment: name(memory.segment), base: name(memory.base), index: name(memory.index),
                        scale: Int(memory.scale), displacement: memory.disp), size: size)
                default:
                    return nil
                }
            }
        }
        let prefixes = withUnsafeBytes(of: x86.prefix) { Array($0) }.filter { $0 != 0 }
        return OperandDetail(
            operands: operands, prefixes: prefixes, displacementSize: Int(x86.encoding.disp_size),
            immediateOffset: Int(x86.encoding.imm_offset), immediateSize: Int(x86.encoding.imm_size))
    }

    /// A fixed-size C character array (imported as a tuple) as a String.
    private static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
