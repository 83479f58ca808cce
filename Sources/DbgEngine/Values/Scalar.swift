/// A number read out of a value, or computed: what arithmetic, comparisons, conditions
/// and `set` work on.
public enum Scalar: Sendable, Hashable {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Double)

    /// The bit pattern as an unsigned number (floats convert, truncating toward zero).
    public var bits: UInt64 {
        switch self {
        case .signed(let value): return UInt64(bitPattern: value)
        case .unsigned(let value): return value
        case .float(let value): return value < 0 ? UInt64(bitPattern: Self.int64(value)) : Self.uint64(value)
        }
    }

    public var asInt64: Int64 {
        switch self {
        case .signed(let value): return value
        case .unsigned(let value): return Int64(bitPattern: value)
        case .float(let value): return Self.int64(value)
        }
    }

    public var asDouble: Double {
        switch self {
        case .signed(let value): return Double(value)
        case .unsigned(let value): return Double(value)
        case .float(let value): return value
        }
    }

    public var isZero: Bool {
        switch self {
        case .signed(let value): return value == 0
        case .unsigned(let value): return value == 0
        case .float(let value): return value == 0
        }
    }

    /// Float to integer conversions that cannot trap: NaN is 0, out-of-range values clamp.
    static func int64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.223372036854775807e18 { return .max }
        if value <= -9.223372036854775808e18 { return .min }
        return Int64(value)
    }

    static func uint64(_ value: Double) -> UInt64 {
        if value.isNaN || value <= 0 { return 0 }
        if value >= 1.8446744073709551615e19 { return .max }
        return UInt64(value)
    }
}
