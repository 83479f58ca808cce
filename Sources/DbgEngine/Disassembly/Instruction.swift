/// One decoded machine instruction.
public struct Instruction: Sendable, Hashable {
    public var address: UInt64
    public var bytes: [UInt8]
    public var mnemonic: String
    public var operands: String
    /// The operands as capstone's detail mode gives them, when decoded with detail.
    public var detail: OperandDetail?

    public init(address: UInt64, bytes: [UInt8], mnemonic: String, operands: String, detail: OperandDetail? = nil) {
        self.address = address
        self.bytes = bytes
        self.mnemonic = mnemonic
        self.operands = operands
        self.detail = detail
    }

    public var size: Int { bytes.count }
    public var nextAddress: UInt64 { address &+ UInt64(bytes.count) }
    public var isCall: Bool { mnemonic.hasPrefix("call") }
    public var isReturn: Bool { mnemonic.hasPrefix("ret") }

    /// The destination of a direct call or jump (`call 0x401136`), nil for indirect ones.
    public var directTarget: UInt64? {
        let text = operands.hasPrefix("0x") ? String(operands.dropFirst(2)) : ""
        return text.isEmpty ? nil : UInt64(text, radix: 16)
    }

    public var text: String { operands.isEmpty ? mnemonic : "\(mnemonic) \(operands)" }
}
