import DbgSymbols

/// One register of a frame, as read: its DWARF number and its raw content. Names and
/// formatting are the front end's business (the service formats them as Delve does).
public struct RegisterReading: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// A general register, a flag or control register, a segment selector.
        case integer(UInt64)
        /// A vector or x87 register: XMM (16 bytes, little-endian), ST (10 bytes).
        case bytes([UInt8])
    }

    /// The DWARF number (System V x86-64 psABI numbering, as `X86_64Register`).
    public var dwarfNumber: Int
    public var content: Content

    public init(dwarfNumber: Int, content: Content) {
        self.dwarfNumber = dwarfNumber
        self.content = content
    }

    public var register: X86_64Register? { X86_64Register(rawValue: dwarfNumber) }

    /// True for the x87 and SSE state (XMM, ST, MXCSR, the x87 control and status words).
    public var isFloatingPoint: Bool {
        switch dwarfNumber {
        case X86_64Register.xmm0.rawValue...X86_64Register.st7.rawValue: return true
        case X86_64Register.mxcsr.rawValue, X86_64Register.fcw.rawValue, X86_64Register.fsw.rawValue: return true
        default: return false
        }
    }
}
