import DbgProcess
import DbgSymbols

/// The live process's memory, read synchronously by engine code that runs on the ptrace
/// thread (the `Target` actor shares the process's executor).
///
/// `assumeIsolated` checks at run time that the caller really is on that thread, so a
/// read from anywhere else traps at once instead of racing the ptrace thread.
struct ProcessMemory: TargetMemory {
    let process: TracedProcess

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        let bytes: [UInt8]? = process.assumeIsolated { process in try? process.readMemory(at: address, count: count) }
        guard let bytes else { throw TargetMemoryError(address: address, count: count) }
        return bytes
    }
}

/// Writes for `set`: memory anywhere (read-only pages too), registers of the innermost
/// frame of one thread.
struct ProcessValueWriter: ValueWriter {
    let process: TracedProcess
    let thread: ThreadID
    /// Only the innermost frame's registers are the thread's own; a caller's saved
    /// registers live in its callees' frames.
    let isInnermostFrame: Bool

    func writeMemory(_ bytes: [UInt8], at address: UInt64) throws(ValueError) {
        let written: Bool = process.assumeIsolated { process in (try? process.writeMemory(bytes, at: address)) != nil }
        if !written { throw .unwritableMemory(address: address, count: bytes.count) }
    }

    func writeRegister(_ dwarfNumber: Int, value: UInt64) throws(ValueError) {
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
