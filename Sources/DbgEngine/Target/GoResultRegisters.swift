import DbgSymbols

/// Where Go's register ABI leaves a function's results (GoRegisterAssignment): read from a
/// thread's registers, result by result. A result that does not fit in the registers left
/// goes on the stack (not read here).
struct GoResultRegisters {
    static let integerRegisters: [X86_64Register] = [.rax, .rbx, .rcx, .rdi, .rsi, .r8, .r9, .r10, .r11]
    static let floatRegisterCount = GoRegisterAssignment.floatRegisterCount

    let types: TypeSystem
    /// Integer registers by DWARF number, and the low 8 bytes of X0...X14.
    let integers: RegisterValues
    let floats: [UInt64]
    private var assignment: GoRegisterAssignment

    init(types: TypeSystem, integers: RegisterValues, floats: [UInt64]) {
        self.types = types
        self.integers = integers
        self.floats = floats
        assignment = GoRegisterAssignment(types: types)
    }

    /// The bytes of the next result of `type`, or nil when it is not in registers.
    mutating func take(_ type: ValueType) -> [UInt8]? {
        guard let size = types.size(of: type), size <= 1 << 16, let pieces = assignment.assign(type) else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        for piece in pieces {
            let word: UInt64?
            switch piece.bank {
            case .integer: word = integers[Self.integerRegisters[piece.index]]
            case .float: word = piece.index < floats.count ? floats[piece.index] : nil
            }
            guard let word else { return nil }
            for index in 0..<min(piece.size, 8) where piece.offset + index < bytes.count {
                bytes[piece.offset + index] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(index)))
            }
        }
        return bytes
    }
}
