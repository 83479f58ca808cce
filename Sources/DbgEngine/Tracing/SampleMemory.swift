import DbgProcess
import DbgSymbols

/// Memory as a trace sample sees it: the top of the user stack the kernel copied with the
/// sample (exact: what it held at the probe), anything else read from the live process
/// (what it holds now; fine for strings and heap data that outlive the call).
struct SampleMemory: TargetMemory {
    let pid: Int32
    let stack: [UInt8]
    /// RSP at the probe: where `stack` starts.
    let stackBase: UInt64
    /// False when the program has run on since the sample and what lies beyond the sampled
    /// stack may hold other values by now.
    var readsBeyondTheStack = true
    /// The stack of the event's thread, when the program has run on since the sample: what
    /// lies there beyond the sampled bytes belongs to the calls made since (`TraceLateReads`).
    var eventStack: Range<UInt64>?
    /// Memory copied at the event (C strings the inject backend's recorder copied): what they
    /// hold is read from here.
    var copies: [Copy] = []

    /// Bytes of the program's memory as they were at the event: what is read of them comes
    /// from here, what lies past them is read as any other memory (a long string's length).
    struct Copy {
        var address: UInt64
        var bytes: [UInt8]
    }

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        if count >= 0, address >= stackBase, address &- stackBase &+ UInt64(count) <= UInt64(stack.count) {
            let start = Int(address &- stackBase)
            return Array(stack[start..<start + count])
        }
        if count > 0, let copy = copies.first(where: { address >= $0.address && address &- $0.address < UInt64($0.bytes.count) }) {
            let start = Int(address &- copy.address)
            let copied = Array(copy.bytes[start..<min(start + count, copy.bytes.count)])
            guard copied.count < count else { return copied }
            var rest = self
            rest.copies = []
            return copied + (try rest.read(at: address &+ UInt64(copied.count), count: count - copied.count))
        }
        guard readsBeyondTheStack else {
            throw TargetMemoryError(address: address, count: count, reason: "on the heap, read only by a trace that stops the program (--backend ptrace)")
        }
        if let eventStack, eventStack.contains(address) {
            throw TargetMemoryError(address: address, count: count, reason: "on the stack of the call, read only by a trace that stops the program (--backend ptrace)")
        }
        guard let bytes = ProcessSnapshot.memory(of: pid, at: address, count: count) else {
            throw TargetMemoryError(address: address, count: count)
        }
        return bytes
    }
}

extension PerfSample {
    /// The sampled registers by DWARF number, for location expressions.
    var dwarfRegisters: RegisterValues {
        var values: [Int: UInt64] = [:]
        for register in PerfRegister.allCases {
            guard let value = self.register(register) else { continue }
            values[register.dwarfNumber] = value
        }
        for (index, value) in vectorRegisters.enumerated() {
            values[X86_64Register.xmm0.rawValue + index] = value
        }
        return RegisterValues(values)
    }
}

extension PerfRegister {
    /// The System V DWARF number of the register (see `X86_64Register`).
    var dwarfNumber: Int {
        switch self {
        case .rax: return X86_64Register.rax.rawValue
        case .rbx: return X86_64Register.rbx.rawValue
        case .rcx: return X86_64Register.rcx.rawValue
        case .rdx: return X86_64Register.rdx.rawValue
        case .rsi: return X86_64Register.rsi.rawValue
        case .rdi: return X86_64Register.rdi.rawValue
        case .rbp: return X86_64Register.rbp.rawValue
        case .rsp: return X86_64Register.rsp.rawValue
        case .rip: return X86_64Register.rip.rawValue
        case .r8: return X86_64Register.r8.rawValue
        case .r9: return X86_64Register.r9.rawValue
        case .r10: return X86_64Register.r10.rawValue
        case .r11: return X86_64Register.r11.rawValue
        case .r12: return X86_64Register.r12.rawValue
        case .r13: return X86_64Register.r13.rawValue
        case .r14: return X86_64Register.r14.rawValue
        case .r15: return X86_64Register.r15.rawValue
        }
    }
}
