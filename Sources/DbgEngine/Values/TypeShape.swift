import DbgSymbols

/// What a type is, once typedefs and qualifiers are looked through: the one question the
/// loader, the formatter and the evaluator ask of every type.
public enum TypeShape: Sendable {
    /// Integers; `isChar` for C's character types (formatted `104 'h'`).
    case integer(size: Int, isSigned: Bool, isChar: Bool)
    case boolean(size: Int)
    /// 4, 8, or 10/16 for x87 `long double`.
    case float(size: Int)
    case complex(size: Int)
    /// Pointers and C++ references; the pointee is `ValueType.void` for `void *`.
    case pointer(to: ValueType)
    /// `count` is nil for an array of unknown bound (`int x[]`).
    case array(of: ValueType, count: UInt64?)
    /// struct, class or union.
    case aggregate(DwarfType, DwarfType.Aggregate)
    case enumeration(DwarfType, DwarfType.Enumeration)
    /// A function's code (DW_TAG_subroutine_type, or a function named in an expression).
    case function
    /// A string literal the debugger holds (its bytes are the text).
    case literalString
    // Go's own kinds, which DWARF describes as plain structs and pointers.
    case goString
    case goSlice(element: ValueType)
    case goMap(DwarfType)
    case goChannel(DwarfType)
    case goInterface(DwarfType)
    case goFunction
    /// Swift's strings, collections, structs, classes, enums, tuples, existentials and
    /// closures, laid out by `SwiftTypes` (its numbers and pointers take the shapes above).
    case swift(SwiftLayout, SwiftTypeName)
    case void
    /// A type that cannot be used; the text says why.
    case unknown(String)

    public var isScalar: Bool {
        switch self {
        case .integer, .boolean, .float, .pointer, .enumeration: return true
        default: return false
        }
    }

    public var isInteger: Bool {
        switch self {
        case .integer, .boolean, .enumeration: return true
        default: return false
        }
    }
}
