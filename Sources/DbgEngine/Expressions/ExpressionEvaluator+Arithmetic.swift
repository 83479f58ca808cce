import DbgSymbols

/// Unary and binary operators. C's rules for the result type: operands smaller than
/// `int` are promoted to `int`, mixed operands convert to the wider one (to unsigned when
/// equally wide), any float makes the result floating; pointers move by their pointee's
/// size. In Go, operands have one type, and a literal takes the other operand's.
extension ExpressionEvaluator {
    /// What an operand is, for operators.
    enum OperandClass {
        case integer(size: Int, isSigned: Bool)
        case float(size: Int)
        /// Pointers, and arrays and functions, which stand for their address.
        case pointer(pointee: ValueType)
        case string
    }

    func operandClass(_ value: Value) throws(EvaluationError) -> OperandClass {
        switch value.shape {
        case .integer(let size, let isSigned, _): return .integer(size: size, isSigned: isSigned)
        case .boolean(let size): return .integer(size: size, isSigned: false)
        case .enumeration(_, let enumeration):
            return .integer(size: Int(clamping: types.size(of: value.type) ?? 4), isSigned: enumeration.isSigned)
        case .float(let size): return .float(size: size)
        case .pointer(let pointee): return .pointer(pointee: pointee)
        case .array(let element, _): return .pointer(pointee: element)
        case .function: return .pointer(pointee: value.type)
        case .goString, .literalString: return .string
        case .swift(let layout, _):
            if case .string = layout.kind { return .string }
            throw .invalid("\(describe(value)) (type \(value.typeName)) cannot be an operand")
        default: throw .invalid("\(describe(value)) (type \(value.typeName)) cannot be an operand")
        }
    }

    // MARK: Unary

    func unary(_ op: UnaryOperator, _ operand: Value) throws(EvaluationError) -> Value {
        switch op {
        case .dereference:
            return try dereference(operand)
        case .addressOf:
            return try addressOf(operand)
        case .not:
            return truthValue(!(try truth(operand)))
        case .negate, .plus, .complement:
            let operandClass = try operandClass(operand)
            let scalar = try scalarOperand(operand)
            switch operandClass {
            case .float(let size):
                guard op != .complement else { throw .invalid("~ needs an integer, not \(operand.typeName)") }
                let type = rules.usesUsualArithmeticConversions ? floatType(size: size) : operand.type
                let result: Scalar = size > 8
                    ? .extended(op == .negate ? -scalar.asExtended : scalar.asExtended)
                    : .float(op == .negate ? -scalar.asDouble : scalar.asDouble)
                return makeValue(result, type: type, isLiteral: operand.isLiteral)
            case .integer(let size, let isSigned):
                let (type, resultSize, resultSigned) = rules.usesUsualArithmeticConversions
                    ? promotedIntegerType(size: size, isSigned: isSigned) : (operand.type, size, isSigned)
                let bits = scalar.bits
                let result: UInt64
                switch op {
                case .negate: result = 0 &- bits
                case .complement: result = ~bits
                default: result = bits
                }
                return makeValue(Self.fit(result, size: resultSize, isSigned: resultSigned), type: type, isLiteral: operand.isLiteral)
            case .pointer, .string:
                throw .invalid("\(op.rawValue) cannot apply to \(describe(operand)) (type \(operand.typeName))")
            }
        }
    }

    private func dereference(_ operand: Value) throws(EvaluationError) -> Value {
        switch operand.shape {
        case .pointer(let pointee):
            switch types.shape(of: pointee) {
            case .void: throw .invalid("cannot dereference \(describe(operand)): it points to void")
            case .function: return operand  // *fp is the function again
            case _ where rules.refusesNilDereference && (try? operand.pointerValue()) == 0:
                throw .invalid("nil pointer dereference")  // Delve's words
            default: return try readValue { () throws(ValueError) in try operand.pointee() }
            }
        case .array:
            guard let first = operand.element(at: 0) else { throw .invalid("cannot dereference \(describe(operand))") }
            return first
        case .function:
            return operand
        default:
            throw .invalid("\(describe(operand)) (type \(operand.typeName)) is not a pointer")
        }
    }

