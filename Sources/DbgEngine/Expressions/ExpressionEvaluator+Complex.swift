/// Go's complex numbers, as Delve evaluates them: `+ - * /` between complex values and
/// numbers (`cpx1*2`), `==` and `!=`, and the builtins `real` and `imag`.
extension ExpressionEvaluator {
    struct ComplexNumber: Equatable {
        var real: Double
        var imaginary: Double
    }

    func isComplex(_ value: Value) -> Bool {
        if case .complex = value.shape { return true }
        return false
    }

    /// Both parts of a complex value; a real number is a complex one with no imaginary part.
    func complexOperand(_ value: Value) throws(EvaluationError) -> ComplexNumber {
        guard case .complex(let size) = value.shape else {
            return ComplexNumber(real: try scalarOperand(value).asDouble, imaginary: 0)
        }
        let bytes = try readValue { () throws(ValueError) in try value.bytes() }
        guard size == 8 || size == 16, bytes.count == size else { throw .invalid("\(describe(value)) is not a complex number") }
        let half = size / 2
        func part(_ slice: ArraySlice<UInt8>) -> Double {
            let bits = littleEndianValue(Array(slice))
            return half == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) : Double(bitPattern: bits)
        }
        return ComplexNumber(real: part(bytes[0..<half]), imaginary: part(bytes[half..<size]))
    }

    func complexArithmetic(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value {
        let (a, b) = (try complexOperand(left), try complexOperand(right))
        let result: ComplexNumber
        switch op {
        case .add: result = ComplexNumber(real: a.real + b.real, imaginary: a.imaginary + b.imaginary)
        case .subtract: result = ComplexNumber(real: a.real - b.real, imaginary: a.imaginary - b.imaginary)
        case .multiply:
            result = ComplexNumber(
                real: a.real * b.real - a.imaginary * b.imaginary, imaginary: a.real * b.imaginary + a.imaginary * b.real)
        case .divide:
            let denominator = b.real * b.real + b.imaginary * b.imaginary
            guard denominator != 0 else { throw .invalid("division by zero") }
            result = ComplexNumber(
                real: (a.real * b.real + a.imaginary * b.imaginary) / denominator,
                imaginary: (a.imaginary * b.real - a.real * b.imaginary) / denominator)
        default:
            throw invalidOperands(op, left, right)
        }
        return makeComplex(result, type: isComplex(left) ? left.type : right.type)
    }

    /// `==` and `!=` with a complex operand.
    func complexEquality(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Bool {
        let equal = try complexOperand(left) == complexOperand(right)
        switch op {
        case .equal: return equal
        case .notEqual: return !equal
        default: throw invalidOperands(op, left, right)
        }
    }

    /// `real(c)`, `imag(c)`: a part, as a float of half the complex value's size.
    func complexPart(_ name: String, _ value: Value) throws(EvaluationError) -> Value {
        guard case .complex(let size) = value.shape else {
            throw .invalid("invalid argument for \(name): \(describe(value)) (type \(value.typeName))")
        }
        let number = try complexOperand(value)
        return makeValue(.float(name == "real" ? number.real : number.imaginary), type: floatType(size: size / 2))
    }

    /// `complex(r, i)`: a complex64 when both parts are float32, else a complex128, as the
    /// program's DWARF describes them (a program that never uses one has no such type).
    func makeComplex(real: Value, imaginary: Value) throws(EvaluationError) -> Value {
        let isSingle = { (value: Value) -> Bool in if case .float(4) = value.shape { true } else { false } }
        let name = isSingle(real) && isSingle(imaginary) ? "complex64" : "complex128"
        guard let type = scope.type(named: name) else { throw .unknownType(name) }
        let number = ComplexNumber(real: try scalarOperand(real).asDouble, imaginary: try scalarOperand(imaginary).asDouble)
        return makeComplex(number, type: type)
    }

    private func makeComplex(_ number: ComplexNumber, type: ValueType) -> Value {
        let half = Int(clamping: (types.size(of: type) ?? 16) / 2)
        let bytes = Self.encodeFloat(number.real, size: half) + Self.encodeFloat(number.imaginary, size: half)
        return .constant(bytes, type: type, context: context)
    }
}
