/// The kind of a loaded value: Go's reflect.Kind, by its numbers, because Delve's API
/// (which dbg serves) sends these numbers. C values map onto them: a C `int` is `.int32`,
/// a union is a `.struct`, a `char *` that holds text is a `.string`.
public enum ValueKind: UInt8, Sendable, Hashable, CaseIterable {
    case invalid = 0
    case bool, int, int8, int16, int32, int64
    case uint, uint8, uint16, uint32, uint64, uintptr
    case float32, float64, complex64, complex128
    case array, chan, `func`, interface, map, pointer, slice, string, `struct`, unsafePointer

    static func integer(size: Int, isSigned: Bool) -> ValueKind {
        switch (size, isSigned) {
        case (1, true): return .int8
        case (2, true): return .int16
        case (4, true): return .int32
        case (_, true): return .int64
        case (1, false): return .uint8
        case (2, false): return .uint16
        case (4, false): return .uint32
        default: return .uint64
        }
    }
}
