import DbgSymbols

/// A value in the debuggee: a type, where its bytes are, and the context to read them.
///
/// Nothing is read when a value is made: members, elements and pointees are values too,
/// made on demand, and the loader reads only what the load limits let it show. So a value
/// over unmapped memory is fine to hold; reading it gives a `ValueError`.
public struct Value: Sendable {
    public var type: ValueType
    public var location: ValueLocation
    /// Set for a bit-field: the value is these bits of `location`.
    public var bitField: BitRange?
    public var context: ValueContext
    /// The variable or expression the value came from (a member's name for members).
    public var name: String
    /// Made by `&`: formatting shows where the pointer points, without loading the
    /// pointee (Delve prints `&x` as `(*int)(0xc000012345)`).
    public var showsPointeeAddressOnly: Bool
    /// A literal: in Go an untyped constant takes the type of the other operand.
    public var isLiteral: Bool
    /// A constant the program declares (`Tuesday`): Delve shows its number, not its name.
    public var isDeclaredConstant = false
    /// Go: the address Delve gives a value held in registers (FakeAddressBook), which it
    /// prints where it would print a real one. Parts get theirs at their offset.
    public var fakeAddress: UInt64?

    public init(
        type: ValueType, location: ValueLocation, context: ValueContext, name: String = "",
        bitField: BitRange? = nil, showsPointeeAddressOnly: Bool = false, isLiteral: Bool = false
    ) {
        self.type = type
        self.location = location
        self.bitField = bitField
        self.context = context
        self.name = name
        self.showsPointeeAddressOnly = showsPointeeAddressOnly
        self.isLiteral = isLiteral
    }

    public var types: TypeSystem { context.types }
    public var shape: TypeShape { context.types.shape(of: type) }
    public var typeName: String { context.types.name(of: type) }
    public var language: SourceLanguage { type.language }

    /// The value's address when it has one of its own (bit-fields do not).
    public var address: UInt64? { bitField == nil ? location.address : nil }

    /// A value of `type` made of `bytes` (literals, arithmetic results).
    public static func constant(_ bytes: [UInt8], type: ValueType, context: ValueContext, name: String = "") -> Value {
        Value(type: type, location: .bytes(bytes), context: context, name: name)
    }

    /// Values larger than this are not read whole (arrays are read element by element).
    static let maxWholeReadSize: UInt64 = 16 << 20

    /// The value's bytes: its type's size (for a bit-field, the bytes that hold its bits).
    public func bytes() throws(ValueError) -> [UInt8] {
        let count: Int
        if let bitField {
            count = bitField.byteCount
        } else {
            guard let size = types.size(of: type) else { throw .unknownSize(typeName) }
            guard size <= Self.maxWholeReadSize else { throw .unsupported("\(typeName) is too large to read whole") }
            count = Int(size)
        }
        return try location.read(count: count, context: context)
    }

    /// The part of this value `offset` bytes in: a member or an element.
    func part(at offset: UInt64, type partType: ValueType, name partName: String, bitField partBits: BitRange? = nil)
        -> Value
    {
        let partLocation: ValueLocation
        switch location {
        case .memory(let base):
            partLocation = .memory(base &+ offset)
        case .unavailable:
            partLocation = location
        case .register, .pieces, .bytes:
            // No address to offset: take the part out of the whole value's bytes.
            do {
                let whole = try bytes()
                let start = Int(min(offset, UInt64(whole.count)))
                let count = partBits?.byteCount ?? Int(min(types.size(of: partType) ?? 0, UInt64(whole.count - start)))
                partLocation = .bytes(Array(whole[start..<min(start + count, whole.count)]))
            } catch {
                partLocation = .unavailable(error.description)
            }
        }
        var part = Value(type: partType, location: partLocation, context: context, name: partName, bitField: partBits)
        if case .memory = partLocation {} else { part.fakeAddress = fakeAddress.map { $0 &+ offset } }
        return part
    }
}

extension ValueLocation {
    /// Reads `count` bytes. Registers and constants give their low bytes (zero-extended).
    func read(count: Int, context: ValueContext) throws(ValueError) -> [UInt8] {
        switch self {
        case .memory(let address):
            if count == 0 { return [] }
            do {
                return try context.memory.read(at: address, count: count)
            } catch {
                throw ValueError(reading: error)
            }
        case .register(let number):
            guard let value = context.registers?.registerValue(number) else {
                throw .unavailable("register \(X86_64Register.name(of: number)) is not available in this frame")
            }
            return Self.fit(littleEndianBytes(value, count: 8), count: count)
        case .bytes(let bytes):
            return Self.fit(bytes, count: count)
        case .pieces(let pieces):
            var whole: [UInt8] = []
            for piece in pieces where whole.count < count {
                if case .pieces = piece.location { throw .unsupported("nested location pieces") }
                whole += try piece.location.read(count: piece.size, context: context)
            }
            return Self.fit(whole, count: count)
        case .unavailable(let reason):
            throw .unavailable(reason)
        }
    }

    private static func fit(_ bytes: [UInt8], count: Int) -> [UInt8] {
        if bytes.count >= count { return Array(bytes.prefix(count)) }
        return bytes + [UInt8](repeating: 0, count: count - bytes.count)
    }
}

/// `value`'s `count` low bytes, least significant first.
func littleEndianBytes(_ value: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { index in index < 8 ? UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) : 0 }
}

/// The unsigned number in up to 8 little-endian bytes (more are ignored).
func littleEndianValue(_ bytes: some Collection<UInt8>) -> UInt64 {
    var value: UInt64 = 0
    for (index, byte) in bytes.prefix(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
    return value
}
