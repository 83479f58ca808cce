import DbgSymbols

/// Literals and the reading of operands.
extension ExpressionEvaluator {
    /// A literal's value: C gives `42` the type `int` (`long` when it does not fit),
    /// `'a'` the type `char`, `"ab"` the type `char [3]`; Go gives `int`, `rune`, `string`.
    func literal(_ expression: Expression) -> Value {
        let rules = rules
        var value: Value
        switch expression {
        case .integer(let number, let suffix):
            let type = rules.integerLiteralType(number, suffix: suffix)
            value = .constant(littleEndianBytes(number, count: type.size), type: .builtin(type), context: context)
        case .float(let number, let isSingle):
            let type = rules.floatLiteralType(isSingle: isSingle)
            value = .constant(Self.encodeFloat(number, size: type.size), type: .builtin(type), context: context)
        case .character(let code):
            let type = rules.characterLiteralType
            value = .constant(littleEndianBytes(UInt64(code), count: type.size), type: .builtin(type), context: context)
        case .string(let bytes):
            let literal = rules.stringLiteral(bytes)
            value = .constant(literal.bytes, type: literal.type, context: context)
        case .boolean(let flag):
            let type = rules.booleanType
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
        if case .swift = value.shape {
            let (bytes, count, _) = try readValue { () throws(ValueError) in try value.swiftStringBytes(limit: Self.maxStringRead) }
            guard count <= UInt64(Self.maxStringRead) else { throw .invalid("string of \(count) bytes is too long") }
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
        encodeFloat(.float(number), size: size)
    }

    /// A number as a float of `size` bytes, rounded once from what it holds (a long
    /// double's 64 bits go straight to a float, not through a double).
    static func encodeFloat(_ number: Scalar, size: Int) -> [UInt8] {
        switch size {
        case 4:
            let single = if case .extended(let extended) = number { Float(extended) } else { Float(number.asDouble) }
            return littleEndianBytes(UInt64(single.bitPattern), count: 4)
        case 10, 12, 16: return x87Extended(number.asExtended) + [UInt8](repeating: 0, count: size - 10)
        default: return littleEndianBytes(number.asDouble.bitPattern, count: max(size, 8))
        }
    }

    /// The x87 80-bit form of a long double: Float80's own bytes (see Value.x87Extended).
    static func x87Extended(_ number: Float80) -> [UInt8] {
        withUnsafeBytes(of: number) { Array($0.prefix(10)) }
    }
}