    private func addressOf(_ operand: Value) throws(EvaluationError) -> Value {
        guard operand.bitField == nil else { throw .invalid("cannot take the address of bit-field \(describe(operand))") }
        guard case .memory(let address) = operand.location else {
            switch operand.location {
            case .register: throw .invalid("cannot take the address of \(describe(operand)): it is in a register")
            case .unavailable(let reason): throw .invalid("cannot take the address of \(describe(operand)): \(reason)")
            default: throw .invalid("cannot take the address of \(describe(operand)): it is not in memory")
            }
        }
        var pointer = Value.constant(
            littleEndianBytes(address, count: types.addressSize), type: .pointer(to: operand.type, language: language),
            context: context, name: "&" + operand.name)
        pointer.showsPointeeAddressOnly = true
        return pointer
    }

    // MARK: Binary

    func binary(_ op: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression)
        throws(EvaluationError) -> Value
    {
        let left = try evaluate(leftExpression)
        switch op {
        case .logicalAnd:
            guard try truth(left) else { return truthValue(false) }
            return truthValue(try truth(try evaluate(rightExpression)))
        case .logicalOr:
            if try truth(left) { return truthValue(true) }
            return truthValue(try truth(try evaluate(rightExpression)))
        case .artificialArray:
            return try artificialArray(left, count: try evaluate(rightExpression))
        default:
            break
        }
        let right = try enumeratorOrValue(rightExpression, matching: left)
        if isComplex(left) || isComplex(right) {
            if op.isComparison { return truthValue(try complexEquality(op, left, right)) }
            return try complexArithmetic(op, left, right)
        }
        if op.isComparison { return truthValue(try compare(op, left, right)) }
        return try arithmetic(op, left, right)
    }

    /// gdb's `first@count`: `count` objects of `first`'s type from `first`'s address on,
    /// as an array (`*p@5` shows five elements where `p` points).
    private func artificialArray(_ first: Value, count: Value) throws(EvaluationError) -> Value {
        guard first.bitField == nil, case .memory(let address) = first.location else {
            throw .invalid("only values in memory can be extended with '@'")
        }
        guard case .integer = try operandClass(count) else {
            throw .invalid("the count after '@' must be an integer, not \(describe(count)) (type \(count.typeName))")
        }
        let number = try scalarOperand(count).asInt64
        guard number > 0 else { throw .invalid("invalid number \(number) of repetitions") }
        let stride = types.stride(of: first.type)
        guard stride > 0 else { throw .value(.unknownSize(first.typeName)) }
        let (size, overflow) = stride.multipliedReportingOverflow(by: UInt64(number))
        guard !overflow, size <= UInt64.max - address else { throw .invalid("\(describe(first))@\(number) goes past the end of memory") }
        return Value(
            type: .array(of: first.type, count: UInt64(number), language: language), location: .memory(address),
            context: context, name: "\(first.name)@\(number)")
    }

    /// The right operand; a bare name that is no variable may be an enumerator of the left
    /// operand's enum (`kinds == KIND_A`, `set color = BLUE`).
    func enumeratorOrValue(_ expression: Expression, matching other: Value) throws(EvaluationError) -> Value {
        if case .identifier(let name) = expression, case .enumeration(_, let enumeration) = other.shape,
           scope.variable(named: name) == nil,
           let enumerator = enumeration.enumerators.first(where: { $0.name == name }) {
            let size = Int(clamping: types.size(of: other.type) ?? 4)
            return .constant(littleEndianBytes(enumerator.unsignedValue, count: size), type: other.type, context: context, name: name)
        }
        return try evaluate(expression)
    }

