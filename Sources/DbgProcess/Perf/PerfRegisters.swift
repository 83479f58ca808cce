/// The user registers a uprobe sample carries, in the kernel's x86 perf register order
/// (arch/x86/include/uapi/asm/perf_regs.h). dbg asks for the general registers and the
/// instruction pointer; flags and segment registers are of no use to a trace.
public enum PerfRegister: Int, CaseIterable, Sendable {
    case rax = 0, rbx, rcx, rdx, rsi, rdi, rbp, rsp, rip
    case r8 = 16, r9, r10, r11, r12, r13, r14, r15

    /// The sample_regs_user mask asking for every case.
    public static let sampleMask: UInt64 = allCases.reduce(0) { $0 | 1 << UInt64($1.rawValue) }

    /// Where this register sits in a sample's register array (the mask's bits in order).
    public var sampleIndex: Int {
        rawValue < Self.r8.rawValue ? rawValue : rawValue - Self.r8.rawValue + Self.rip.rawValue + 1
    }
}
