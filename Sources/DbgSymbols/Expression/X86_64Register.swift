/// DWARF register numbers for x86-64, as the System V psABI (figure 3.36) assigns them.
///
/// DWARF numbers are not the hardware encoding, nor the order of `user_regs_struct`, nor
/// the kernel's perf order: 1 is rdx and 2 is rcx, and 16 is the return-address column,
/// which debuggers show as rip.
public enum X86_64Register: Int, CaseIterable, Sendable {
    case rax = 0, rdx, rcx, rbx, rsi, rdi, rbp, rsp
    case r8, r9, r10, r11, r12, r13, r14, r15
    /// The return-address column in call frame information; the instruction pointer.
    case rip = 16
    case xmm0 = 17, xmm1, xmm2, xmm3, xmm4, xmm5, xmm6, xmm7
    case xmm8, xmm9, xmm10, xmm11, xmm12, xmm13, xmm14, xmm15
    case st0 = 33, st1, st2, st3, st4, st5, st6, st7
    case mm0 = 41, mm1, mm2, mm3, mm4, mm5, mm6, mm7
    case rflags = 49
    case es = 50, cs, ss, ds, fs, gs
    case fsBase = 58, gsBase = 59
    case tr = 62, ldtr = 63
    case mxcsr = 64, fcw = 65, fsw = 66
    case xmm16 = 67, xmm17, xmm18, xmm19, xmm20, xmm21, xmm22, xmm23
    case xmm24, xmm25, xmm26, xmm27, xmm28, xmm29, xmm30, xmm31
    case k0 = 118, k1, k2, k3, k4, k5, k6, k7

    /// The DWARF number of the return-address column (CIEs of gcc, clang and Go all use it).
    public static let returnAddressColumn = X86_64Register.rip.rawValue

    /// Registers a System V callee preserves (rsp aside, whose caller value is the CFA): an
    /// unwinder may assume their value is unchanged when the CFI gives them no rule.
    public static let calleeSaved: Set<Int> = [
        X86_64Register.rbx, .rbp, .r12, .r13, .r14, .r15,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    /// The name gdb uses (`fs_base`, not readelf's `fs.base`).
    public var name: String {
        switch self {
        case .fsBase: return "fs_base"
        case .gsBase: return "gs_base"
        default: return String(describing: self)
        }
    }

    /// The name of DWARF register `number`, or `r<number>` for numbers without one.
    public static func name(of number: Int) -> String {
        X86_64Register(rawValue: number)?.name ?? "r\(number)"
    }

    /// The DWARF number of the register called `name` (also accepts readelf's `fs.base`).
    public static func number(named name: String) -> Int? {
        let wanted = String(name.lowercased().map { $0 == "." ? "_" : $0 })
        return allCases.first { $0.name == wanted }?.rawValue
    }
}
