/// A Swift type as its mangled name spells it (`$s6values5StackVySSGD` is
/// `values.Stack<Swift.String>`): what the DWARF names a variable's type with, and what the
/// reflection metadata names a field's type with. Only names: sizes and layouts come from
/// the reflection metadata and the standard library's known layouts (`SwiftTypeLayout`).
public indirect enum SwiftTypeName: Sendable, Hashable {
    /// A struct, class, enum or protocol, with the generic arguments it is bound to (those of
    /// its enclosing types first, then its own; empty when not generic).
    case nominal(SwiftNominalName, arguments: [SwiftTypeName])
    /// `(Int, String)`, `(number: String, expiry: Int)`; `()` is the empty tuple.
    case tuple([SwiftTupleElement])
    /// `(Int) async throws -> String`.
    case function(SwiftFunctionType)
    /// `any P & Q`; no protocols and not class-bound is `Any`, class-bound alone `AnyObject`.
    case existential(protocols: [SwiftNominalName], isClassBound: Bool)
    /// `T.Type` (`isExistential`: `any P.Type`). A mangling's `@thin`/`@thick` representation
    /// is not kept: it follows from the type.
    case metatype(SwiftTypeName, isExistential: Bool)
    /// A generic parameter of the enclosing declaration: `τ_depth_index` (`x` is `τ_0_0`).
    case genericParameter(depth: Int, index: Int)
    /// A type of the `Builtin` module: `Builtin.Int64`, `Builtin.NativeObject`.
    case builtin(String)
    /// `weak`/`unowned`/`unowned(unsafe)` storage of a reference.
    case referenceStorage(SwiftReferenceOwnership, SwiftTypeName)
}

public struct SwiftTupleElement: Sendable, Hashable {
    /// How a function parameter is passed, when the mangling says (`inout Int`); nil for a
    /// plain element or parameter.
    public enum Modifier: String, Sendable, Hashable {
        case inOut = "inout"
        case shared = "__shared"
        case owned = "__owned"
    }

    public var label: String?
    public var type: SwiftTypeName
    public var modifier: Modifier?
    /// A variadic parameter (`Int...`); `type` is the element's type.
    public var isVariadic: Bool

    public init(label: String? = nil, type: SwiftTypeName, modifier: Modifier? = nil, isVariadic: Bool = false) {
        self.label = label
        self.type = type
        self.modifier = modifier
        self.isVariadic = isVariadic
    }
}

public struct SwiftFunctionType: Sendable, Hashable {
    public enum Convention: Sendable, Hashable {
        /// A Swift closure: a function pointer and its context (16 bytes).
        case swift
        /// `@convention(thin)`: a function pointer alone (8 bytes).
        case thin
        /// `@convention(c)`: a function pointer alone (8 bytes), as `thin`.
        case c
        /// `@convention(block)` (Objective-C, not on Linux).
        case block
    }

    /// Where the function runs: `@isolated(any)`, `@MainActor`, `nonisolated(nonsending)`.
    public enum Isolation: Sendable, Hashable {
        case isolatedAny
        case globalActor(SwiftTypeName)
        case nonisolatedNonsending
    }

    public var parameters: [SwiftTupleElement]
    public var result: SwiftTypeName
    public var isAsync: Bool
    public var isThrowing: Bool
    public var convention: Convention
    /// `@Sendable`.
    public var isSendable: Bool
    public var isolation: Isolation?
    /// The error type of a typed `throws(E)` (then `isThrowing` is true too).
    public var thrownError: SwiftTypeName?
    /// `-> sending T`.
    public var hasSendingResult: Bool

    public init(
        parameters: [SwiftTupleElement], result: SwiftTypeName, isAsync: Bool = false, isThrowing: Bool = false,
        convention: Convention = .swift, isSendable: Bool = false, isolation: Isolation? = nil,
        thrownError: SwiftTypeName? = nil, hasSendingResult: Bool = false
    ) {
        self.parameters = parameters
        self.result = result
        self.isAsync = isAsync
        self.isThrowing = isThrowing
        self.convention = convention
        self.isSendable = isSendable
        self.isolation = isolation
        self.thrownError = thrownError
        self.hasSendingResult = hasSendingResult
    }
}

public enum SwiftReferenceOwnership: String, Sendable, Hashable {
    case weak, unowned
    case unmanaged = "unowned(unsafe)"
}

/// A nominal type's identity: its kind and its path from the module (`["values", "Point"]`,
/// `["Swift", "Int"]`, a nested type `["values", "Outer", "Inner"]`).
public struct SwiftNominalName: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case structure, classType, enumeration, protocolType, typeAlias
    }

    public var kind: Kind
    public var path: [String]
    /// How a `.nominal`'s `arguments` divide among the types of `path`, parallel to it (the
    /// module's entry is 0): `Swift.Dictionary<Swift.String, Swift.Int>.Keys` is
    /// `["Swift", "Dictionary", "Keys"]` with `[0, 2, 0]`. Empty when unknown (a symbolic
    /// reference's name): then all the arguments belong to the last type. It follows from the
    /// declaration, so it is not part of the name's identity (`==` and `hash` ignore it).
    public var genericArgumentCounts: [Int]

    public init(kind: Kind, path: [String], genericArgumentCounts: [Int] = []) {
        self.kind = kind
        self.path = path
        self.genericArgumentCounts = genericArgumentCounts
    }

    public static func == (left: SwiftNominalName, right: SwiftNominalName) -> Bool {
        left.kind == right.kind && left.path == right.path
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(path)
    }

    public var module: String { path.first ?? "" }
    public var name: String { path.last ?? "" }
    /// `values.Point`, `Swift.Int`.
    public var description: String { path.joined(separator: ".") }
    public var isStandardLibrary: Bool { module == "Swift" }
}
