import CSys

/// The x87 and SSE state of one thread (the FXSAVE area, `user_fpregs_struct`):
/// ST0-ST7 and XMM0-XMM15, with their control and status words. The upper halves of
/// the YMM registers (AVX) are not here: they need PTRACE_GETREGSET with NT_X86_XSTATE.
public struct FloatingPointRegisters: Hashable, Sendable {
    /// x87 control, status and tag (abridged, one bit per register) words, last opcode.
    public var fcw: UInt16 = 0x37f, fsw: UInt16 = 0, ftw: UInt16 = 0, fop: UInt16 = 0
    /// x87 last instruction and data pointers.
    public var fip: UInt64 = 0, fdp: UInt64 = 0
    public var mxcsr: UInt32 = 0x1f80, mxcsrMask: UInt32 = 0
    /// ST0-ST7, 16 bytes each (the 80-bit value in the low 10 bytes).
    public var stBytes = [UInt8](repeating: 0, count: 8 * 16)
    /// XMM0-XMM15, 16 bytes each, little-endian.
    public var xmmBytes = [UInt8](repeating: 0, count: 16 * 16)

    public init() {}

    /// XMM`index`'s 16 bytes.
    public func xmm(_ index: Int) -> [UInt8] { Array(xmmBytes[index * 16..<index * 16 + 16]) }

    public mutating func setXMM(_ index: Int, _ bytes: [UInt8]) {
        precondition(bytes.count == 16, "an XMM register holds 16 bytes")
        xmmBytes.replaceSubrange(index * 16..<index * 16 + 16, with: bytes)
    }

    /// ST`index`'s 10 bytes (an 80-bit extended-precision value).
    public func st(_ index: Int) -> [UInt8] { Array(stBytes[index * 16..<index * 16 + 10]) }

    init(_ raw: user_fpregs_struct) {
        fcw = raw.cwd; fsw = raw.swd; ftw = raw.ftw; fop = raw.fop
        fip = raw.rip; fdp = raw.rdp; mxcsr = raw.mxcsr; mxcsrMask = raw.mxcr_mask
        var copy = raw
        stBytes = withUnsafeBytes(of: &copy.st_space) { Array($0) }
        xmmBytes = withUnsafeBytes(of: &copy.xmm_space) { Array($0) }
    }

    var raw: user_fpregs_struct {
        var raw = user_fpregs_struct()
        raw.cwd = fcw; raw.swd = fsw; raw.ftw = ftw; raw.fop = fop
        raw.rip = fip; raw.rdp = fdp; raw.mxcsr = mxcsr; raw.mxcr_mask = mxcsrMask
        withUnsafeMutableBytes(of: &raw.st_space) { target in
            stBytes.prefix(target.count).withUnsafeBytes { target.copyMemory(from: $0) }
        }
        withUnsafeMutableBytes(of: &raw.xmm_space) { target in
            xmmBytes.prefix(target.count).withUnsafeBytes { target.copyMemory(from: $0) }
        }
        return raw
    }
}
