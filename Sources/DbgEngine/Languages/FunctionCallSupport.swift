/// Whether the debugger can call a language's functions (`call f(1)`), and how.
enum FunctionCallSupport: Sendable, Equatable {
    /// The System V x86-64 calling convention: integers and pointers in rdi, rsi, rdx, rcx,
    /// r8, r9, floating point in xmm0-7, the rest on the stack; results in rax/rdx, xmm0/xmm1
    /// or memory (C, and the languages read as C).
    case systemV
    /// Go's debug-call protocol (`runtime.debugCallV2`): the runtime opens a frame on a
    /// goroutine of its own and the function gets its arguments by Go's register ABI
    /// (ABIInternal); the results come back in registers, a panic as a value.
    case goDebugCall
    /// Not yet: the one line that says so.
    case notYet(String)
}
