import CSys

/// The general registers of one thread (x86-64 `user_regs_struct`), including the
/// thread-pointer bases `fs_base` (TLS on x86-64 Linux; Go's g is at fs_base - 8) and
/// `gs_base`.
public struct Registers: Hashable, Sendable {
    public var rax: UInt64 = 0, rbx: UInt64 = 0, rcx: UInt64 = 0, rdx: UInt64 = 0
    public var rsi: UInt64 = 0, rdi: UInt64 = 0, rbp: UInt64 = 0, rsp: UInt64 = 0
    public var r8: UInt64 = 0, r9: UInt64 = 0, r10: UInt64 = 0, r11: UInt64 = 0
    public var r12: UInt64 = 0, r13: UInt64 = 0, r14: UInt64 = 0, r15: UInt64 = 0
    public var rip: UInt64 = 0, eflags: UInt64 = 0
    public var cs: UInt64 = 0, ss: UInt64 = 0, ds: UInt64 = 0, es: UInt64 = 0, fs: UInt64 = 0, gs: UInt64 = 0
    public var fsBase: UInt64 = 0, gsBase: UInt64 = 0
    /// The system call number at a syscall stop (-1 elsewhere); setting it to -1 cancels
    /// restarting an interrupted system call.
    public var origRax: UInt64 = 0

    public init() {}

    /// The register names `value(named:)` knows, in gdb's `info registers` order.
    public static let names = [
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13",
        "r14", "r15", "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs", "fs_base", "gs_base", "orig_rax",
    ]

    private static func keyPath(_ name: String) -> WritableKeyPath<Registers, UInt64>? {
        switch name {
        case "rax": return \.rax
        case "rbx": return \.rbx
        case "rcx": return \.rcx
        case "rdx": return \.rdx
        case "rsi": return \.rsi
        case "rdi": return \.rdi
        case "rbp": return \.rbp
        case "rsp": return \.rsp
        case "r8": return \.r8
        case "r9": return \.r9
        case "r10": return \.r10
        case "r11": return \.r11
        case "r12": return \.r12
        case "r13": return \.r13
        case "r14": return \.r14
        case "r15": return \.r15
        case "rip": return \.rip
        case "eflags": return \.eflags
        case "cs": return \.cs
        case "ss": return \.ss
        case "ds": return \.ds
        case "es": return \.es
        case "fs": return \.fs
        case "gs": return \.gs
        case "fs_base": return \.fsBase
        case "gs_base": return \.gsBase
        case "orig_rax": return \.origRax
        default: return nil
        }
    }

    /// A register by its name ("rip", "fs_base"), nil for an unknown name.
    public func value(named name: String) -> UInt64? { Self.keyPath(name).map { self[keyPath: $0] } }

    /// Sets a register by its name; false for an unknown name.
    @discardableResult
    public mutating func setValue(_ value: UInt64, named name: String) -> Bool {
        guard let keyPath = Self.keyPath(name) else { return false }
        self[keyPath: keyPath] = value
        return true
    }

    init(_ raw: user_regs_struct) {
        rax = raw.rax; rbx = raw.rbx; rcx = raw.rcx; rdx = raw.rdx
        rsi = raw.rsi; rdi = raw.rdi; rbp = raw.rbp; rsp = raw.rsp
        r8 = raw.r8; r9 = raw.r9; r10 = raw.r10; r11 = raw.r11
        r12 = raw.r12; r13 = raw.r13; r14 = raw.r14; r15 = raw.r15
        rip = raw.rip; eflags = raw.eflags; origRax = raw.orig_rax
        cs = raw.cs; ss = raw.ss; ds = raw.ds; es = raw.es; fs = raw.fs; gs = raw.gs
        fsBase = raw.fs_base; gsBase = raw.gs_base
    }

    var raw: user_regs_struct {
        var raw = user_regs_struct()
        raw.rax = rax; raw.rbx = rbx; raw.rcx = rcx; raw.rdx = rdx
        raw.rsi = rsi; raw.rdi = rdi; raw.rbp = rbp; raw.rsp = rsp
        raw.r8 = r8; raw.r9 = r9; raw.r10 = r10; raw.r11 = r11
        raw.r12 = r12; raw.r13 = r13; raw.r14 = r14; raw.r15 = r15
        raw.rip = rip; raw.eflags = eflags; raw.orig_rax = origRax
        raw.cs = cs; raw.ss = ss; raw.ds = ds; raw.es = es; raw.fs = fs; raw.gs = gs
        raw.fs_base = fsBase; raw.gs_base = gsBase
        return raw
    }
}
