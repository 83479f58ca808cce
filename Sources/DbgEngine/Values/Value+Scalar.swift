/// Reading numbers out of values.
extension Value {
    /// The value as a number: integers, characters, booleans, enums, pointers and floats.
    public func scalar() throws(ValueError) -> Scalar {
        switch shape {
        case .integer(let size, let isSigned, _):
            return try integer(size: size, isSigned: isSigned)
        case .boolean(let size):
            return try integer(size: size, isSigned: false)
        case .enumeration(let type, let enumeration):
            return try integer(size: Int(clamping: type.byteSize ?? 4), isSigned: enumeration.isSigned)
        case .pointer:
            return try integer(size: types.addressSize, isSigned: false)
        case .float(let size):
            return try Self.decodeFloat(try bytes(), size: size)
        case .function:
            // A function's value is its address (C decays it to a pointer).
            guard let address = location.address else { throw .unsupported("\(name) has no address") }
            return .unsigned(address)
        case .goFunction:
            return try integer(size: types.addressSize, isSigned: false)
        default:
            throw .unsupported("\(name.isEmpty ? typeName : name) is not a number")
        }
    }

    /// The address a pointer holds.
    public func pointerValue() throws(ValueError) -> UInt64 {
        try integer(size: types.addressSize, isSigned: false).bits
    }

    private func integer(size: Int, isSigned: Bool) throws(ValueError) -> Scalar {
        let raw: UInt64
        let width: Int
        if let bitField {
            raw = Self.extractBits(try bytes(), range: bitField)
            width = bitField.size
        } else {
            raw = littleEndianValue(try bytes())
            width = min(size, 8) * 8
        }
        guard isSigned else { return .unsigned(raw) }
        return .signed(Self.signExtend(raw, width: width))
    }

    /// `range.size` bits (at most 64) of little-endian `bytes`, starting at `range.offset`.
    static func extractBits(_ bytes: [UInt8], range: BitRange) -> UInt64 {
        var value: UInt64 = 0
        for bit in 0..<min(range.size, 64) {
            let position = range.offset + bit
            let byte = position / 8
            guard byte < bytes.count else { break }
            if bytes[byte] >> UInt8(position % 8) & 1 == 1 { value |= 1 << UInt64(bit) }
        }
        return value
    }

    static func signExtend(_ value: UInt64, width: Int) -> Int64 {
        guard width > 0, width < 64 else { return Int64(bitPattern: value) }
        let shift = UInt64(64 - width)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }

    /// IEEE single and double, and x87 extended precision (`long double`, 10 bytes used of 16).
    static func decodeFloat(_ bytes: [UInt8], size: Int) throws(ValueError) -> Scalar {
        switch size {
        case 4:
            return .float(Double(Float(bitPattern: UInt32(truncatingIfNeeded: littleEndianValue(bytes)))))
        case 8:
            return .float(Double(bitPattern: littleEndianValue(bytes)))
        case 10, 12, 16:
            guard bytes.count >= 10 else { throw .unsupported("a long double needs 10 bytes") }
            return .extended(x87Extended(bytes))
        default:
            throw .unsupported("floating-point numbers of \(size) bytes are not supported")
        }
    }

    /// The 80-bit x87 format (a 64-bit significand with an explicit integer bit, then a
    /// 15-bit exponent and the sign) is Float80's own layout: the bytes are copied as they
    /// are, so unnormals and NaN payloads stay what the program holds.
    static func x87Extended(_ bytes: [UInt8]) -> Float80 {
        var number: Float80 = 0
        withUnsafeMutableBytes(of: &number) { storage in
            for index in 0..<min(10, bytes.count, storage.count) { storage[index] = bytes[index] }
        }
        return number
    }
}
