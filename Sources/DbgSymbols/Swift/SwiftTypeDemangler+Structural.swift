/// Types built from other types: tuples, functions, existentials, metatypes, reference
/// storage, generic parameters and the debugger's sugar. None of these is a substitution.
extension SwiftTypeDemangler {
    // MARK: - Tuples

    /// `t` after its elements, each `<type> [<label>] [d] [_]` (`_` marks the first), or after
    /// `y` for `()`.
    mutating func demangleTuple() throws(DemangleFailure) {
        var elements: [SwiftTupleElement] = []
        var children: [ParsedType] = []
        if !popEmptyList() {
            var isFirst = false
            repeat {
                isFirst = popFirstElementMarker()
                let isVariadic = pop { if case .variadicMarker = $0 { true } else { nil } } ?? false
                let label = popIdentifier()
                guard let type = popType() else { throw failure("tuple element without a type") }
                elements.append(
                    SwiftTupleElement(label: label, type: type.name, modifier: type.modifier, isVariadic: isVariadic))
                children.append(type)
                guard elements.count <= DemangleLimits.nodes else { throw failure("tuple too large") }
            } while !isFirst
        }
        let labelWeight = elements.reduce(0) { $0 + ($1.label?.utf8.count ?? 0) + 12 }
        try push(.type(try makeType(.tuple(elements.reversed()), children: children, ownWeight: labelWeight)))
    }

    /// `h`, `n`, `z`: `__shared`, `__owned`, `inout` on the type before (a parameter's).
    mutating func demangleParameterModifier(_ modifier: SwiftTupleElement.Modifier) throws(DemangleFailure) {
        var type = try popPlainType()
        type.modifier = modifier
        try push(.type(type))
    }

    // MARK: - Functions

    /// `<result> <parameters> [Ya] [Yb] [K | <error> YK] [<actor> Yc | YA | YC] [YT]` and the
    /// function type's operator (`c`, `XE`, `Xf`, `XC`, `XB`). Parameters are one type (a
    /// tuple's elements are the parameters) or `y` for none.
    mutating func demangleFunctionType(convention: SwiftFunctionType.Convention) throws(DemangleFailure) {
        var function = SwiftFunctionType(parameters: [], result: .tuple([]), convention: convention)
        var children: [ParsedType] = []
        function.hasSendingResult = pop { if case .sendingResult = $0 { true } else { nil } } ?? false
        if case .isolation(let isolation, let actor)? = stack.last {
            stack.removeLast()
            function.isolation = isolation
            if let actor { children.append(actor) }
        }
        if case .throwsAnnotation(let thrownError)? = stack.last {
            stack.removeLast()
            function.isThrowing = true
            function.thrownError = thrownError?.name
            if let thrownError { children.append(thrownError) }
        }
        function.isSendable = pop { if case .sendableAnnotation = $0 { true } else { nil } } ?? false
        function.isAsync = pop { if case .asyncAnnotation = $0 { true } else { nil } } ?? false

        if !popEmptyList() {
            guard let parameters = popType() else { throw failure("function type without parameters") }
            if parameters.modifier == nil, case .tuple(let elements) = parameters.name {
                function.parameters = elements
            } else {
                function.parameters = [SwiftTupleElement(type: parameters.name, modifier: parameters.modifier)]
            }
            children.append(parameters)
        }
        if !popEmptyList() {
            let result = try popPlainType()
            function.result = result.name
            children.append(result)
        }
        try push(.type(try makeType(.function(function), children: children, ownWeight: 16)))
    }

    /// `Y` + a function type attribute, or a parameter's (refused).
    mutating func demangleTypeAnnotation() throws(DemangleFailure) {
        switch try nextByte() {
        case UInt8(ascii: "a"): try push(.asyncAnnotation)
        case UInt8(ascii: "b"): try push(.sendableAnnotation)
        case UInt8(ascii: "K"): try push(.throwsAnnotation(thrownError: try popPlainType()))
        case UInt8(ascii: "A"): try push(.isolation(.isolatedAny, actor: nil))
        case UInt8(ascii: "C"): try push(.isolation(.nonisolatedNonsending, actor: nil))
        case UInt8(ascii: "c"):
            let actor = try popPlainType()
            try push(.isolation(.globalActor(actor.name), actor: actor))
        case UInt8(ascii: "T"): try push(.sendingResult)
        default: throw unsupported()
        }
    }

    // MARK: - Existentials

    /// `p` (`any P & Q`, `Any` after `y`) or `Xl` (with `AnyObject`) after the protocols, each
    /// ended by `_` for the first.
    mutating func demangleProtocolListType(isClassBound: Bool) throws(DemangleFailure) {
        var protocols: [SwiftNominalName] = []
        if !popEmptyList() {
            var isFirst = false
            repeat {
                isFirst = popFirstElementMarker()
                protocols.append(try popProtocol())
                guard protocols.count <= DemangleLimits.nodes else { throw failure("protocol list too large") }
            } while !isFirst
        }
        let existential = SwiftTypeName.existential(protocols: protocols.reversed(), isClassBound: isClassBound)
        let namesWeight = protocols.reduce(16) { $0 + weight(of: $1.path) + 3 }
        try push(.type(try makeType(existential, ownWeight: namesWeight)))
    }

