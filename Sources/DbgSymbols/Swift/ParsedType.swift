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
