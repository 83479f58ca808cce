import DbgService

/// Go's reflect.Kind numbering, which API.Variable.kind carries (as Delve sends it).
public enum VariableKind: UInt, Sendable {
    case invalid = 0, bool, int, int8, int16, int32, int64
    case uint, uint8, uint16, uint32, uint64, uintptr
    case float32, float64, complex64, complex128
    case array, chan, `func`, interface, map, pointer, slice, string, `struct`, unsafePointer

    /// reflect.Kind's String(), used in "(unknown int)".
    public var name: String {
        switch self {
        case .invalid: "invalid"
        case .pointer: "ptr"
        case .unsafePointer: "unsafe.Pointer"
        case .func: "func"
        case .struct: "struct"
        default: "\(self)"
        }
    }

    public var isSignedInteger: Bool { (VariableKind.int.rawValue...VariableKind.int64.rawValue).contains(rawValue) }
    public var isUnsignedInteger: Bool { (VariableKind.uint.rawValue...VariableKind.uintptr.rawValue).contains(rawValue) }
    public var isFloat: Bool { self == .float32 || self == .float64 }
    public var isComplex: Bool { self == .complex64 || self == .complex128 }
    /// A bool, integer or float: printed as its text alone.
    var isPlainScalar: Bool { (VariableKind.bool.rawValue...VariableKind.float64.rawValue).contains(rawValue) }
}

extension API.Variable {
    public var variableKind: VariableKind { VariableKind(rawValue: kind) ?? .invalid }
}
