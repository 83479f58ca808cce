import DbgSymbols

/// The text of scalars: integers, C characters, enums, function names, strings.
extension ValueLoader {
    /// `42`; a C character also shows as a character: `104 'h'` (as gdb does; Delve, which
    /// prints only the number, has no C `char`).
    func integerText(_ value: Value, isChar: Bool) throws(ValueError) -> String {
        let scalar = try value.scalar()
        let number: String
        switch scalar {
        case .signed(let signed): number = String(signed)
        case .unsigned(let unsigned): number = String(unsigned)
        case .float(let float): number = String(float)
        case .extended(let float): number = String(float)
        }
        if value.language.rules.describesIntegersByConstants, let description = constantDescription(scalar.asInt64, of: value) {
            return description + " (" + number + ")"
        }
        guard isChar, value.language.rules.charactersAreText else { return number }
        return number + " " + CCharacterText.cCharacter(UInt8(truncatingIfNeeded: scalar.bits))
    }

    /// Delve's description of a Go value by its type's constants: the constant of that
    /// value, else the single-bit constants OR-ed (`tflagUncommon|tflagNamed`), else none.
    /// Only for types named in a package (`main.Status`), as Delve: otherwise every `int`
    /// equal to 1 would be described by some constant.
    func constantDescription(_ number: Int64, of value: Value) -> String? {
        guard !value.isDeclaredConstant, case .dwarf(let type) = value.type, let name = type.name, name.contains("."),
              !name.hasPrefix("C."),
              let constants = value.context.constants?.constants(of: type), !constants.isEmpty
        else { return nil }
        if let exact = constants.first(where: { $0.value == number }) { return exact.name }
        guard number != 0 else { return nil }
        var remaining = number
        var names: [String] = []
        for constant in constants where constant.value.nonzeroBitCount == 1 && remaining & constant.value != 0 {
            names.append(constant.name)
            remaining &= ~constant.value
        }
        return remaining == 0 ? names.joined(separator: "|") : nil
    }

    /// An enumerator's name; for a set of flags the names OR-ed (`KIND_A|KIND_C`) with the
    /// bits no enumerator names as a number (`KIND_A|0x8`); otherwise the number.
    func enumText(_ scalar: Scalar, _ enumeration: DwarfType.Enumeration) -> String {
        let bits = scalar.bits
        if let match = enumeration.enumerators.first(where: { $0.unsignedValue == bits || $0.value == scalar.asInt64 }) {
            return match.name
        }
        let number = enumeration.isSigned ? String(scalar.asInt64) : String(bits)
        guard Self.isFlagSet(enumeration), !enumeration.isSigned || scalar.asInt64 >= 0 else { return number }
        var remaining = bits
        var names: [String] = []
        for enumerator in enumeration.enumerators where enumerator.value > 0 {
            let flag = enumerator.unsignedValue
            if remaining & flag == flag {
                names.append(enumerator.name)
                remaining &= ~flag
            }
        }
        if remaining != 0 || names.isEmpty { names.append(hexAddress(remaining)) }
        return names.joined(separator: "|")
    }

    /// An enum used as a set of flags: every enumerator is a single bit (or zero, "none"),
    /// and there are at least two bits. Delve describes Go constants the same way.
    static func isFlagSet(_ enumeration: DwarfType.Enumeration) -> Bool {
        var bits = 0
        for enumerator in enumeration.enumerators {
            if enumerator.value == 0 { continue }
            guard enumerator.value > 0, enumerator.unsignedValue.nonzeroBitCount == 1 else { return false }
            bits += 1
        }
        return bits >= 2
    }

    /// The function at `address` by name (`add`, `main.inspect`), `name+offset` inside one,
    /// the address in hex when no symbol holds it.
    func functionName(at address: UInt64, context: ValueContext) -> String {
        guard let (name, offset) = context.symbols?.symbol(containing: address) else { return hexAddress(address) }
        return offset == 0 ? name : name + "+" + String(offset)
    }

    /// Stores string bytes: `value` decoded, the bytes kept for exact quoting.
    func setString(_ bytes: [UInt8], into loaded: inout LoadedValue) {
        budget.chargeText(bytes.count)
        loaded.value = String(decoding: bytes, as: UTF8.self)
        loaded.stringBytes = bytes
    }
}
