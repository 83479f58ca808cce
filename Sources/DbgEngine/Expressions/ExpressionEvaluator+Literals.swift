import DbgSymbols

/// Literals and the reading of operands.
extension ExpressionEvaluator {
    /// A literal's value: C gives `42` the type `int` (`long` when it does not fit),
    /// `'a'` the type `char`, `"ab"` the type `char [3]`; Go gives `int`, `rune`, `string`.
    func literal(_ expression: Expression) -> Value {
        let isGo = language == .go
        var value: Value
        switch expression {
        case .integer(let number, let suffix):
            let type: BuiltinType
            if isGo {
                type = number > UInt64(Int64.max)
                    ? BuiltinType(name: "uint64", size: 8, encoding: .unsigned, language: .go) : .goInt
            } else if suffix.isUnsigned {
                type = suffix.longCount == 0 && number <= UInt64(UInt32.max) ? .cUnsignedInt : .cUnsignedLong
            } else if suffix.longCount == 0 && number <= UInt64(Int32.max) {
                type = .cInt
            } else {
                type = number <= UInt64(Int64.max) ? .cLong : .cUnsignedLong
            }
            value = .constant(littleEndianBytes(number, count: type.size), type: .builtin(type), context: context)
        case .float(let number, let isSingle):
            let type: BuiltinType = isGo ? .goFloat64 : isSingle ? .cFloat : .cDouble
            value = .constant(Self.encodeFloat(number, size: type.size), type: .builtin(type), context: context)
        case .character(let code):
            let type: BuiltinType = isGo ? .goInt32 : .cChar
            value = .constant(littleEndianBytes(UInt64(code), count: type.size), type: .builtin(type), context: context)
        case .string(let bytes):
            if isGo {
                value = .constant(bytes, type: .builtin(.goString), context: context)
            } else {
                let type = ValueType.array(of: .builtin(.cChar), count: UInt64(bytes.count + 1), language: language)
                value = .constant(bytes + [0], type: type, context: context)
            }
        case .boolean(let flag):
            let type: BuiltinType = isGo ? .goBool : .cBool
            value = .constant([flag ? 1 : 0], type: .builtin(type), context: context)
        default:  // .null
            value = .constant(littleEndianBytes(0, count: 8), type: .pointer(to: .void, language: language), context: context)
        }
        value.isLiteral = true
        return value
    }

    // MARK: Operands

    /// An operand as a number. Arrays and functions stand for their address (C's decay).
    func scalarOperand(_ value: Value) throws(EvaluationError) -> Scalar {
        switch value.shape {
        case .array:
            guard let address = value.address else { throw .invalid("\(describe(value)) has no address") }
            return .unsigned(address)
        case .integer, .boolean, .enumeration, .float, .pointer, .function, .goFunction:
            return try readValue { () throws(ValueError) in try value.scalar() }
        default:
            throw .invalid("\(describe(value)) (type \(value.typeName)) is not a number")
        }
    }

    func integerOperand(_ value: Value, role: String) throws(EvaluationError) -> Int64 {
        guard value.shape.isInteger else { throw .invalid("\(describe(value)) (type \(value.typeName)) cannot be \(role)") }
        return try scalarOperand(value).asInt64
    }

    func describe(_ value: Value) -> String {
        value.name.isEmpty ? "value" : value.name
    }

    // MARK: Strings (Go)

    /// Strings longer than this are not compared or indexed whole.
    static let maxStringRead = 1 << 20

    func stringLength(_ value: Value) throws(EvaluationError) -> Int {
        if case .bytes(let bytes) = value.location, case .literalString = value.shape { return bytes.count }
        return try readValue { () throws(ValueError) -> Int in
            guard let length = value.member(named: "len") else { throw .unsupported("string header without len") }
            return Int(clamping: try length.scalar().asInt64)
        }
    }

    func stringBytes(_ value: Value) throws(EvaluationError) -> [UInt8] {
        if case .literalString = value.shape {
            guard case .bytes(let bytes) = value.location else { return [] }
            return bytes
        }
        let length = try stringLength(value)
        guard length >= 0, length <= Self.maxStringRead else { throw .invalid("string of \(length) bytes is too long") }
        if length == 0 { return [] }
        return try readValue { () throws(ValueError) -> [UInt8] in
            guard let pointer = value.member(named: "str") else { throw .unsupported("string header without str") }
            let address = try pointer.pointerValue()
            do {
                return try context.memory.read(at: address, count: length)
            } catch {
                throw .unreadableMemory(address: address, count: length)
            }
        }
    }

    /// For Go values that compare with nil (slices, maps, channels, funcs, interfaces):
    /// a reader of the word that is 0 when the value is nil.
    func nilComparableWord(_ value: Value) -> (() throws(ValueError) -> UInt64)? {
        switch value.shape {
        case .goSlice:
            return { () throws(ValueError) -> UInt64 in
                guard let array = value.member(named: "array") else { throw .unsupported("slice header without array") }
                return try array.pointerValue()
            }
        case .goMap, .goChannel, .goFunction:
            return { () throws(ValueError) -> UInt64 in try value.pointerValue() }
        case .goInterface:
            return { () throws(ValueError) -> UInt64 in
                // The first word: the type (eface) or the itab (iface); nil when zero.
                littleEndianValue(try value.part(at: 0, type: .builtin(.goUintptr), name: "").bytes())
            }
        default:
            return nil
        }
    }

    // MARK: Encoding

    static func encodeFloat(_ number: Double, size: Int) -> [UInt8] {
        switch size {
        case 4: return littleEndianBytes(UInt64(Float(number).bitPattern), count: 4)
        case 10, 12, 16: return x87Extended(number) + [UInt8](repeating: 0, count: size - 10)
        default: return littleEndianBytes(number.bitPattern, count: max(size, 8))
        }
    }

    /// The x87 80-bit form of a double (exact: every double is representable).
    static func x87Extended(_ number: Double) -> [UInt8] {
        let sign: UInt16 = number.sign == .minus ? 0x8000 : 0
        var exponent: UInt16
        var significand: UInt64
        if number.isNaN {
            (exponent, significand) = (0x7fff, 0xc000_0000_0000_0000)
        } else if number.isInfinite {
            (exponent, significand) = (0x7fff, 0x8000_0000_0000_0000)
        } else if number == 0 {
            (exponent, significand) = (0, 0)
        } else {
            // The top bit of the significand is explicit; `exponent` is that of the top bit,
            // for subnormal doubles too.
            let magnitude = number.magnitude
            let fraction = magnitude.significandBitPattern | (magnitude.isNormal ? 1 << 52 : 0)
            significand = fraction << UInt64(fraction.leadingZeroBitCount)
            exponent = UInt16(clamping: Int(magnitude.exponent) + 16383)
        }
        return littleEndianBytes(significand, count: 8) + littleEndianBytes(UInt64(exponent | sign), count: 2)
    }
}
