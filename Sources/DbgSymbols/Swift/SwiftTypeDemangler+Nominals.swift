/// Nominal types and what names them: modules, contexts, the standard library's one-letter
/// names, bound generic arguments, Builtin types.
extension SwiftTypeDemangler {
    /// `V C O P a` after a name and its context (a module or an enclosing type); the type is a
    /// substitution.
    mutating func demangleNominalType(_ kind: SwiftNominalName.Kind) throws(DemangleFailure) {
        guard let name = popDeclName() else { throw failure("nominal type without a name") }
        let path = try popContext() + [name]
        try checkPathLength(path)
        let type = try makeType(.nominal(SwiftNominalName(kind: kind, path: path), arguments: []), ownWeight: weight(of: path))
        try push(.type(type))
        addSubstitution(.type(type))
    }

    mutating func popDeclName() -> String? {
        pop {
            switch $0 {
            case .identifier(let name), .privateName(let name): name
            default: nil
            }
        }
    }

    /// A context's path: a module (an identifier stands for one here) or an unbound nominal type.
    mutating func popContext() throws(DemangleFailure) -> [String] {
        guard let top = stack.popLast() else { throw failure("expected a context") }
        switch top {
        case .identifier(let module), .module(let module):
            return [module]
        case .type(let type):
            guard let nominal = type.unboundNominal, !type.isSymbolicReference else {
                throw failure("a type that is no context encloses a nominal type")
            }
            return nominal.path
        default:
            throw failure("expected a context")
        }
    }

    /// Types nested in types as deep as the nesting of types in types may go.
    func checkPathLength(_ path: [String]) throws(DemangleFailure) {
        guard path.count <= DemangleLimits.depth else { throw failure("types nested deeper than \(DemangleLimits.depth)") }
    }

    func weight(of path: [String]) -> Int {
        path.reduce(0) { $0 + $1.utf8.count }
    }

    // MARK: - Bound generics

    /// `<nominal> y <arguments> [_ <arguments>]... G`: the argument lists of the enclosing types
    /// first, separated by `_`. The bound type is a substitution.
    mutating func demangleBoundGenericType() throws(DemangleFailure) {
        // Popped innermost level first, as the runtime does.
        var levels: [[ParsedType]] = []
        while true {
            var level: [ParsedType] = []
            while let argument = popType() {
                guard argument.modifier == nil else {
                    throw failure("'\(argument.modifier?.rawValue ?? "")' as a generic argument")
                }
                level.append(argument)
            }
            levels.append(level.reversed())
            if popEmptyList() { break }
            guard popFirstElementMarker() else { throw failure("generic arguments without their start") }
        }
        guard let nominalType = popType(), let nominal = nominalType.unboundNominal else {
            throw failure("generic arguments for something that is no unbound nominal type")
        }
        guard nominal.kind != .protocolType else { throw unsupported() }
        let arguments = Array(levels.reversed().joined())
        var bound = nominal
        if !nominalType.isSymbolicReference {
            // One list per nesting level, from the innermost type out; path[0] is the module.
            let typeCount = nominal.path.count - 1
            guard levels.count <= typeCount else { throw failure("more generic argument lists than enclosing types") }
            var counts = Array(repeating: 0, count: nominal.path.count)
            for (level, list) in levels.enumerated() {
                counts[nominal.path.count - 1 - level] = list.count
            }
            bound.genericArgumentCounts = arguments.isEmpty ? [] : counts
        }
        var type = try makeType(
            .nominal(bound, arguments: arguments.map(\.name)), children: [nominalType] + arguments, ownWeight: 0)
        type.isSymbolicReference = nominalType.isSymbolicReference
        try push(.type(type))
        addSubstitution(.type(type))
    }

    // MARK: - Standard substitutions

    /// `S` + a standard library type (`Si`), repeated (`S2i`), a concurrency type (`ScT`), a
    /// module (`So` is `__C`, `SC` `__C_Synthesized`), or `Sg`: the optional of the type before.
    mutating func demangleStandardSubstitution() throws(DemangleFailure) {
        switch try nextByte() {
        case UInt8(ascii: "o"): try push(.module("__C"))
        case UInt8(ascii: "C"): try push(.module("__C_Synthesized"))
        case UInt8(ascii: "g"):
            let wrapped = try popPlainType()
            let optional = SwiftNominalName(kind: .enumeration, path: ["Swift", "Optional"], genericArgumentCounts: [0, 1])
            let type = try makeType(.nominal(optional, arguments: [wrapped.name]), children: [wrapped], ownWeight: 14)
            try push(.type(type))
            addSubstitution(.type(type))
        default:
            position -= 1
            let repeatCount = try demangleNatural() ?? 1
            guard repeatCount <= DemangleLimits.repeatCount else { throw failure("repeat count \(repeatCount) too large") }
            let isConcurrency = nextIf("c")
            let letter = try nextByte()
            guard let standard = SwiftStandardTypes.type(letter, concurrency: isConcurrency) else { throw unsupported() }
            let path = ["Swift", standard.name]
            let nominal = SwiftNominalName(kind: standard.kind, path: path)
            let type = try makeType(.nominal(nominal, arguments: []), ownWeight: weight(of: path))
            for _ in 0..<max(repeatCount, 1) {
                try push(.type(type))
            }
        }
    }

    // MARK: - Builtin types

    /// `B` + a Builtin type: `Bi64_` is `Builtin.Int64`, `Bf64_` `Builtin.FPIEEE64`, `Bo`
    /// `Builtin.NativeObject`, `Bi32_Bv4_` `Builtin.Vec4xInt32`.
    mutating func demangleBuiltinType() throws(DemangleFailure) -> ParsedType {
        let name: String
        switch try nextByte() {
        case UInt8(ascii: "b"): name = "BridgeObject"
        case UInt8(ascii: "B"): name = "UnsafeValueBuffer"
        case UInt8(ascii: "c"): name = "RawUnsafeContinuation"
        case UInt8(ascii: "D"): name = "DefaultActorStorage"
        case UInt8(ascii: "d"): name = "NonDefaultDistributedActorStorage"
        case UInt8(ascii: "e"): name = "Executor"
        case UInt8(ascii: "f"): name = "FPIEEE\(try demangleBuiltinBitWidth())"
        case UInt8(ascii: "I"): name = "IntLiteral"
        case UInt8(ascii: "i"): name = "Int\(try demangleBuiltinBitWidth())"
        case UInt8(ascii: "j"): name = "Job"
        case UInt8(ascii: "O"): name = "UnknownObject"
        case UInt8(ascii: "o"): name = "NativeObject"
        case UInt8(ascii: "p"): name = "RawPointer"
        case UInt8(ascii: "t"): name = "SILToken"
        case UInt8(ascii: "w"): name = "Word"
        case UInt8(ascii: "v"):
            let count = try demangleBuiltinBitWidth()
            let element = try popPlainType()
            guard case .builtin(let elementName) = element.name, elementName.hasPrefix("Builtin.") else {
                throw failure("a Builtin vector of a non-Builtin type")
            }
            name = "Vec\(count)x" + elementName.dropFirst("Builtin.".count)
        default: throw unsupported()
        }
        return try makeType(.builtin("Builtin." + name), ownWeight: name.utf8.count + 8)
    }

    /// `N_` (an index) as a bit width or element count: 1 to 4096.
    private mutating func demangleBuiltinBitWidth() throws(DemangleFailure) -> Int {
        guard let index = try demangleIndex(), index - 1 > 0, index - 1 <= 4096 else { throw failure("bad Builtin type size") }
        return index - 1
    }
}
