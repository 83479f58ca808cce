import DbgSymbols

/// `set VAR = EXPR`: integers, characters, booleans, enums, floats and pointers are
/// converted to the target's type and written; structs and arrays of the same type are
/// copied. Bit-fields are read, merged and written back.
extension ExpressionEvaluator {
    func assign(_ targetExpression: Expression, _ valueExpression: Expression) throws(EvaluationError) -> Value {
        let target = try evaluate(targetExpression)
        let source = try enumeratorOrValue(valueExpression, matching: target)
        guard let writer = context.writer else {
            throw .invalid("cannot set \(targetExpression): the program's memory cannot be written now")
        }
        let bytes: [UInt8]
        if target.shape.isScalar {
            var converted = try convert(source, to: target.type)
            converted.bitField = nil
            bytes = try readValue { () throws(ValueError) in try converted.bytes() }
        } else {
            guard source.type == target.type else {
                throw .invalid("cannot assign \(source.typeName) to \(targetExpression) (type \(target.typeName))")
            }
            bytes = try readValue { () throws(ValueError) in try source.bytes() }
        }
        switch target.location {
        case .memory(let address):
            if let bitField = target.bitField {
                try writeBits(bytes, into: target, at: address, range: bitField, writer: writer)
            } else {
                try readValue { () throws(ValueError) in try writer.writeMemory(bytes, at: address) }
            }
            return target
        case .register(let number):
            let current = context.registers?.registerValue(number) ?? 0
            let merged = Self.mergeRegister(current, with: bytes)
            try readValue { () throws(ValueError) in try writer.writeRegister(number, value: merged) }
            // The frame's registers are a snapshot: show the value written.
            var written = Value.constant(bytes, type: target.type, context: context, name: target.name)
            written.bitField = nil
            return written
        default:
            throw .invalid("cannot set \(targetExpression): it is not in memory or a register")
        }
    }

    private func writeBits(
        _ bytes: [UInt8], into target: Value, at address: UInt64, range: BitRange, writer: any ValueWriter
    ) throws(EvaluationError) {
        let newBits = littleEndianValue(bytes)
        try readValue { () throws(ValueError) in
            var storage = try target.bytes()
            for bit in 0..<min(range.size, 64) {
                let position = range.offset + bit
                let index = position / 8
                guard index < storage.count else { break }
                let mask = UInt8(1) << UInt8(position % 8)
                if newBits >> UInt64(bit) & 1 == 1 { storage[index] |= mask } else { storage[index] &= ~mask }
            }
            try writer.writeMemory(storage, at: address)
        }
    }

    /// The register's new contents: the low bytes replaced. Writing a 32-bit part clears
    /// the upper half, as x86-64 does; 8- and 16-bit parts keep the rest.
    static func mergeRegister(_ current: UInt64, with bytes: [UInt8]) -> UInt64 {
        let count = min(bytes.count, 8)
        if count >= 4 { return littleEndianValue(bytes) }
        let mask: UInt64 = (1 << UInt64(count * 8)) - 1
        return (current & ~mask) | (littleEndianValue(bytes) & mask)
    }
}