    private func arithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value {
        let leftClass = try operandClass(left)
        let rightClass = try operandClass(right)
        switch (leftClass, rightClass) {
        case (.pointer(let pointee), .integer), (.integer, .pointer(let pointee)):
            return try pointerArithmetic(op, left, right, pointee: pointee, pointerOnLeft: isPointer(leftClass))
        case (.pointer(let leftPointee), .pointer):
            guard op == .subtract else { throw invalidOperands(op, left, right) }
            let stride = Int64(bitPattern: max(types.stride(of: leftPointee), 1))
            let difference = Int64(bitPattern: try scalarOperand(left).bits &- scalarOperand(right).bits)
            return makeValue(.signed(difference / stride), type: .builtin(rules.wordType))
        case (.string, _), (_, .string), (.pointer, _), (_, .pointer):
            throw invalidOperands(op, left, right)
        default:
            break
        }
        let (type, resultClass) = resultType(left, leftClass, right, rightClass, shift: op == .shiftLeft || op == .shiftRight)
        let result = try compute(op, try scalarOperand(left), try scalarOperand(right), as: resultClass)
        return makeValue(result, type: type, isLiteral: left.isLiteral && right.isLiteral)
    }

    private func isPointer(_ operandClass: OperandClass) -> Bool {
        if case .pointer = operandClass { return true }
        return false
    }

    private func pointerArithmetic(
        _ op: BinaryOperator, _ left: Value, _ right: Value, pointee: ValueType, pointerOnLeft: Bool
    ) throws(EvaluationError) -> Value {
        guard op == .add || (op == .subtract && pointerOnLeft) else { throw invalidOperands(op, left, right) }
        let pointer = pointerOnLeft ? left : right
        let offset = try scalarOperand(pointerOnLeft ? right : left).asInt64
        let stride = Int64(bitPattern: types.stride(of: pointee))
        let delta = UInt64(bitPattern: offset &* stride)
        let base = try scalarOperand(pointer).bits
        let address = op == .add ? base &+ delta : base &- delta
        let type: ValueType
        if case .pointer = pointer.shape { type = pointer.type } else { type = .pointer(to: pointee, language: language) }
        return makeValue(.unsigned(address), type: type)
    }

    func invalidOperands(_ op: BinaryOperator, _ left: Value, _ right: Value) -> EvaluationError {
        .invalid("invalid operation: \(describe(left)) \(op.rawValue) \(describe(right)) (types \(left.typeName) and \(right.typeName))")
    }

    /// The type and class of an arithmetic result.
    private func resultType(
        _ left: Value, _ leftClass: OperandClass, _ right: Value, _ rightClass: OperandClass, shift: Bool
    ) -> (ValueType, OperandClass) {
        if !rules.usesUsualArithmeticConversions {
            // One type for both: a literal takes the other operand's type.
            let (chosen, chosenClass) = left.isLiteral && !right.isLiteral && !shift
                ? (right.type, rightClass) : (left.type, leftClass)
            if case .float = rightClass, left.isLiteral && right.isLiteral { return (right.type, rightClass) }
            return (chosen, chosenClass)
        }
        switch (leftClass, rightClass) {
        case (.float(let leftSize), .float(let rightSize)):
            return (floatType(size: max(leftSize, rightSize)), .float(size: max(leftSize, rightSize)))
        case (.float(let size), _), (_, .float(let size)):
            if shift { break }
            return (floatType(size: size), .float(size: size))
        default:
            break
        }
        guard case .integer(let leftSize, let leftSigned) = leftClass else { return (left.type, leftClass) }
        let promotedLeft = promotedIntegerType(size: leftSize, isSigned: leftSigned)
        guard !shift, case .integer(let rightSize, let rightSigned) = rightClass else {
            return (promotedLeft.type, .integer(size: promotedLeft.size, isSigned: promotedLeft.isSigned))
        }
        let promotedRight = promotedIntegerType(size: rightSize, isSigned: rightSigned)
        let size = max(promotedLeft.size, promotedRight.size)
        let isSigned: Bool
        if promotedLeft.size == promotedRight.size {
            isSigned = promotedLeft.isSigned && promotedRight.isSigned
        } else {
            isSigned = promotedLeft.size > promotedRight.size ? promotedLeft.isSigned : promotedRight.isSigned
        }
        return (.builtin(cIntegerType(size: size, isSigned: isSigned)), .integer(size: size, isSigned: isSigned))
    }

