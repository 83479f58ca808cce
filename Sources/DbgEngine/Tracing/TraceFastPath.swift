import DbgProcess
import DbgSymbols

/// A probe whose values are all plain integers (DWARF base types, not characters, not
/// typedefs, which may have named constants) in registers: their text is the register's
/// low bytes as a decimal number, exactly what the engine's printer would write, without
/// building values, scopes or register tables for each sample.
enum TraceFastPath {
    case integers([Slot])
    /// Some value needs the engine (memory, pointers, strings, structs...).
    case engine

    struct Slot {
        var name: String?
        var register: PerfRegister
        var size: Int
        var isSigned: Bool

        func format(_ sample: PerfSample) -> String {
            let raw = sample.register(register) ?? 0
            let bits = UInt64(size * 8)
            let value = bits >= 64 ? raw : raw & ((1 << bits) - 1)
            guard isSigned, bits < 64 || Int64(bitPattern: value) < 0 else { return String(value) }
            let shift = 64 - bits
            return String(Int64(bitPattern: value << shift) >> shift)
        }
    }

    init(_ values: [(name: String?, value: Value)]) {
        var slots: [Slot] = []
        for (name, value) in values {
            guard case .register(let number) = value.location, let register = PerfRegister(dwarfNumber: number),
                  case .dwarf(let type) = value.type, case .base(let encoding) = type.kind,
                  encoding == .signed || encoding == .unsigned,
                  let size = type.byteSize, (1...8).contains(size)
            else {
                self = .engine
                return
            }
            slots.append(Slot(name: name, register: register, size: Int(size), isSigned: encoding == .signed))
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
