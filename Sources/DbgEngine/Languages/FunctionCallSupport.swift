/// Whether the debugger can call a language's functions (`call f(1)`), and how.
enum FunctionCallSupport: Sendable, Equatable {
    /// The System V x86-64 calling convention: integers and pointers in rdi, rsi, rdx, rcx,
    /// r8, r9, floating point in xmm0-7, the rest on the stack; results in rax/rdx, xmm0/xmm1
    /// or memory (C, and the languages read as C).
    case systemV
    /// Not yet: the one line that says so.
    case notYet(String)
}
