import DbgSymbols

/// Swift's members, `.count`, array elements and dictionary lookups in expressions.
extension ExpressionEvaluator {
    func swiftMember(of base: Value, _ name: String) throws(EvaluationError) -> Value {
        if let member = try readValue({ () throws(ValueError) in try base.swiftMember(named: name) }) { return member }
        if name == "count", let count = try readValue({ () throws(ValueError) in try base.swiftCount() }) {
            return Value.constant(littleEndianBytes(UInt64(bitPattern: count), count: 8), type: .builtin(rules.wordType), context: context)
        }
        throw .unknownMember(name, type: base.typeName)
    }

    func swiftElement(_ base: Value, index indexValue: Value) throws(EvaluationError) -> Value {
        guard let (layout, _) = base.swiftLayout else { throw .invalid("cannot index \(base.typeName)") }
        switch layout.kind {
        case .array:
            let index = try integerOperand(indexValue, role: "an index")
            guard let element = try readValue({ () throws(ValueError) in try base.swiftElement(at: index) }) else {
                throw .invalid("cannot index \(base.typeName)")
            }
            return element
        case .dictionary:
            // Keys compare as the expression's `==` compares them (numbers, strings).
            let found = try readValue { () throws(ValueError) in
                try base.swiftDictionaryValue { (candidate) throws(ValueError) in
                    do {
                        return try compare(.equal, candidate, indexValue)
                    } catch {
                        throw .unsupported("\(error)")
                    }
                }
            }
            guard let found else { throw .invalid("key not found in \(base.name.isEmpty ? base.typeName : base.name)") }
            return found
        default:
            throw .invalid("cannot index \(base.name.isEmpty ? base.typeName : base.name) (type \(base.typeName))")
        }
    }
}
