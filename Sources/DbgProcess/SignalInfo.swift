import CSys

/// What the kernel says about a signal a thread received (from its siginfo).
public struct SignalInfo: Hashable, Sendable, CustomStringConvertible {
    public var signal: Signal
    /// `si_code`: > 0 raised by the kernel (e.g. SEGV_MAPERR = 1), ≤ 0 sent by a process
    /// (SI_USER = 0 by kill, SI_TKILL = -6 by tgkill/raise, SI_QUEUE = -1).
    public var code: Int32
    /// The faulting address, for kernel-raised SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP.
    public var faultAddress: UInt64?
    /// The sending process, for signals sent with kill, tgkill or sigqueue (and SIGCHLD's child).
    public var senderPID: Int32?

    public init(signal: Signal, code: Int32, faultAddress: UInt64? = nil, senderPID: Int32? = nil) {
        self.signal = signal
        self.code = code
        self.faultAddress = faultAddress
        self.senderPID = senderPID
    }

    init(_ raw: csys_siginfo) {
        let signal = Signal(raw.signo)
        let kernelFault = raw.code > 0 && (signal.isInstructionFault || signal == .sigtrap)
        self.init(
            signal: signal, code: raw.code, faultAddress: kernelFault ? raw.address : nil,
            senderPID: raw.code <= 0 || signal == .sigchld ? raw.sender_pid : nil)
    }

    /// True when the kernel raised it (a fault), false when a process sent it.
    public var isKernelGenerated: Bool { code > 0 }

    /// An int3 the program executed (SIGTRAP from the kernel, SI_KERNEL). The process layer
    /// reports the debugger's own int3s as breakpoints, so this one is the program's.
    public var isTrapInstruction: Bool { signal == .sigtrap && code == 0x80 }

    /// A debug register's hit (SIGTRAP from the kernel, TRAP_HWBKPT): a watchpoint.
    public var isHardwareBreakpoint: Bool { signal == .sigtrap && code == 4 }

    public var description: String {
        var text = signal.name
        if let faultAddress { text += " at address 0x" + String(faultAddress, radix: 16) }
        if let reason = codeName { text += " (\(reason))" }
        if let senderPID, !isKernelGenerated { text += " from PID \(senderPID)" }
        return text
    }

    /// The conventional name of `code` for the common signals.
    public var codeName: String? {
        switch (signal, code) {
        case (_, 0): return "SI_USER"
        case (_, -6): return "SI_TKILL"
        case (_, -1): return "SI_QUEUE"
        case (_, 0x80): return "SI_KERNEL"
        case (.sigsegv, 1): return "SEGV_MAPERR"
        case (.sigsegv, 2): return "SEGV_ACCERR"
        case (.sigbus, 1): return "BUS_ADRALN"
        case (.sigbus, 2): return "BUS_ADRERR"
        case (.sigfpe, 1): return "FPE_INTDIV"
        case (.sigfpe, 2): return "FPE_INTOVF"
        case (.sigill, 1): return "ILL_ILLOPC"
        case (.sigtrap, 1): return "TRAP_BRKPT"
        case (.sigtrap, 2): return "TRAP_TRACE"
        default: return nil
        }
    }
}
