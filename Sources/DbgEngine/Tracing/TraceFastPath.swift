import DbgProcess
import DbgSymbols

/// A probe whose values are all plain integers (DWARF base types, not characters, not
/// typedefs, which may have named constants) in registers: each is the register's low
/// bytes, kept as a number (`TraceNumbers`) and printed as the decimal number the loader
/// would have made, without building values, scopes or register tables for each sample.
enum TraceFastPath {
    case integers([Slot], TraceNumbers.Layout)
    /// Some value needs the engine (memory, pointers, strings, structs...).
    case engine

    /// Plain numbers only: copied for every event, so nothing here is counted by reference.
    struct Slot {
        var register: PerfRegister
        var size: Int
        var isSigned: Bool

        /// The register's low bytes, sign-extended to 64 bits when the type is signed.
        func word(in sample: PerfSample) -> UInt64 {
            let raw = sample.register(register) ?? 0
            let bits = UInt64(size * 8)
            guard bits < 64 else { return raw }
            let value = raw & ((1 << bits) - 1)
            guard isSigned else { return value }
            let shift = 64 - bits
            return UInt64(bitPattern: Int64(bitPattern: value << shift) >> shift)
        }
    }

    /// `values` located at the probe's first sample, and the loader's values of them.
    init(_ values: [(name: String?, value: Value)], loaded: [LoadedValue]) {
        var slots: [Slot] = []
        var names: [String] = []
        for ((_, value), loaded) in zip(values, loaded) {
            guard case .register(let number) = value.location, let register = PerfRegister(dwarfNumber: number),
                  case .dwarf(let type) = value.type, case .base(let encoding) = type.kind,
                  encoding == .signed || encoding == .unsigned,
                  let size = type.byteSize, (1...8).contains(size)
            else {
                self = .engine
                return
            }
            slots.append(Slot(register: register, size: Int(size), isSigned: encoding == .signed))
            names.append(loaded.name)
        }
        guard slots.count <= TraceNumbers.capacity else {
            self = .engine
            return
        }
        self = .integers(slots, TraceNumbers.Layout(names: names, isSigned: slots.map(\.isSigned)))
    }
}

extension PerfRegister {
    /// The sampled register of a DWARF number, nil for those samples do not carry.
    init?(dwarfNumber: Int) {
        guard let register = PerfRegister.allCases.first(where: { $0.dwarfNumber == dwarfNumber }) else { return nil }
        self = register
    }
}
