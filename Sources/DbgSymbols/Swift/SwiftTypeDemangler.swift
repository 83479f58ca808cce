typealias DemangleFailure = SwiftMangledTypeParser.Failure
typealias DemangleLimits = SwiftMangledTypeParser.Limits

/// One run of `SwiftMangledTypeParser` over one mangled name: the runtime demangler's stack
/// machine (`Demangler.cpp`), restricted to types. Each operator pops what it needs and pushes
/// its result; some results are also recorded as substitutions, exactly those the runtime
/// records, so that `A` references find the same nodes.
struct SwiftTypeDemangler {
    let bytes: [UInt8]
    let baseAddress: UInt64
    let resolver: SwiftMangledTypeParser.SymbolicResolver?

    var position = 0
    /// Where the operator being demangled starts: what failures report.
    var operatorStart = 0
    var stack: [DemangleNode] = []
    var substitutions: [DemangleNode] = []
    /// Words of the identifiers seen so far, for `0`-prefixed identifiers (at most 26).
    var words: [String] = []
    var nodeCount = 0

    init(bytes: [UInt8], baseAddress: UInt64, resolver: SwiftMangledTypeParser.SymbolicResolver?) {
        self.bytes = bytes
        self.baseAddress = baseAddress
        self.resolver = resolver
    }

    mutating func demangleWholeType() throws(DemangleFailure) -> SwiftTypeName {
        guard bytes.count <= DemangleLimits.nameLength else {
            throw failure("mangled name longer than \(DemangleLimits.nameLength) bytes")
        }
        skipManglingPrefix()
        guard position < bytes.count else { throw failure("empty mangled name") }
        while position < bytes.count {
            operatorStart = position
            try demangleOperator()
        }
        operatorStart = bytes.count
        guard stack.count == 1, case .type(let type) = stack[0], type.modifier == nil else {
            throw failure("mangled name is not one type (\(stack.count) nodes left)")
        }
        return type.name
    }

    private mutating func skipManglingPrefix() {
        for prefix in ["_$s", "$s"] where bytes.starts(with: Array(prefix.utf8)) {
            position = prefix.utf8.count
            return
        }
    }

    private mutating func demangleOperator() throws(DemangleFailure) {
        let byte = try nextByte()
        switch byte {
        case 0xFF: return  // alignment padding before a symbolic reference
        case 0x01, 0x02: try demangleSymbolicReference(kind: byte)
        case 0x03...0x1F: throw failure("unsupported symbolic reference kind \(hexLiteral(byte))")
        case UInt8(ascii: "A"): try demangleMultiSubstitutions()
        case UInt8(ascii: "B"): try push(.type(try demangleBuiltinType()))
        case UInt8(ascii: "C"): try demangleNominalType(.classType)
        case UInt8(ascii: "D"): try demangleTypeManglingSuffix()
        case UInt8(ascii: "G"): try demangleBoundGenericType()
        case UInt8(ascii: "K"): try push(.throwsAnnotation(thrownError: nil))
        case UInt8(ascii: "L"): try demangleLocalName()
        case UInt8(ascii: "O"): try demangleNominalType(.enumeration)
        case UInt8(ascii: "P"): try demangleNominalType(.protocolType)
        case UInt8(ascii: "S"): try demangleStandardSubstitution()
        case UInt8(ascii: "V"): try demangleNominalType(.structure)
        case UInt8(ascii: "X"): try demangleSpecialType()
        case UInt8(ascii: "Y"): try demangleTypeAnnotation()
        case UInt8(ascii: "a"): try demangleNominalType(.typeAlias)
        case UInt8(ascii: "c"): try demangleFunctionType(convention: .swift)
        case UInt8(ascii: "d"): try push(.variadicMarker)
        case UInt8(ascii: "h"): try demangleParameterModifier(.shared)
        case UInt8(ascii: "m"): try demangleMetatype(isExistential: false)
        case UInt8(ascii: "n"): try demangleParameterModifier(.owned)
        case UInt8(ascii: "p"): try demangleProtocolListType(isClassBound: false)
        case UInt8(ascii: "q"): try push(.type(try demangleGenericParameterIndex()))
        case UInt8(ascii: "s"): try push(.module("Swift"))
        case UInt8(ascii: "t"): try demangleTuple()
        case UInt8(ascii: "x"): try push(.type(try makeType(.genericParameter(depth: 0, index: 0))))
        case UInt8(ascii: "y"): try push(.emptyList)
        case UInt8(ascii: "z"): try demangleParameterModifier(.inOut)
        case UInt8(ascii: "_"): try push(.firstElementMarker)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            position -= 1
            try push(try demangleIdentifier())
        default: throw unsupported()
        }
    }

