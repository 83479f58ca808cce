import DbgSymbols

/// Go's map index, slicing and type assertions.
extension ExpressionEvaluator {
    /// `m[key]`: the value whose key equals `key` (keys compare as `==` does).
    func mapElement(_ map: Value, mapType: DwarfType, key: Value) throws(EvaluationError) -> Value {
        let iterator = try readValue { () throws(ValueError) in try GoMapIterator(map, mapType: mapType) }
        var found: Value?
        try readValue { () throws(ValueError) in
            try iterator.forEach { (candidate, element) throws(ValueError) in
                guard (try? compare(.equal, candidate, key)) == true else { return true }
                found = element
                return false
            }
        }
        guard var found else { throw .invalid("key not found") }
        found.name = "\(map.name)[\(key.name.isEmpty ? describe(key) : key.name)]"
        return found
    }

    /// len (`qcount`) and cap (`dataqsiz`) of a channel, from the runtime's hchan.
    func channelLength(_ name: String, _ channel: Value) throws(EvaluationError) -> Int64 {
        try readValue { () throws(ValueError) -> Int64 in
            let address = try channel.pointerValue()
            guard address != 0 else { return 0 }
            guard case .pointer(let hchanType) = types.shape(of: types.underlying(channel.type)) else {
                throw .unsupported("channel type without its runtime header")
            }
            let hchan = Value(type: hchanType, location: .memory(address), context: context, name: "")
            guard let field = hchan.member(named: name == "len" ? "qcount" : "dataqsiz") else {
                throw .unsupported("channel header without qcount and dataqsiz")
            }
            return try field.scalar().asInt64
        }
    }

    /// `s[low:high]` of a slice, a string or an array in memory. As in Delve, the result's
    /// capacity is its length.
    func sliced(_ base: Value, low lowValue: Value?, high highValue: Value?) throws(EvaluationError) -> Value {
        let low = try lowValue.map { value throws(EvaluationError) in try integerOperand(value, role: "a slice index") } ?? 0
        let high = try highValue.map { value throws(EvaluationError) in try integerOperand(value, role: "a slice index") }
        switch base.shape {
        case .goSlice(let element):
            let (array, length, capacity) = try readValue { () throws(ValueError) -> (UInt64, Int64, Int64) in
                guard let array = base.member(named: "array"), let length = base.member(named: "len"),
                      let capacity = base.member(named: "cap")
                else { throw .unsupported("slice header without array, len and cap") }
                return (try array.pointerValue(), try length.scalar().asInt64, try capacity.scalar().asInt64)
            }
            let end = high ?? length
            try checkBounds(low, end, limit: capacity)
            let start = array &+ UInt64(low) &* types.stride(of: element)
            let header = littleEndianBytes(start, count: 8) + littleEndianBytes(UInt64(end - low), count: 8)
                + littleEndianBytes(UInt64(end - low), count: 8)
            return .constant(header, type: base.type, context: context, name: sliceName(base, lowValue, highValue))
        case .goString:
            let (pointer, length) = try readValue { () throws(ValueError) -> (UInt64, Int64) in
                guard let pointer = base.member(named: "str"), let length = base.member(named: "len") else {
                    throw .unsupported("string header without str and len")
                }
                return (try pointer.pointerValue(), try length.scalar().asInt64)
            }
            let end = high ?? length
            try checkBounds(low, end, limit: length)
            let header = littleEndianBytes(pointer &+ UInt64(low), count: 8) + littleEndianBytes(UInt64(end - low), count: 8)
            return .constant(header, type: base.type, context: context, name: sliceName(base, lowValue, highValue))
        case .array(let element, let count):
            guard let address = base.address, let count else { throw .invalid("cannot slice \(describe(base)): it has no address") }
            let sliceTypeName = "[]" + types.name(of: element)
            guard let sliceType = scope.type(named: sliceTypeName) else {
                throw .invalid("cannot slice \(describe(base)): the program has no type \(sliceTypeName)")
            }
            let end = high ?? Int64(count)
            try checkBounds(low, end, limit: Int64(count))
            let header = littleEndianBytes(address &+ UInt64(low) &* types.stride(of: element), count: 8)
                + littleEndianBytes(UInt64(end - low), count: 8) + littleEndianBytes(UInt64(end - low), count: 8)
            return .constant(header, type: sliceType, context: context, name: sliceName(base, lowValue, highValue))
        default:
            throw .invalid("cannot slice \(describe(base)) (type \(base.typeName))")
        }
    }

    private func checkBounds(_ low: Int64, _ high: Int64, limit: Int64) throws(EvaluationError) {
        guard low >= 0, low <= high, high <= limit else { throw .invalid("slice bounds [\(low):\(high)] out of range [0:\(limit)]") }
    }

    private func sliceName(_ base: Value, _ low: Value?, _ high: Value?) -> String {
        "\(base.name)[\(low.map(describe) ?? ""):\(high.map(describe) ?? "")]"
    }

    /// `x.(T)`: the interface's dynamic value when its type is T.
    func typeAsserted(_ base: Value, to typeExpression: TypeExpression) throws(EvaluationError) -> Value {
        guard case .goInterface = base.shape else {
            throw .invalid("\(describe(base)) (type \(base.typeName)) is not an interface")
        }
        let target = try resolve(typeExpression)
        let targetName = types.name(of: target)
        guard let dynamic = try readValue({ () throws(ValueError) in try base.goDynamicValue() }) else {
            throw .invalid("interface conversion: \(base.typeName) is nil, not \(targetName)")
        }
        let dynamicName = types.name(of: dynamic.value.type)
        guard dynamicName == targetName else {
            throw .invalid("interface conversion: \(base.typeName) is \(dynamicName), not \(targetName)")
        }
        return dynamic.value
    }
}
