/// One PERF_RECORD_SAMPLE of a uprobe event, as dbg asks for it: which event, which
/// thread, when, the user registers and (optionally) the top of the user stack.
public struct PerfSample: Sendable {
    /// The event's id (PERF_EVENT_IOC_ID of the event opened; inherited copies report it too).
    public var eventID: UInt64
    public var pid: Int32
    public var tid: Int32
    /// CLOCK_MONOTONIC nanoseconds (perf events are opened with that clock): orders
    /// samples across the threads' ring buffers.
    public var time: UInt64
    /// In `PerfRegister` sample order; empty when the sample caught no user registers.
    public var registers: [UInt64]
    /// The user stack from RSP upwards (may be shorter than asked near the stack's top).
    public var stack: [UInt8]
    /// The low 8 bytes of xmm0, xmm1... when known: perf samples have none; the ptrace
    /// backend reads them for functions with floating-point arguments or results.
    public var vectorRegisters: [UInt64] = []

    public func register(_ register: PerfRegister) -> UInt64? {
        let index = register.sampleIndex
        return index < registers.count ? registers[index] : nil
    }

    /// Parses a sample record's body (after the 8-byte header) laid out as
    /// IDENTIFIER | TID | TIME | REGS_USER [| STACK_USER], nil when it is too short.
    init?(body: UnsafeRawBufferPointer, registerCount: Int, hasStack: Bool) {
        var reader = RecordReader(bytes: body)
        guard let id = reader.u64(), let pidTid = reader.u64(), let time = reader.u64(), let abi = reader.u64() else {
            return nil
        }
        eventID = id
        pid = Int32(truncatingIfNeeded: pidTid & 0xffff_ffff)
        tid = Int32(truncatingIfNeeded: pidTid >> 32)
        self.time = time
        var registers: [UInt64] = []
        if abi != 0 {  // PERF_SAMPLE_REGS_ABI_NONE: no registers follow
            registers.reserveCapacity(registerCount)
            for _ in 0..<registerCount {
                guard let value = reader.u64() else { return nil }
                registers.append(value)
            }
        }
        self.registers = registers
        stack = []
        if hasStack, let size = reader.u64(), size > 0 {
            guard let bytes = reader.bytes(Int(clamping: size)), let dynamicSize = reader.u64() else { return nil }
            stack = Array(bytes.prefix(Int(clamping: dynamicSize)))
        }
    }
}

/// Little-endian fields out of a record body, bounds-checked.
struct RecordReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func u64() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        defer { offset += 8 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer.SubSequence? {
        guard count >= 0, offset + count <= bytes.count else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}

extension PerfSample {
    /// A sample of registers already in `PerfRegister` order (the inject backend's events).
    public init(pid: Int32, tid: Int32, time: UInt64, registerValues: [UInt64], vectorRegisters: [UInt64], stack: [UInt8] = []) {
        eventID = 0
        self.pid = pid
        self.tid = tid
        self.time = time
        registers = registerValues
        self.stack = stack
        self.vectorRegisters = vectorRegisters
    }

    /// A sample made from a stopped thread's registers (the ptrace backend), so that both
    /// backends decode the same way.
    public init(pid: Int32, tid: Int32, time: UInt64, registers: Registers, vectorRegisters: [UInt64] = []) {
        eventID = 0
        self.pid = pid
        self.tid = tid
        self.time = time
        self.registers = PerfRegister.allCases.map { register in
            switch register {
            case .rax: return registers.rax
            case .rbx: return registers.rbx
            case .rcx: return registers.rcx
            case .rdx: return registers.rdx
            case .rsi: return registers.rsi
            case .rdi: return registers.rdi
            case .rbp: return registers.rbp
            case .rsp: return registers.rsp
            case .rip: return registers.rip
            case .r8: return registers.r8
            case .r9: return registers.r9
            case .r10: return registers.r10
            case .r11: return registers.r11
            case .r12: return registers.r12
            case .r13: return registers.r13
            case .r14: return registers.r14
            case .r15: return registers.r15
            }
        }
        stack = []
        self.vectorRegisters = vectorRegisters
    }
}