    /// C's integer promotion: anything narrower than `int` becomes `int`.
    func promotedIntegerType(size: Int, isSigned: Bool) -> (type: ValueType, size: Int, isSigned: Bool) {
        let promotedSize = max(size, 4)
        let promotedSigned = size < 4 ? true : isSigned
        return (.builtin(cIntegerType(size: promotedSize, isSigned: promotedSigned)), promotedSize, promotedSigned)
    }

    private func cIntegerType(size: Int, isSigned: Bool) -> BuiltinType {
        switch (size, isSigned) {
        case (4, true): return .cInt
        case (4, false): return .cUnsignedInt
        case (_, true): return .cLong
        default: return .cUnsignedLong
        }
    }

    func floatType(size: Int) -> ValueType { .builtin(rules.floatType(size: size)) }

    private func compute(_ op: BinaryOperator, _ left: Scalar, _ right: Scalar, as resultClass: OperandClass)
        throws(EvaluationError) -> Scalar
    {
        switch resultClass {
        case .float(let size) where size > 8:
            return .extended(try Self.floatOperation(op, left.asExtended, right.asExtended))
        case .float:
            return .float(try Self.floatOperation(op, left.asDouble, right.asDouble))
        case .integer(let size, let isSigned):
            let a = Self.fit(left, size: size, isSigned: isSigned)
            let b = Self.fit(right, size: size, isSigned: isSigned)
            let result = isSigned
                ? UInt64(bitPattern: try signedOperation(op, a.asInt64, b.asInt64, width: size * 8))
                : try unsignedOperation(op, a.bits, b.bits, width: size * 8)
            return Self.fit(.unsigned(result), size: size, isSigned: isSigned)
        case .pointer, .string:
            throw .invalid("\(op.rawValue) cannot apply here")
        }
    }

