/// What the type demangler's stack holds: the runtime demangler's node kinds that type
/// manglings use, with types already turned into `SwiftTypeName`s.
enum DemangleNode {
    case identifier(String)
    case module(String)
    /// A private declaration's name (`LL`); its discriminator is dropped.
    case privateName(String)
    case type(ParsedType)
    /// A symbolic reference to a protocol descriptor: it names a protocol, it is not a type.
    case protocolReference(SwiftNominalName)
    /// `y`: the start of a list.
    case emptyList
    /// `_`: the first element of a list (or of a level of generic arguments).
    case firstElementMarker
    /// `d`: the tuple element before is variadic.
    case variadicMarker
    // Function type attributes, waiting for the function type's operator.
    case asyncAnnotation
    case sendableAnnotation
    case throwsAnnotation(thrownError: ParsedType?)
    case isolation(SwiftFunctionType.Isolation, actor: ParsedType?)
    case sendingResult
}

/// A type on the demangler's stack, with what the operators that pop it need to know.
struct ParsedType {
    var name: SwiftTypeName
    /// `inout`/`__shared`/`__owned`: allowed only where a function parameter may stand.
    var modifier: SwiftTupleElement.Modifier? = nil
    /// Resolved from a symbolic reference: binds all of its generic arguments at once and is no
    /// context for a nested type.
    var isSymbolicReference = false
    /// Nesting depth (1 for a leaf).
    var depth: Int
    /// About the printed length, with repeated substitutions counted each time.
    var weight: Int

    /// An unbound nominal type (`Swift.Int`, `values.Stack`): what `G` binds and what a nested
    /// type names as its parent.
    var unboundNominal: SwiftNominalName? {
        guard modifier == nil, case .nominal(let nominal, let arguments) = name, arguments.isEmpty else { return nil }
        return nominal
    }
}
