import DbgProcess
import DbgSymbols

/// How the values of one probe are read once its first sample has been located. When they
/// are all plain integers (DWARF base types, not characters, not typedefs, which may have
/// named constants) or pointers shown by their address, in registers, each is a register's
/// low bytes, read straight from the sample and printed as the loader would have made it
/// (`TraceEvents.NumberForm`): no value, scope or register table per event. Plain data only
/// (it is read for every event): nothing here is counted by reference.
struct TraceFastPath {
    enum State: UInt8 {
        /// No sample of the probe has been located yet.
        case unknown
        case numbers
        /// Some value needs the engine (strings, structs, values in memory...).
        case engine
    }

    /// One value: the register's low `size` bytes, sign-extended when `isSigned`.
    struct Slot {
        var register: PerfRegister = .rax
        var size: UInt8 = 8
        var isSigned = false
    }

    /// The address the loader is shown to make a pointer's text with (found in the text it
    /// makes, and replaced by each event's address).
    static let sampleAddress: UInt64 = 0xdbdb_dbdb_dbdb_dbd0

    static let capacity = 9
    typealias Slots = (Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot, Slot)

    private(set) var state = State.unknown
    private(set) var count = 0
    /// Where the running green thread's pointer is (Go's g), at calls and returns alike.
    private(set) var greenThreadRegister: PerfRegister?
    private var slots: Slots = (Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot(), Slot())

    init() {}

    /// Decided from `values` as located at the probe's first sample and as `loader` loaded
    /// them (`loaded`); `forms`, how each is shown, when they are numbers (kept apart: this
    /// is copied for every event).
    init(_ values: [(name: String?, value: Value)], loaded: [LoadedValue], loader: ValueLoader, greenThreadRegister: PerfRegister?,
         forms: inout [TraceEvents.NumberForm]) {
        self.greenThreadRegister = greenThreadRegister
        forms = []
        var found: [Slot] = []
        for ((_, value), loaded) in zip(values, loaded) {
            guard case .register(let number) = value.location, let register = PerfRegister(dwarfNumber: number) else {
                state = .engine
                return
            }
            if case .dwarf(let type) = value.type, case .base(let encoding) = type.kind,
               encoding == .signed || encoding == .unsigned, let size = type.byteSize, (1...8).contains(size) {
                found.append(Slot(register: register, size: UInt8(size), isSigned: encoding == .signed))
                forms.append(encoding == .signed ? .signed : .unsigned)
            } else if let pointer = Self.pointerForm(value, loaded: loaded, loader: loader) {
                found.append(Slot(register: register, size: 8, isSigned: false))
                forms.append(pointer)
            } else {
                state = .engine
                return
            }
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

    /// A pointer the loader shows by its address alone, `(*lua_State)(0x5555555962a8)` or
    /// `*CallInfo nil`: how it shows address 0 and another, loaded by the loader itself. Not
    /// one whose text needs memory (a C string) or a symbol (a function pointer), nor a Swift
    /// one (Swift writes pointers its own way).
    private static func pointerForm(_ value: Value, loaded: LoadedValue, loader: ValueLoader) -> TraceEvents.NumberForm? {
        let types = value.types
        guard loaded.kind == .pointer, loaded.unreadable == nil, !loaded.isSwift, value.language != .swift,
              types.addressSize == 8, case .pointer(let target) = types.shape(of: value.type)
        else { return nil }
        switch types.shape(of: target) {
        case .function: return nil
        case .integer(1, _, true) where value.language.rules.charactersAreText: return nil
        default: break
        }
        func load(at address: UInt64) -> LoadedValue {
            var proto = value
            proto.location = .bytes(withUnsafeBytes(of: address.littleEndian) { Array($0) })
            var made = loader.load(proto)
            made.name = loaded.name
            return made
        }
        let nilValue = load(at: 0), sample = load(at: sampleAddress)
        guard nilValue.kind == .pointer, sample.kind == .pointer, sample.children.count == 1,
              sample.children[0].onlyAddress, sample.children[0].address == sampleAddress
        else { return nil }
        return .pointer(nilValue: nilValue, sample: sample, sampleAddress: sampleAddress)
    }

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
