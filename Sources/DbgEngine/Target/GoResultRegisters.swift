import DbgSymbols

/// Where Go's register ABI (ABIInternal, Go 1.17 and later on amd64) leaves a function's
/// results: integer words in RAX, RBX, RCX, RDI, RSI, R8, R9, R10, R11 and floating-point
/// words in X0 to X14, assigned result by result, field by field. A result that does not
/// fit in the registers left goes on the stack (not read here).
struct GoResultRegisters {
    static let integerRegisters: [X86_64Register] = [.rax, .rbx, .rcx, .rdi, .rsi, .r8, .r9, .r10, .r11]
    static let floatRegisterCount = 15

    let types: TypeSystem
    /// Integer registers by DWARF number, and the low 8 bytes of X0...X14.
    let integers: RegisterValues
    let floats: [UInt64]
    private(set) var nextInteger = 0
    private(set) var nextFloat = 0

    init(types: TypeSystem, integers: RegisterValues, floats: [UInt64]) {
        self.types = types
        self.integers = integers
        self.floats = floats
    }

    /// The bytes of the next result of `type`, or nil when it is not in registers.
    mutating func take(_ type: ValueType) -> [UInt8]? {
        guard let size = types.size(of: type), size <= 1 << 16 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let saved = (nextInteger, nextFloat)
        guard assign(type, offset: 0, into: &bytes) else {
            (nextInteger, nextFloat) = saved  // the whole result goes on the stack
            return nil
        }
        return bytes
    }

    private mutating func assign(_ type: ValueType, offset: Int, into bytes: inout [UInt8]) -> Bool {
        switch types.shape(of: type) {
        case .integer(let size, _, _), .boolean(let size):
            return integerWord(size: size, offset: offset, into: &bytes)
        case .enumeration(let dwarf, _):
            return integerWord(size: Int(dwarf.byteSize ?? 8), offset: offset, into: &bytes)
        case .pointer, .goMap, .goChannel, .goFunction:
            return integerWord(size: 8, offset: offset, into: &bytes)
        case .float(let size):
            return floatWord(size: size, offset: offset, into: &bytes)
        case .complex(let size):
            return floatWord(size: size / 2, offset: offset, into: &bytes)
                && floatWord(size: size / 2, offset: offset + size / 2, into: &bytes)
        case .goString, .goInterface:
            return integerWord(size: 8, offset: offset, into: &bytes) && integerWord(size: 8, offset: offset + 8, into: &bytes)
        case .goSlice:
            return (0..<3).allSatisfy { integerWord(size: 8, offset: offset + 8 * $0, into: &bytes) }
        case .aggregate(_, let aggregate):
            for member in aggregate.members {
                guard let memberOffset = member.byteOffset, memberOffset < 1 << 16, member.bitField == nil,
                      assign(types.resolve(member.type), offset: offset + Int(memberOffset), into: &bytes)
                else { return false }
            }
            return true
        case .array(let element, let count):
            if count == 0 { return true }
            guard count == 1 else { return false }
            return assign(element, offset: offset, into: &bytes)
        default:
            return false
        }
    }

    private mutating func integerWord(size: Int, offset: Int, into bytes: inout [UInt8]) -> Bool {
        guard nextInteger < Self.integerRegisters.count,
              let word = integers[Self.integerRegisters[nextInteger]] else { return false }
        nextInteger += 1
        place(word, size: size, offset: offset, into: &bytes)
        return true
    }

    private mutating func floatWord(size: Int, offset: Int, into bytes: inout [UInt8]) -> Bool {
        guard nextFloat < min(floats.count, Self.floatRegisterCount) else { return false }
        let word = floats[nextFloat]
        nextFloat += 1
        place(word, size: size, offset: offset, into: &bytes)
        return true
    }

    private func place(_ word: UInt64, size: Int, offset: Int, into bytes: inout [UInt8]) {
        for index in 0..<min(size, 8) where offset + index < bytes.count {
            bytes[offset + index] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index)))
        }
    }
}
