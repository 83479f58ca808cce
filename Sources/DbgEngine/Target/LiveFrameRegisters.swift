import DbgProcess
import DbgSymbols

/// The innermost frame's registers: the general ones read with the frame, the vector
/// registers (xmm0 to xmm15, where Go and the SysV ABI pass floating-point arguments) read
/// from the thread only when a location asks for one.
struct LiveFrameRegisters: DwarfRegisterReader, Sendable {
    let general: RegisterValues
    let program: any StoppedProgram
    let thread: ThreadID

    func registerValue(_ dwarfRegister: Int) -> UInt64? {
        if let value = general.registerValue(dwarfRegister) { return value }
        let first = X86_64Register.xmm0.rawValue
        guard dwarfRegister >= first, dwarfRegister < first + 16 else { return nil }
        // Called while a location is evaluated, on the ptrace thread the engine runs on.
        return Self.vectorRegisters(of: thread, in: program, count: dwarfRegister - first + 1)?.last
    }

    /// The low eightbytes of xmm0 up to xmm(count - 1) of a thread (nil when unreadable):
    /// where floating-point arguments and results are. Only on the program's executor.
    static func vectorRegisters(of thread: ThreadID, in program: any StoppedProgram, count: Int) -> [UInt64]? {
        (try? program.floatingPointRegisters(of: thread)).map { registers in
            (0..<min(count, 16)).map { littleEndianValue(registers.xmm($0).prefix(8)) }
        }
    }
}
