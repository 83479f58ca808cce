import DbgProcess
import DbgSymbols

/// The program's memory (a live process's or a core file's), read synchronously by engine
/// code that runs on the program's executor (the `Target` actor shares it). A live
/// process's reads check that they are on the ptrace thread (`LiveProgram`).
struct ProcessMemory: TargetMemory {
    let program: any StoppedProgram

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        guard let bytes = try? program.readMemory(at: address, count: count) else { throw TargetMemoryError(address: address, count: count) }
        return bytes
    }
}

/// Writes for `set`: memory anywhere (read-only pages too), registers of the innermost
/// frame of one thread. A core file (no process) refuses them.
struct ProcessValueWriter: ValueWriter {
    let traced: TracedProcess?
    let thread: ThreadID
    /// Only the innermost frame's registers are the thread's own; a caller's saved
    /// registers live in its callees' frames.
    let isInnermostFrame: Bool

    func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(ValueError) {
        guard let process = traced else { throw .unsupported(EngineError.coreFileMessage) }
        let written: Bool = process.assumeIsolated { process in (try? process.writeMemory(bytes, at: address)) != nil }
        if !written { throw .unwritableMemory(address: address, count: bytes.count) }
    }

    func writeRegister(_ dwarfNumber: Int, value: UInt64) throws(ValueError) {
        guard let process = traced else { throw .unsupported(EngineError.coreFileMessage) }
        guard isInnermostFrame else { throw .unsupported("registers of a caller's frame cannot be set") }
        let thread = self.thread
        let written: Bool = process.assumeIsolated { process in
            guard var registers = try? process.registers(of: thread),
                  registers.setDWARFRegister(dwarfNumber, to: value)
            else { return false }
            return (try? process.setRegisters(registers, of: thread)) != nil
        }
        if !written { throw .unsupported("cannot set register \(X86_64Register.name(of: dwarfNumber))") }
    }
}
