import DbgSymbols

/// Where a calling convention puts values, one after the other: System V for C (at a
/// function's entry, before any prologue has stored them where DWARF says), Go's
/// internal register ABI for Go (arguments and results alike). Used when DWARF has no
/// location that is valid at the probe. Swift's convention places values by their Swift
/// types (`SwiftArgumentPlan`); a value without one is placed as System V would.
struct RegisterArgumentPlan {
    enum Convention { case systemV, goInternal, swift }

    let convention: Convention
    /// How many xmm registers the sample holds (none in a perf sample).
    let vectorRegisterCount: Int
    private var nextInteger = 0
    private var nextVector = 0
    private var nextStackSlot = 0

    init(_ convention: Convention, vectorRegisterCount: Int = 0) {
        self.convention = convention
        self.vectorRegisterCount = vectorRegisterCount
    }

    /// Float arguments registers: xmm0–xmm7 (System V), X0–X14 (Go).
    private var vectorLimit: Int { convention == .goInternal ? 15 : 8 }

    /// Integer argument registers in order, as DWARF numbers.
    var integerRegisters: [X86_64Register] {
        switch convention {
        case .systemV, .swift: return [.rdi, .rsi, .rdx, .rcx, .r8, .r9]
        case .goInternal: return [.rax, .rbx, .rcx, .rdi, .rsi, .r8, .r9, .r10, .r11]
        }
    }

    /// The location of the next value of `shape` and `size` bytes, consuming registers.
    /// `rsp` is the stack pointer at the probe (System V's stack arguments start above the
    /// return address).
    mutating func next(shape: TypeShape, size: Int, rsp: UInt64) -> ValueLocation {
        let words = max(1, (size + 7) / 8)
        switch shape {
        case .float(let floatSize) where floatSize <= 8:
            defer { nextVector += 1 }
            guard nextVector < vectorLimit else {
                return convention != .goInternal ? takeStack(words: 1, rsp: rsp) : .unavailable("on the stack")
            }
            guard nextVector < vectorRegisterCount else {
                return .unavailable("in a floating-point register, not sampled")  // perf samples have none
            }
            return .register(X86_64Register.xmm0.rawValue + nextVector)
        case .float, .complex:
            return .unavailable("x87 and complex values are not decoded yet")
        case .integer, .boolean, .pointer, .enumeration, .goFunction, .goMap, .goChannel:
            return take(words: 1, rsp: rsp)
        case .goString, .goInterface:
            return take(words: 2, rsp: rsp)
        case .goSlice:
            return take(words: 3, rsp: rsp)
        case .aggregate where convention != .goInternal && size > 16:
            return takeStack(words: words, rsp: rsp)
        case .aggregate, .array:
            // Classifying fields (System V eightbytes, Go's recursive assignment) is not done
            // yet: what follows would be misplaced too.
            nextInteger = Int.max / 2
            return .unavailable("passing of aggregates is not decoded yet")
        default:
            return .unavailable("unknown type")
        }
    }

    private mutating func take(words: Int, rsp: UInt64) -> ValueLocation {
        let registers = integerRegisters
        guard nextInteger + words <= registers.count else {
            if convention == .goInternal { return .unavailable("on the stack") }
            nextInteger = registers.count
            return takeStack(words: words, rsp: rsp)
        }
        let assigned = registers[nextInteger..<nextInteger + words]
        nextInteger += words
        if words == 1, let only = assigned.first { return .register(only.rawValue) }
        return .pieces(assigned.map { ValueLocation.Piece(location: .register($0.rawValue), size: 8) })
    }

    private mutating func takeStack(words: Int, rsp: UInt64) -> ValueLocation {
        defer { nextStackSlot += words }
        return .memory(rsp &+ 8 &+ UInt64(nextStackSlot * 8))
    }
}
