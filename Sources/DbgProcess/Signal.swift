/// A Linux signal number, with its conventional name.
public struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The signals an instruction raises when it faults (the kernel's si_code then > 0).
    public var isInstructionFault: Bool { [Self.sigsegv, .sigbus, .sigfpe, .sigill].contains(self) }

    public static let sighup = Signal(1)
    public static let sigint = Signal(2)
    public static let sigquit = Signal(3)
    public static let sigill = Signal(4)
    public static let sigtrap = Signal(5)
    public static let sigabrt = Signal(6)
    public static let sigbus = Signal(7)
    public static let sigfpe = Signal(8)
    public static let sigkill = Signal(9)
    public static let sigusr1 = Signal(10)
    public static let sigsegv = Signal(11)
    public static let sigusr2 = Signal(12)
    public static let sigpipe = Signal(13)
    public static let sigalrm = Signal(14)
    public static let sigterm = Signal(15)
    public static let sigchld = Signal(17)
    public static let sigcont = Signal(18)
    public static let sigstop = Signal(19)
    public static let sigtstp = Signal(20)
    public static let sigttin = Signal(21)
    public static let sigttou = Signal(22)
    public static let sigurg = Signal(23)
    public static let sigvtalrm = Signal(26)
    public static let sigprof = Signal(27)
    public static let sigwinch = Signal(28)
    public static let sigio = Signal(29)

    private static let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
        7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
        13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD",
        18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG",
        24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH",
        29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
    ]

    /// "SIGSEGV", or "SIG34"/"SIGRTMIN+2"-style names for the others.
    public var name: String {
        if let name = Self.names[rawValue] { return name }
        if rawValue >= 34 && rawValue <= 64 { return rawValue == 34 ? "SIGRTMIN" : "SIGRTMIN+\(rawValue - 34)" }
        return "SIG\(rawValue)"
    }

    public var description: String { name }

    /// The signals that, as in gdb, pass to the program without stopping it: the ones
    /// programs use for timers, job control and runtime housekeeping (Go preempts with
    /// SIGURG), which would otherwise stop a session every few milliseconds.
    public static let passedSilentlyByDefault: Set<Signal> = [
        .sigalrm, .sigurg, .sigchld, .sigwinch, .sigio, .sigvtalrm, .sigprof,
    ]
}