    /// `+ - * /` in one width: a long double's operands are not rounded to doubles first.
    private static func floatOperation<Number: FloatingPoint>(_ op: BinaryOperator, _ a: Number, _ b: Number)
        throws(EvaluationError) -> Number
    {
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        default: throw .invalid("\(op.rawValue) needs integers")
        }
    }

    private func signedOperation(_ op: BinaryOperator, _ a: Int64, _ b: Int64, width: Int) throws(EvaluationError) -> Int64 {
        switch op {
        case .add: return a &+ b
        case .subtract: return a &- b
        case .multiply: return a &* b
        case .divide:
            guard b != 0 else { throw .divisionByZero }
            return a.dividedReportingOverflow(by: b).partialValue
        case .remainder:
            guard b != 0 else { throw .divisionByZero }
            return a.remainderReportingOverflow(dividingBy: b).partialValue
        case .shiftLeft, .shiftRight:
            guard b >= 0 else { throw .invalid("negative shift count \(b)") }
            if b >= Int64(width) { return op == .shiftLeft || a >= 0 ? 0 : -1 }
            return op == .shiftLeft ? a << b : a >> b
        case .bitAnd: return a & b
        case .bitOr: return a | b
        case .bitXor: return a ^ b
        case .bitClear: return a & ~b
        default: throw .invalid("\(op.rawValue) is not arithmetic")
        }
    }

    private func unsignedOperation(_ op: BinaryOperator, _ a: UInt64, _ b: UInt64, width: Int) throws(EvaluationError) -> UInt64 {
        switch op {
        case .add: return a &+ b
        case .subtract: return a &- b
        case .multiply: return a &* b
        case .divide:
            guard b != 0 else { throw .divisionByZero }
            return a / b
        case .remainder:
            guard b != 0 else { throw .divisionByZero }
            return a % b
        case .shiftLeft, .shiftRight:
            if b >= UInt64(width) { return 0 }
            return op == .shiftLeft ? a << b : a >> b
        case .bitAnd: return a & b
        case .bitOr: return a | b
        case .bitXor: return a ^ b
        case .bitClear: return a & ~b
        default: throw .invalid("\(op.rawValue) is not arithmetic")
        }
    }

    // MARK: Comparison

    func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Bool {
        // Go: slices, maps, channels, funcs and interfaces compare with nil only.
        if let word = nilComparableWord(left), right.isNullLiteral {
            return try order(op, try readValue { () throws(ValueError) in try word() }, 0)
        }
        if let word = nilComparableWord(right), left.isNullLiteral {
            return try order(op, 0, try readValue { () throws(ValueError) in try word() })
        }
        let leftClass = try operandClass(left)
        let rightClass = try operandClass(right)
        switch (leftClass, rightClass) {
        case (.string, .string):
            let a = try stringBytes(left), b = try stringBytes(right)
            return try order(op, a.lexicographicallyPrecedes(b) ? -1 : a == b ? 0 : 1, 0)
        case (.string, _), (_, .string):
            throw invalidOperands(op, left, right)
        case (.float, _), (_, .float):
            // At extended precision: exact for doubles and integers, and a long double
            // keeps its last 11 bits.
            let a = try scalarOperand(left).asExtended, b = try scalarOperand(right).asExtended
            switch op {
            case .less: return a < b
            case .greater: return a > b
            case .lessOrEqual: return a <= b
            case .greaterOrEqual: return a >= b
            case .equal: return a == b
            default: return a != b
            }
        case (.integer(let leftSize, let leftSigned), .integer(let rightSize, let rightSigned)) where rules.usesUsualArithmeticConversions:
            let (_, resultClass) = resultType(left, .integer(size: leftSize, isSigned: leftSigned), right,
                                              .integer(size: rightSize, isSigned: rightSigned), shift: false)
            guard case .integer(let size, let isSigned) = resultClass else { throw invalidOperands(op, left, right) }
            let a = Self.fit(try scalarOperand(left), size: size, isSigned: isSigned)
            let b = Self.fit(try scalarOperand(right), size: size, isSigned: isSigned)
            return isSigned ? try order(op, a.asInt64, b.asInt64) : try order(op, a.bits, b.bits)
        case (.integer(_, let leftSigned), .integer(_, let rightSigned)) where leftSigned || rightSigned:
            return try order(op, try scalarOperand(left).asInt64, try scalarOperand(right).asInt64)
        default:
            // Pointers with pointers or numbers, unsigned integers: addresses and bit patterns.
            return try order(op, try scalarOperand(left).bits, try scalarOperand(right).bits)
        }
    }

    private func order<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) throws(EvaluationError) -> Bool {
        switch op {
        case .less: return a < b
        case .greater: return a > b
        case .lessOrEqual: return a <= b
        case .greaterOrEqual: return a >= b
        case .equal: return a == b
        case .notEqual: return a != b
        default: throw .invalid("\(op.rawValue) is not a comparison")
        }
    }

    // MARK: Results

    func truthValue(_ flag: Bool) -> Value {
        let type = language.rules.truthType
        return .constant(littleEndianBytes(flag ? 1 : 0, count: type.size), type: .builtin(type), context: context)
    }

    /// A value of `type` holding `scalar`.
    func makeValue(_ scalar: Scalar, type: ValueType, isLiteral: Bool = false) -> Value {
        let size = Int(clamping: types.size(of: type) ?? 8)
        let bytes: [UInt8]
        if case .float(let floatSize) = types.shape(of: type) {
            bytes = Self.encodeFloat(scalar, size: floatSize)
        } else {
            bytes = littleEndianBytes(scalar.bits, count: size)
        }
        var value = Value.constant(bytes, type: type, context: context)
        value.isLiteral = isLiteral
        return value
    }

    /// `scalar` converted to an integer of `size` bytes: truncated, then sign-extended or not.
    static func fit(_ scalar: Scalar, size: Int, isSigned: Bool) -> Scalar {
        let width = min(max(size, 1), 8) * 8
        let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
        let bits = scalar.bits & mask
        return isSigned ? .signed(Value.signExtend(bits, width: width)) : .unsigned(bits)
    }

    static func fit(_ bits: UInt64, size: Int, isSigned: Bool) -> Scalar {
        fit(.unsigned(bits), size: size, isSigned: isSigned)
    }
}

extension Value {
    /// `nil` / `NULL` as written.
    var isNullLiteral: Bool {
        guard isLiteral, case .pointer = shape, case .bytes(let bytes) = location else { return false }
        return bytes.allSatisfy { $0 == 0 }
    }
}