    /// A protocol: a protocol type, a symbolic reference to one, or a name and its context
    /// (then, unlike `P`, no substitution).
    private mutating func popProtocol() throws(DemangleFailure) -> SwiftNominalName {
        switch stack.last {
        case .type(let type):
            stack.removeLast()
            guard let nominal = type.unboundNominal, nominal.kind == .protocolType else {
                throw failure("a type that is no protocol in a protocol list")
            }
            return nominal
        case .protocolReference(let nominal):
            stack.removeLast()
            return nominal
        default:
            guard let name = popDeclName() else { throw failure("expected a protocol") }
            let path = try popContext() + [name]
            try checkPathLength(path)
            return SwiftNominalName(kind: .protocolType, path: path)
        }
    }

    // MARK: - Metatypes, storage, sugar

    /// `m` (`T.Type`), `Xp` (`any P.Type`).
    mutating func demangleMetatype(isExistential: Bool) throws(DemangleFailure) {
        let instance = try popPlainType()
        let metatype = SwiftTypeName.metatype(instance.name, isExistential: isExistential)
        try push(.type(try makeType(metatype, children: [instance], ownWeight: 10)))
    }

    /// `X` + a function convention, reference storage, a metatype with its representation, an
    /// existential with `AnyObject`, or the debugger's sugar (`XSq` `T?`, `XSa` `[T]`, `XSD`
    /// `[K : V]`, which are the same types as `Sg`, `Say...G`, `SDy...G`).
    mutating func demangleSpecialType() throws(DemangleFailure) {
        switch try nextByte() {
        case UInt8(ascii: "E"): try demangleFunctionType(convention: .swift)  // non-escaping
        case UInt8(ascii: "f"): try demangleFunctionType(convention: .thin)
        case UInt8(ascii: "C"): try demangleFunctionType(convention: .c)
        case UInt8(ascii: "B"): try demangleFunctionType(convention: .block)
        case UInt8(ascii: "w"): try demangleReferenceStorage(.weak)
        case UInt8(ascii: "o"): try demangleReferenceStorage(.unowned)
        case UInt8(ascii: "u"): try demangleReferenceStorage(.unmanaged)
        case UInt8(ascii: "p"): try demangleMetatype(isExistential: true)
        case UInt8(ascii: "M"):
            try demangleMetatypeRepresentation()
            try demangleMetatype(isExistential: false)
        case UInt8(ascii: "m"):
            try demangleMetatypeRepresentation()
            try demangleMetatype(isExistential: true)
        case UInt8(ascii: "l"): try demangleProtocolListType(isClassBound: true)
        case UInt8(ascii: "S"): try demangleSugar()
        default: throw unsupported()
        }
    }

    private mutating func demangleReferenceStorage(_ ownership: SwiftReferenceOwnership) throws(DemangleFailure) {
        let referent = try popPlainType()
        try push(.type(try makeType(.referenceStorage(ownership, referent.name), children: [referent], ownWeight: 16)))
    }

    /// `t` `@thin`, `T` `@thick`, `o` `@objc_metatype`: read, not kept (it follows from the type).
    private mutating func demangleMetatypeRepresentation() throws(DemangleFailure) {
        switch try nextByte() {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "o"): return
        default: throw unsupported()
        }
    }

    private mutating func demangleSugar() throws(DemangleFailure) {
        let standard: (kind: SwiftNominalName.Kind, name: String)
        var arguments: [ParsedType]
        switch try nextByte() {
        case UInt8(ascii: "q"):
            standard = (.enumeration, "Optional")
            arguments = [try popPlainType()]
        case UInt8(ascii: "a"):
            standard = (.structure, "Array")
            arguments = [try popPlainType()]
        case UInt8(ascii: "D"):
            standard = (.structure, "Dictionary")
            let value = try popPlainType()
            arguments = [try popPlainType(), value]
        default: throw unsupported()
        }
        let nominal = SwiftNominalName(
            kind: standard.kind, path: ["Swift", standard.name], genericArgumentCounts: [0, arguments.count])
        let type = SwiftTypeName.nominal(nominal, arguments: arguments.map(\.name))
        try push(.type(try makeType(type, children: arguments, ownWeight: 16)))
    }

    // MARK: - Generic parameters

    /// After `q`: `_` is the second parameter of the outermost generic context, `N_` the
    /// (N+2)th, `z` the first; `d` + depth index + index for inner contexts.
    mutating func demangleGenericParameterIndex() throws(DemangleFailure) -> ParsedType {
        let depth: Int
        let index: Int
        if nextIf("d") {
            guard let depthIndex = try demangleIndex(), let parameterIndex = try demangleIndex() else {
                throw failure("bad generic parameter")
            }
            depth = depthIndex + 1
            index = parameterIndex
        } else if nextIf("z") {
            depth = 0
            index = 0
        } else {
            guard let parameterIndex = try demangleIndex() else { throw failure("bad generic parameter") }
            depth = 0
            index = parameterIndex + 1
        }
        return try makeType(.genericParameter(depth: depth, index: index), ownWeight: 8)
    }
}
