import CCapstone

/// x86-64 disassembly through capstone, in AT&T (gdb's) or Intel syntax.
public struct Disassembler: Sendable {
    public enum Flavor: Sendable { case att, intel }

    public var flavor: Flavor

    public init(flavor: Flavor = .att) { self.flavor = flavor }

    /// Decodes `bytes` as code at `address`, stopping at the first undecodable byte.
    public func decode(_ bytes: [UInt8], at address: UInt64) -> [Instruction] {
        var handle: csh = 0
        guard cs_open(CS_ARCH_X86, CS_MODE_64, &handle) == CS_ERR_OK else { return [] }
        defer { cs_close(&handle) }
        if flavor == .att { cs_option(handle, CS_OPT_SYNTAX, Int(CS_OPT_SYNTAX_ATT.rawValue)) }
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
                mnemonic: Self.string(insn.mnemonic), operands: Self.string(insn.op_str))
        }
    }

    /// A fixed-size C character array (imported as a tuple) as a String.
    private static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
