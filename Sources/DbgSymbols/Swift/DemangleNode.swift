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
