import DbgSymbols

/// A type of a function in another binary, said without that binary's type table: the caller
/// evaluates arguments and reads the result with its own types, which cannot read another
/// table's entries. Scalars and pointers travel (a pointer's pointee as a scalar, or as
/// `void`); a struct, a union or an array does not yet: nil.
enum PortableCallType {
    static func of(_ type: ValueType, in types: TypeSystem, depth: Int = 0) -> ValueType? {
        let name = types.name(of: type)
        switch types.shape(of: type) {
        case .integer(let size, let isSigned, let isChar):
            let encoding: BuiltinType.Encoding = isChar ? (isSigned ? .signedChar : .unsignedChar) : (isSigned ? .signed : .unsigned)
            return .builtin(BuiltinType(name: name, size: size, encoding: encoding, language: .c))
        case .boolean(let size):
            return .builtin(BuiltinType(name: name, size: size, encoding: .boolean, language: .c))
        case .float(let size):
            return .builtin(BuiltinType(name: name, size: size, encoding: .float, language: .c))
        case .enumeration:
            // Passed as the integer it is.
            let size = Int(types.size(of: type) ?? 4)
            return .builtin(BuiltinType(name: "int", size: size, encoding: .signed, language: .c))
        case .pointer(let pointee):
            let portable = depth < 2 ? of(pointee, in: types, depth: depth + 1) : nil
            return .pointer(to: portable ?? ValueType.void, language: .c)
        case .void:
            return ValueType.void
        default:
            return nil
        }
    }
}