    /// `D` ends a type mangling (`$s...D`): it may only come last.
    private mutating func demangleTypeManglingSuffix() throws(DemangleFailure) {
        guard position == bytes.count else { throw unsupported() }
    }

    // MARK: - The stack

    mutating func push(_ node: DemangleNode) throws(DemangleFailure) {
        try countNode()
        stack.append(node)
    }

    mutating func addSubstitution(_ node: DemangleNode) {
        substitutions.append(node)
    }

    mutating func countNode() throws(DemangleFailure) {
        nodeCount += 1
        guard nodeCount <= DemangleLimits.nodes else { throw failure("more than \(DemangleLimits.nodes) nodes") }
    }

    /// Pops the top node when `take` accepts it (and returns what `take` made of it).
    mutating func pop<Result>(_ take: (DemangleNode) -> Result?) -> Result? {
        guard let top = stack.last, let result = take(top) else { return nil }
        stack.removeLast()
        return result
    }

    mutating func popEmptyList() -> Bool {
        pop { if case .emptyList = $0 { true } else { nil } } ?? false
    }

    mutating func popFirstElementMarker() -> Bool {
        pop { if case .firstElementMarker = $0 { true } else { nil } } ?? false
    }

    mutating func popIdentifier() -> String? {
        pop { if case .identifier(let text) = $0 { text } else { nil } }
    }

    /// Any type, parameter modifier included.
    mutating func popType() -> ParsedType? {
        pop { if case .type(let type) = $0 { type } else { nil } }
    }

    /// A type that stands on its own (no `inout`): what most operators take.
    mutating func popPlainType() throws(DemangleFailure) -> ParsedType {
        guard let type = popType() else { throw failure("expected a type") }
        guard type.modifier == nil else { throw failure("'\(type.modifier?.rawValue ?? "")' outside a parameter list") }
        return type
    }

    // MARK: - Types

    /// A type node made of `children`, its depth and weight checked against the limits.
    mutating func makeType(
        _ name: SwiftTypeName, children: [ParsedType] = [], ownWeight: Int = 0
    ) throws(DemangleFailure) -> ParsedType {
        try countNode()
        var depth = 1
        var weight = 16 + ownWeight
        for child in children {
            depth = max(depth, child.depth + 1)
            weight += child.weight
            guard weight <= DemangleLimits.printedWeight else { throw failure("type too large to print") }
        }
        guard weight <= DemangleLimits.printedWeight else { throw failure("type too large to print") }
        guard depth <= DemangleLimits.depth else { throw failure("types nested deeper than \(DemangleLimits.depth)") }
        return ParsedType(name: name, depth: depth, weight: weight)
    }

    // MARK: - Reading

    mutating func nextByte() throws(DemangleFailure) -> UInt8 {
        guard position < bytes.count else { throw failure("mangled name ends too early") }
        defer { position += 1 }
        return bytes[position]
    }

    func peekByte() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    mutating func nextIf(_ character: Unicode.Scalar) -> Bool {
        guard peekByte() == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    // MARK: - Failures

    func failure(_ reason: String) -> DemangleFailure {
        DemangleFailure(reason: reason, offset: operatorStart, mangledName: printableName())
    }

    /// "unsupported mangling 'Xw'": the operator read so far.
    func unsupported() -> DemangleFailure {
        let end = min(max(position, operatorStart + 1), bytes.count)
        let text = operatorStart < end ? printable(bytes[operatorStart..<end]) : ""
        return failure("unsupported mangling '\(text)'")
    }

    private func printableName() -> String {
        let shown = 160
        let text = printable(bytes.prefix(shown)[...])
        return bytes.count > shown ? text + "..." : text
    }

    private func printable(_ slice: ArraySlice<UInt8>) -> String {
        var text = ""
        for byte in slice {
            if byte >= 0x20 && byte < 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + hexByte(byte)
            }
        }
        return text
    }
}

/// "0x1f".
func hexLiteral(_ byte: UInt8) -> String {
    "0x" + hexByte(byte)
}
