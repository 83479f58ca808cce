import CSys

/// The notes of an x86-64 Linux core file: their types and the layout of their descriptors
/// (the kernel's `elf_prstatus`, `elf_prpsinfo`, `siginfo_t`, NT_FILE's table). One place
/// for both directions: `CoreFile` reads them, `CoreWriter` writes them.
enum CoreNotes {
    static let owner = "CORE"
    static let prstatus: UInt32 = 1
    static let fpregset: UInt32 = 2
    static let prpsinfo: UInt32 = 3
    static let auxv: UInt32 = 6
    static let siginfo: UInt32 = 0x5349_4749
    static let file: UInt32 = 0x4649_4C45
    /// The XSAVE area (owner "LINUX"): its first 512 bytes are NT_FPREGSET's.
    static let xstate: UInt32 = 0x202
    /// The owner of NT_X86_XSTATE notes.
    static let linuxOwner = "LINUX"
    /// The largest XSAVE area kept from a core (the kernel's are a few kilobytes).
    static let maxExtendedState = 1 << 16

    /// `elf_prstatus`: 336 bytes; the thread id at 32, the signal at 12, the registers
    /// (`user_regs_struct`) at 112.
    enum Status {
        static let size = 336
        static let signalNumber = 0
        static let currentSignal = 12
        static let pid = 32
        static let parentPID = 36
        static let processGroup = 40
        static let session = 44
        static let registers = 112
        static let floatingPointValid = 328
    }

    /// `elf_prpsinfo`: 136 bytes; the command's name (16 bytes) at 40, its arguments (80) at 56.
    enum ProcessInfo {
        static let size = 136
        static let state = 0
        static let stateName = 1
        static let uid = 16
        static let gid = 20
        static let pid = 24
        static let parentPID = 28
        static let processGroup = 32
        static let session = 36
        static let name = 40
        static let nameSize = 16
        static let arguments = 56
        static let argumentsSize = 80
    }

    /// `siginfo_t`: 128 bytes; the faulting address (or the sender's pid) at 16.
    enum Signal {
        static let size = 128
        static let number = 0
        static let code = 8
        static let address = 16
    }

    static let registersSize = MemoryLayout<user_regs_struct>.size
    static let floatingPointSize = MemoryLayout<user_fpregs_struct>.size

    static func registers(from bytes: ArraySlice<UInt8>) -> Registers? {
        guard bytes.count >= registersSize else { return nil }
        var raw = user_regs_struct()
        withUnsafeMutableBytes(of: &raw) { target in
            bytes.prefix(target.count).withUnsafeBytes { target.copyMemory(from: $0) }
        }
        return Registers(raw)
    }

    static func bytes(of registers: Registers) -> [UInt8] {
        withUnsafeBytes(of: registers.raw) { Array($0) }
    }

    static func floatingPointRegisters(from bytes: [UInt8]) -> FloatingPointRegisters? {
        guard bytes.count >= floatingPointSize else { return nil }
        var raw = user_fpregs_struct()
        withUnsafeMutableBytes(of: &raw) { target in
            bytes.prefix(target.count).withUnsafeBytes { target.copyMemory(from: $0) }
        }
        return FloatingPointRegisters(raw)
    }

    static func bytes(of registers: FloatingPointRegisters) -> [UInt8] {
        withUnsafeBytes(of: registers.raw) { Array($0) }
    }
}
