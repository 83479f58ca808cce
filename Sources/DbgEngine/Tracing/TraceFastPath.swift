import DbgProcess
import DbgSymbols

/// A probe whose values are all plain integers (DWARF base types, not characters, not
/// typedefs, which may have named constants) in registers: each is the register's low
/// bytes as a decimal number in the value the loader made of the first sample, exactly what
/// the loader would make, without building values, scopes or register tables for each
/// sample.
enum TraceFastPath {
    case integers([Slot])
    /// Some value needs the engine (memory, pointers, strings, structs...).
    case engine

    struct Slot {
        /// The first sample's value: its name and type hold for every sample.
        var loaded: LoadedValue
        var register: PerfRegister
        var size: Int
        var isSigned: Bool

        func value(in sample: PerfSample) -> LoadedValue {
            var value = loaded
            value.value = text(sample)
            value.unreadable = nil  // every sample has the register, whatever the first said
            return value
        }

        private func text(_ sample: PerfSample) -> String {
            let raw = sample.register(register) ?? 0
            let bits = UInt64(size * 8)
            let value = bits >= 64 ? raw : raw & ((1 << bits) - 1)
            guard isSigned, bits < 64 || Int64(bitPattern: value) < 0 else { return String(value) }
            let shift = 64 - bits
            return String(Int64(bitPattern: value << shift) >> shift)
        }
    }

    /// `values` located at the probe's first sample, and the loader's values of them.
    init(_ values: [(name: String?, value: Value)], loaded: [LoadedValue]) {
        var slots: [Slot] = []
        for ((_, value), loaded) in zip(values, loaded) {
            guard case .register(let number) = value.location, let register = PerfRegister(dwarfNumber: number),
                  case .dwarf(let type) = value.type, case .base(let encoding) = type.kind,
                  encoding == .signed || encoding == .unsigned,
                  let size = type.byteSize, (1...8).contains(size)
            else {
                self = .engine
                return
            }
            slots.append(Slot(loaded: loaded, register: register, size: Int(size), isSigned: encoding == .signed))
        }
        self = .integers(slots)
    }
}

extension PerfRegister {
    /// The sampled register of a DWARF number, nil for those samples do not carry.
    init?(dwarfNumber: Int) {
        guard let register = PerfRegister.allCases.first(where: { $0.dwarfNumber == dwarfNumber }) else { return nil }
        self = register
    }
}
