import DbgProcess
import DbgSymbols

extension Registers {
    /// The general registers by DWARF number, as the unwinder and evaluators read them.
    var dwarfValues: RegisterValues {
        var values = RegisterValues([:])
        values[.rax] = rax; values[.rdx] = rdx; values[.rcx] = rcx; values[.rbx] = rbx
        values[.rsi] = rsi; values[.rdi] = rdi; values[.rbp] = rbp; values[.rsp] = rsp
        values[.r8] = r8; values[.r9] = r9; values[.r10] = r10; values[.r11] = r11
        values[.r12] = r12; values[.r13] = r13; values[.r14] = r14; values[.r15] = r15
        values[.rip] = rip
        values.values[X86_64Register.rflags.rawValue] = eflags
        values.values[X86_64Register.fsBase.rawValue] = fsBase
        values.values[X86_64Register.gsBase.rawValue] = gsBase
        return values
    }

    /// Sets a general register by DWARF number; false for one this set does not hold.
    mutating func setDWARFRegister(_ number: Int, to value: UInt64) -> Bool {
        guard let register = X86_64Register(rawValue: number) else { return false }
        switch register {
        case .rax: rax = value
        case .rdx: rdx = value
        case .rcx: rcx = value
        case .rbx: rbx = value
        case .rsi: rsi = value
        case .rdi: rdi = value
        case .rbp: rbp = value
        case .rsp: rsp = value
        case .r8: r8 = value
        case .r9: r9 = value
        case .r10: r10 = value
        case .r11: r11 = value
        case .r12: r12 = value
        case .r13: r13 = value
        case .r14: r14 = value
        case .r15: r15 = value
        case .rip: rip = value
        case .rflags: eflags = value
        default: return false
        }
        return true
    }
}
