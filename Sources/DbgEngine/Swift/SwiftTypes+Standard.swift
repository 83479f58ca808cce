import DbgSymbols

/// The standard library's types whose layout dbg knows (their reflection metadata is in
/// libswiftCore, and what a debugger shows of them is not their stored properties).
extension SwiftTypes {
    /// The layout of `Swift.<name>` bound to `arguments`; nil for a type without a known layout.
    func standardLayout(_ name: String, arguments: [SwiftTypeName], depth: Int) throws(ValueError) -> SwiftLayout? {
        switch (name, arguments.count) {
        case ("Int", 0), ("Int64", 0): return integer(8, isSigned: true)
        case ("UInt", 0), ("UInt64", 0): return integer(8, isSigned: false)
        case ("Int32", 0): return integer(4, isSigned: true)
        case ("UInt32", 0): return integer(4, isSigned: false)
        case ("Int16", 0): return integer(2, isSigned: true)
        case ("UInt16", 0): return integer(2, isSigned: false)
        case ("Int8", 0): return integer(1, isSigned: true)
        case ("UInt8", 0): return integer(1, isSigned: false)
        case ("Double", 0): return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .none, kind: .float)
        case ("Float", 0): return SwiftLayout(size: 4, alignment: 4, extraInhabitants: .none, kind: .float)
        case ("Bool", 0):
            return SwiftLayout(
                size: 1, alignment: 1, extraInhabitants: SwiftExtraInhabitants(count: 254, offset: 0, width: 1, first: 2),
                kind: .bool)
        case ("String", 0), ("Character", 0):
            // Two words: count and flags, then the storage object (or the small string's last
            // bytes); the second word's low values are never a string.
            return SwiftLayout(size: 16, alignment: 8, extraInhabitants: .pointer(at: 8), kind: .string)
        case ("Substring", 0):
            // A slice of a String: its start and end indices, then the String.
            return SwiftLayout(size: 32, alignment: 8, extraInhabitants: .pointer(at: 24), kind: .substring)
        case ("Range", 1), ("ClosedRange", 1):
            return try recordLayout([("lowerBound", arguments[0]), ("upperBound", arguments[0])], depth: depth)
        case ("Array", 1), ("ContiguousArray", 1):
            return reference(.array(element: arguments[0]))
        case ("Set", 1):
            return reference(.set(element: arguments[0]))
        case ("Dictionary", 2):
            return reference(.dictionary(key: arguments[0], value: arguments[1]))
        case ("UnsafePointer", 1), ("UnsafeMutablePointer", 1):
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .pointer(pointee: arguments[0]))
        case ("UnsafeRawPointer", 0), ("UnsafeMutableRawPointer", 0), ("OpaquePointer", 0):
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .pointer(pointee: nil))
        case ("Optional", 1):
            let cases = [
                SwiftEnumLayout.Case(name: "some", payload: arguments[0], isIndirect: false),
                SwiftEnumLayout.Case(name: "none", payload: nil, isIndirect: false),
            ]
            return try enumLayout(cases: cases, payloadCaseCount: 1, depth: depth)
        default:
            return nil
        }
    }

    private func integer(_ size: Int, isSigned: Bool) -> SwiftLayout {
        SwiftLayout(size: size, alignment: size, extraInhabitants: .none, kind: .integer(isSigned: isSigned))
    }

    /// A collection held by one reference to its storage object.
    private func reference(_ kind: SwiftLayout.Kind) -> SwiftLayout {
        SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: kind)
    }
}
