/// A number read out of a value, or computed: what arithmetic, comparisons, conditions
/// and `set` work on.
public enum Scalar: Sendable, Hashable {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Double)
    /// An x87 extended-precision number, C's `long double` on x86-64: its 64 significant
    /// bits are 11 more than a Double holds (gdb prints and computes them all).
    case extended(Float80)

    /// The bit pattern as an unsigned number (floats convert, truncating toward zero).
    public var bits: UInt64 {
        switch self {
        case .signed(let value): return UInt64(bitPattern: value)
        case .unsigned(let value): return value
        case .float(let value): return value < 0 ? UInt64(bitPattern: Self.int64(value)) : Self.uint64(value)
        case .extended(let value): return value < 0 ? UInt64(bitPattern: Self.int64(value)) : Self.uint64(value)
        }
    }

    public var asInt64: Int64 {
        switch self {
        case .signed(let value): return value
        case .unsigned(let value): return Int64(bitPattern: value)
        case .float(let value): return Self.int64(value)
        case .extended(let value): return Self.int64(value)
        }
    }

    public var asDouble: Double {
        switch self {
        case .signed(let value): return Double(value)
        case .unsigned(let value): return Double(value)
        case .float(let value): return value
        case .extended(let value): return Double(value)
        }
    }

    /// The number at x87 extended precision: exact for every integer and double.
    public var asExtended: Float80 {
        switch self {
        case .signed(let value): return Float80(value)
        case .unsigned(let value): return Float80(value)
        case .float(let value): return Float80(value)
        case .extended(let value): return value
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float, .extended: return true
        case .signed, .unsigned: return false
        }
    }

    public var isZero: Bool {
        switch self {
        case .signed(let value): return value == 0
        case .unsigned(let value): return value == 0
        case .float(let value): return value == 0
        case .extended(let value): return value == 0
        }
    }

    /// Float to integer conversions that cannot trap: NaN is 0, out-of-range values clamp.
    static func int64<Number: BinaryFloatingPoint>(_ value: Number) -> Int64 {
        if value.isNaN { return 0 }
        let limit = Number(sign: .plus, exponent: 63, significand: 1)  // 2^63, exact in both widths
        if value >= limit { return .max }
        if value <= -limit { return .min }
        return Int64(value)
    }

    static func uint64<Number: BinaryFloatingPoint>(_ value: Number) -> UInt64 {
        if value.isNaN || value <= 0 { return 0 }
        if value >= Number(sign: .plus, exponent: 64, significand: 1) { return .max }
        return UInt64(value)
    }
}
