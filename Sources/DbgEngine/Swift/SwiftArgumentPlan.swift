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

    mutating func takeInteger(_ registers: (any DwarfRegisterReader & Sendable)?) -> UInt64? {
        guard nextInteger < Self.integerRegisters.count else {
            lostTrack = true
            return nil
        }
        defer { nextInteger += 1 }
        return registers?.registerValue(Self.integerRegisters[nextInteger].rawValue)
    }
}

extension SwiftArgumentPlan {
    /// A Swift function's arguments at its entry, where the convention passes them, typed as
    /// the call binds the function's generic parameters: after the values come the type
    /// metadata of each parameter (`τ_0_0`, `τ_0_1`..., as many as the frame's `$τ_0_N`
    /// variables), which name the types. Methods (a `self` in the frame) and parameters of
    /// an enclosing generic type (`$τ_1_0`) are not bound: their metadata come otherwise.
    /// `metadata` reads type metadata, which the runtime never frees (a trace reads it later).
    static func arguments(_ parameters: [Variable], frame: ScopeFrame?, context: ValueContext, swift: SwiftTypes,
                          vectorRegisterCount: Int, metadata: any TargetMemory) -> [(name: String?, value: Value)] {
        var plan = SwiftArgumentPlan(vectorRegisterCount: vectorRegisterCount)
        var located: [(name: String?, value: Value, type: SwiftTypeName?)] = parameters.map { parameter in
            let type = context.types.resolve(parameter.type)
            let name = context.types.swiftName(of: type)
            let location = plan.next(name, types: swift, registers: context.registers)
            return (parameter.name, Value(type: type, location: location, context: context, name: parameter.name), name)
        }
        let generic = (0..<16).prefix { frame?.variable(named: "$τ_0_\($0)") != nil }.count
        if generic > 0, frame?.variable(named: "self") == nil, frame?.variable(named: "$τ_1_0") == nil,
           located.contains(where: { $0.type?.mentionsGenericParameters == true }) {
            let reader = SwiftMetadataReader(memory: metadata)
            var bound: [SwiftTypeName] = []
            for _ in 0..<generic {
                guard let address = plan.takeInteger(context.registers), let type = try? reader.typeName(ofMetadata: address) else { break }
                bound.append(type)
            }
            if bound.count == generic {
                for index in located.indices {
                    guard let type = located[index].type, type.mentionsGenericParameters,
                          let substituted = try? type.substituting(bound) else { continue }
                    located[index].value.type = .swift(substituted)
                }
            }
        }
        return located.map { ($0.name, $0.value) }
    }
}
