import DbgSymbols

/// Where a Swift function's arguments are at its entry: each one's pieces in the next of rdi,
/// rsi, rdx, rcx, r8, r9 and xmm0-xmm7 (`SwiftValueLowering`), or its address in the next
/// integer register. Once an argument cannot be placed (an unknown layout, one passed on the
/// stack), where the following ones are is unknown too: they are unavailable, not guessed.
struct SwiftArgumentPlan {
    static let integerRegisters: [X86_64Register] = [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
    static let vectorLimit = 8

    /// How many xmm registers the sample holds (none in a perf sample).
    let vectorRegisterCount: Int
    private var nextInteger = 0
    private var nextVector = 0
    private var lostTrack = false

    init(vectorRegisterCount: Int) {
        self.vectorRegisterCount = vectorRegisterCount
    }

    mutating func next(_ type: SwiftTypeName?, types: SwiftTypes, registers: (any DwarfRegisterReader & Sendable)?) -> ValueLocation {
        guard !lostTrack else { return .unavailable("after an argument dbg cannot place") }
        guard let type, let passing = SwiftValueLowering.passing(of: type, types: types) else {
            lostTrack = true
            return .unavailable("passed in a way dbg cannot tell yet")
        }
        switch passing {
        case .indirect:
            guard let pointer = takeInteger(registers) else { return .unavailable("passed on the stack") }
            return .memory(pointer)
        case .direct(let pieces, let size):
            guard pieces.filter({ !$0.isFloat }).count <= Self.integerRegisters.count - nextInteger,
                  pieces.filter(\.isFloat).count <= Self.vectorLimit - nextVector
            else {
                lostTrack = true
                return .unavailable("passed on the stack")
            }
            var missingVector = false
            let bytes = SwiftValueLowering.bytes(of: pieces, size: size) { piece in
                guard piece.isFloat else { return takeInteger(registers) }
                defer { nextVector += 1 }
                guard nextVector < vectorRegisterCount else {
                    missingVector = true
                    return nil
                }
                return registers?.registerValue(X86_64Register.xmm0.rawValue + nextVector)
            }
            if let bytes { return .bytes(bytes) }
            lostTrack = true  // the pieces after the missing one took no register
            return .unavailable(missingVector ? "in a floating-point register, not sampled" : "its registers were not sampled")
        }
    }

    private mutating func takeInteger(_ registers: (any DwarfRegisterReader & Sendable)?) -> UInt64? {
        guard nextInteger < Self.integerRegisters.count else {
            lostTrack = true
            return nil
        }
        defer { nextInteger += 1 }
        return registers?.registerValue(Self.integerRegisters[nextInteger].rawValue)
    }
}
