import DbgProcess
import DbgSymbols

/// The innermost frame's registers: the general ones read with the frame, the vector
/// registers (xmm0 to xmm15, where Go and the SysV ABI pass floating-point arguments) read
/// from the thread only when a location asks for one.
struct LiveFrameRegisters: DwarfRegisterReader, Sendable {
    let general: RegisterValues
    let process: TracedProcess
    let thread: ThreadID

    func registerValue(_ dwarfRegister: Int) -> UInt64? {
        if let value = general.registerValue(dwarfRegister) { return value }
        let first = X86_64Register.xmm0.rawValue
        guard dwarfRegister >= first, dwarfRegister < first + 16 else { return nil }
        let thread = self.thread
        // Called while a location is evaluated, on the ptrace thread the engine runs on.
        let bytes: [UInt8]? = process.assumeIsolated { process in
            (try? process.floatingPointRegisters(of: thread)).map { Array($0.xmm(dwarfRegister - first).prefix(8)) }
        }
        return bytes.map { $0.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } }
    }
}
