import DbgProcess
import DbgSymbols

/// How the values of one probe are read once its first sample has been located. When they
/// are all plain integers (DWARF base types, not characters, not typedefs, which may have
/// named constants) in registers, each is a register's low bytes, read straight from the
/// sample and printed as the decimal number the loader would have made: no value, scope or
/// register table per event. Plain data only (it is read for every event): nothing here is
/// counted by reference.
struct TraceFastPath {
    enum State: UInt8 {
        /// No sample of the probe has been located yet.
        case unknown
        case numbers
        /// Some value needs the engine (memory, pointers, strings, structs...).
        case engine
    }

    /// One value: the register's low `size` bytes, sign-extended when `isSigned`.
    struct Slot {
        var register: PerfRegister = .rax
        var size: UInt8 = 8
        var isSigned = false
    }

    static let capacity = 9
    typealias Slots = (Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot)

    private(set) var state = State.unknown
    private(set) var count = 0
    /// Where the running green thread's pointer is (Go's g), at calls and returns alike.
    private(set) var greenThreadRegister: PerfRegister?
    private var slots: Slots = (Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot())

    init() {}

    /// Decided from `values` as located at the probe's first sample.
    init(_ values: [(name: String?, value: Value)], greenThreadRegister: PerfRegister?) {
        self.greenThreadRegister = greenThreadRegister
        var found: [Slot] = []
        for (_, value) in values {
            guard case .register(let number) = value.location, let register = PerfRegister(dwarfNumber: number),
                  case .dwarf(let type) = value.type, case .base(let encoding) = type.kind,
                  encoding == .signed || encoding == .unsigned,
                  let size = type.byteSize, (1...8).contains(size)
            else {
                state = .engine
                return
            }
            found.append(Slot(register: register, size: UInt8(size), isSigned: encoding == .signed))
        }
        guard found.count <= Self.capacity else {
            state = .engine
            return
        }
        state = .numbers
        count = found.count
        withUnsafeMutableBytes(of: &slots) { raw in
            let typed = raw.bindMemory(to: Slot.self)
            for (index, slot) in found.enumerated() { typed[index] = slot }
        }
    }

    var isSigned: [Bool] { (0..<count).map { slot($0).isSigned } }

    func slot(_ index: Int) -> Slot {
        withUnsafeBytes(of: slots) { $0.load(fromByteOffset: index * MemoryLayout<Slot>.stride, as: Slot.self) }
    }

    /// Value `index` of an event whose registers are `registers`.
    func word<Registers: TraceRegisters>(_ index: Int, in registers: Registers) -> UInt64 {
        let slot = slot(index)
        let raw = registers.word(slot.register)
        let bits = UInt64(slot.size) * 8
        guard bits < 64 else { return raw }
        let value = raw & ((1 << bits) - 1)
        guard slot.isSigned else { return value }
        let shift = 64 - bits
        return UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
    }
}

/// An event's general registers, however the backend got them.
protocol TraceRegisters {
    /// The register's value, 0 when the event did not catch it.
    func word(_ register: PerfRegister) -> UInt64
}

extension PerfSample: TraceRegisters {
    func word(_ register: PerfRegister) -> UInt64 { self.register(register) ?? 0 }
}

extension InjectRecord: TraceRegisters {
    func word(_ register: PerfRegister) -> UInt64 { self.register(register) }
}

extension PerfRegister {
    /// The sampled register of a DWARF number, nil for those samples do not carry.
    init?(dwarfNumber: Int) {
        guard let register = PerfRegister.allCases.first(where: { $0.dwarfNumber == dwarfNumber }) else { return nil }
        self = register
    }
}
