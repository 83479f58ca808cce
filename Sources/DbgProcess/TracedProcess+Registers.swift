import CSys

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

    /// The thread's XSAVE area (PTRACE_GETREGSET NT_X86_XSTATE); nil when the kernel gives none.
    public func extendedState(of thread: ThreadID) -> [UInt8]? {
        guard (try? ensureThread(thread)) != nil else { return nil }
        var area = [UInt8](repeating: 0, count: Int(CSYS_RESCUE_XSTATE_CAPACITY))
        let length = area.withUnsafeMutableBytes { csys_ptrace_getxstate(thread.value, $0.baseAddress, $0.count) }
        return length > 0 ? Array(area.prefix(Int(length))) : nil
    }

    public func setFloatingPointRegisters(_ registers: FloatingPointRegisters, of thread: ThreadID) throws(ProcessError) {
        try ensureThread(thread)
        try ptraceSetFloatingPointRegisters(thread, registers.raw)
    }
}
