/// Registers of a stopped thread.
extension TracedProcess {
    public func registers(of thread: ThreadID) throws(ProcessError) -> Registers {
        try ensureThread(thread)
        return Registers(try ptraceGetRegisters(thread))
    }

    public func setRegisters(_ registers: Registers, of thread: ThreadID) throws(ProcessError) {
        try ensureThread(thread)
        try ptraceSetRegisters(thread, registers.raw)
    }

    public func floatingPointRegisters(of thread: ThreadID) throws(ProcessError) -> FloatingPointRegisters {
        try ensureThread(thread)
        return FloatingPointRegisters(try ptraceGetFloatingPointRegisters(thread))
    }

    public func setFloatingPointRegisters(_ registers: FloatingPointRegisters, of thread: ThreadID) throws(ProcessError) {
        try ensureThread(thread)
        try ptraceSetFloatingPointRegisters(thread, registers.raw)
    }
}
