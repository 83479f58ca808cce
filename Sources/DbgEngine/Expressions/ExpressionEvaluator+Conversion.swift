/// Casts (`(int)x`, `(struct node *)p`) and Go conversions (`int64(x)`, `(*T)(p)`).
extension ExpressionEvaluator {
    func convert(_ value: Value, to target: ValueType) throws(EvaluationError) -> Value {
        let targetShape = types.shape(of: target)
        if case .goString = targetShape, case .goSlice(let element) = value.shape, types.size(of: element) == 1 {
            return try goString(of: value, as: target)
        }
        switch targetShape {
        case .integer(let size, let isSigned, _):
            let scalar = try scalarOperand(value)
            let converted: Scalar = switch scalar {
            case .float(let number) where rules.outOfRangeFloatsConvertToMinimum && isSigned && !(-9.223372036854775808e18..<9.223372036854775807e18).contains(number):
                .signed(.min)  // what Go's conversion gives on amd64 (CVTTSD2SQ's "integer indefinite")
            case .float(let number): isSigned ? .signed(Scalar.int64(number)) : .unsigned(Scalar.uint64(number))
            case .extended(let number): isSigned ? .signed(Scalar.int64(number)) : .unsigned(Scalar.uint64(number))
            default: scalar
            }
            return renamed(makeValue(Self.fit(converted, size: size, isSigned: isSigned), type: target), from: value)
        case .enumeration(_, let enumeration):
            let size = Int(clamping: types.size(of: target) ?? 4)
            let scalar = try scalarOperand(value)
            return renamed(makeValue(Self.fit(.signed(scalar.asInt64), size: size, isSigned: enumeration.isSigned), type: target), from: value)
        case .boolean:
            return renamed(makeValue(.unsigned(try truth(value) ? 1 : 0), type: target), from: value)
        case .float:
            // makeValue rounds the number, as it is, to the target's width.
            return renamed(makeValue(try scalarOperand(value), type: target), from: value)
        case .pointer, .goFunction:
            let scalar = try scalarOperand(value)
            if scalar.isFloatingPoint { throw .invalid("cannot convert \(describe(value)) (type \(value.typeName)) to \(types.name(of: target))") }
            return renamed(makeValue(.unsigned(scalar.bits), type: target), from: value)
        case .void, .function, .unknown:
            throw .invalid("cannot convert to \(types.name(of: target))")
        default:
            return try reinterpret(value, as: target)
        }
    }

    /// `string(bytes)`: a string header over the slice's own array (nothing is copied).
    private func goString(of slice: Value, as target: ValueType) throws(EvaluationError) -> Value {
        let (array, length) = try readValue { () throws(ValueError) -> (UInt64, Int64) in
            guard let array = slice.member(named: "array"), let length = slice.member(named: "len") else {
                throw .unsupported("slice header without array and len")
            }
            return (try array.pointerValue(), try length.scalar().asInt64)
        }
        let header = littleEndianBytes(array, count: 8) + littleEndianBytes(UInt64(bitPattern: length), count: 8)
        return renamed(.constant(header, type: target, context: context), from: slice)
    }

    /// Structs, arrays, Go strings and slices: the same bytes seen as another type (the
    /// sizes must match, as gdb requires).
    private func reinterpret(_ value: Value, as target: ValueType) throws(EvaluationError) -> Value {
        let targetSize = types.size(of: target)
        let valueSize = types.size(of: value.type)
        guard targetSize == valueSize || value.location.address != nil && targetSize != nil else {
            throw .invalid("cannot convert \(describe(value)) (type \(value.typeName)) to \(types.name(of: target)): sizes differ")
        }
        var converted = value
        converted.type = target
        converted.bitField = nil
        converted.isLiteral = false
        return converted
    }

    /// A conversion keeps the name of what it converts, for messages.
    private func renamed(_ converted: Value, from original: Value) -> Value {
        var result = converted
        result.name = original.name
        return result
    }
}
