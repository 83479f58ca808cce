import DbgSymbols

/// Swift values in expressions: stored properties (`depot.city`, `pet.name` through the
/// instance's dynamic class), `.count`, elements (`scores[1]`) and dictionary lookups
/// (`byCity["Oslo"]`), and a String's bytes. Nothing is read but what the answer needs.
extension Value {
    var swiftLayout: (SwiftLayout, SwiftTypeName)? {
        if case .swift(let layout, let name) = shape { return (layout, name) }
        return nil
    }

    /// The String's bytes, at most `limit` of them, and its whole length in bytes.
    func swiftStringBytes(limit: Int) throws(ValueError) -> (bytes: [UInt8], count: UInt64, base: UInt64) {
        let raw = try bytes()
        guard raw.count >= 16 else { throw .unsupported("a String of \(raw.count) bytes") }
        let countAndFlags = littleEndianValue(raw[0..<8])
        let object = littleEndianValue(raw[8..<16])
        let discriminator = object >> 56
        if discriminator & 0x20 != 0 {
            // Small: up to 15 bytes in the two words, the count in the top byte's low nibble.
            let count = Int(discriminator & 0x0f)
            guard count <= 15 else { throw .unsupported("a small String of \(count) bytes") }
            return (Array(raw[0..<min(count, max(limit, 0))]), UInt64(count), 0)
        }
        guard discriminator & 0x10 == 0 else { throw .unsupported("a bridged String is not read yet") }
        // Large: the count in the first word's low 48 bits; the bytes 32 past the object
        // address (native storage, and literals in the binary alike).
        let count = countAndFlags & 0x0000_ffff_ffff_ffff
        guard count < ValueLoader.swiftMaxCount else { throw .unsupported("a String of \(count) bytes") }
        let start = (object & 0x0fff_ffff_ffff_ffff) &+ 32
        let shown = Int(min(count, UInt64(max(limit, 0))))
        guard shown > 0 else { return ([], count, start) }
        do {
            return (try context.memory.read(at: start, count: shown), count, start)
        } catch {
            throw .unreadableMemory(address: start, count: shown)
        }
    }

    /// The stored property `name` of a struct, tuple or class instance; nil when it has none.
    func swiftMember(named memberName: String) throws(ValueError) -> Value? {
        guard let (layout, _) = swiftLayout else { return nil }
        switch layout.kind {
        case .record(let fields):
            guard let field = fields.first(where: { $0.name == memberName }) else { return nil }
            return part(at: UInt64(field.offset), type: .swift(field.type), name: memberName)
        case .classReference:
            let object = try pointerValue()
            guard object != 0 else { throw .unsupported("nil has no members") }
            return try swiftInstanceField(named: memberName, object: object)
        case .enumeration:
            // Optional chaining's view: the wrapped value's member.
            guard let wrapped = try swiftWrapped() else { throw .unsupported("\(name) is nil") }
            return try wrapped.swiftMember(named: memberName)
        default:
            return nil
        }
    }

    /// The value an `Optional` holds (nil for `nil`); the value itself for anything else.
    func swiftWrapped() throws(ValueError) -> Value? {
        guard let (layout, _) = swiftLayout, case .enumeration(let enumLayout) = layout.kind,
              enumLayout.cases.map(\.name) == ["some", "none"], let payload = enumLayout.cases[0].payload
        else { return self }
        let index = try SwiftEnumDecoder(layout: enumLayout).caseIndex(in: try bytes()[...])
        guard index == 0 else { return nil }
        return part(at: 0, type: .swift(payload), name: name)
    }

    private func swiftInstanceField(named fieldName: String, object: UInt64) throws(ValueError) -> Value? {
        guard let swift = types.swift else { throw .unsupported("no Swift metadata in this binary") }
        let reader = SwiftMetadataReader(memory: context.memory)
        for (metadata, descriptorAddress) in try reader.classChain(of: try reader.word(at: object)).reversed() {
            let (className, _) = try reader.nominal(atDescriptor: descriptorAddress)
            guard let (declaring, descriptor) = swift.declaration(of: className.description) else { continue }
            guard let index = descriptor.fields.firstIndex(where: { $0.name == fieldName }),
                  let mangled = descriptor.fields[index].type
            else { continue }
            let offset = try reader.word(at: metadata &+ UInt64(descriptor.fieldOffsetVectorOffset + index) * 8)
            return Value(type: .swift(try declaring.typeName(mangled)), location: .memory(object &+ offset), context: context, name: fieldName)
        }
        return nil
    }

    /// `count` of a String (its bytes), Array, Set or Dictionary; nil for other values.
    func swiftCount() throws(ValueError) -> Int64? {
        guard let (layout, _) = swiftLayout else { return nil }
        let reader = SwiftMetadataReader(memory: context.memory)
        switch layout.kind {
        case .string: return Int64(clamping: try swiftStringBytes(limit: 0).count)
        case .array, .set, .dictionary: return Int64(bitPattern: try reader.word(at: try pointerValue() &+ 16))
        default: return nil
        }
    }

    /// The element at `index` of an Array.
    func swiftElement(at index: Int64) throws(ValueError) -> Value? {
        guard let (layout, _) = swiftLayout, case .array(let element) = layout.kind else { return nil }
        guard let count = try swiftCount(), index >= 0, index < count else {
            throw .unsupported("index \(index) out of range")
        }
        let storage = try pointerValue()
        let address = storage &+ 32 &+ UInt64(index) &* types.stride(of: .swift(element))
        return Value(type: .swift(element), location: .memory(address), context: context, name: "\(name)[\(index)]")
    }

    /// The value for the key that `matches` accepts, in a Dictionary (nil when no key does).
    func swiftDictionaryValue(where matches: (Value) throws(ValueError) -> Bool) throws(ValueError) -> Value? {
        guard let (layout, _) = swiftLayout, case .dictionary(let key, let valueType) = layout.kind else { return nil }
        let reader = SwiftMetadataReader(memory: context.memory)
        let storage = try pointerValue()
        let scale = try reader.word(at: storage &+ 32) & 0xff
        guard scale < 32 else { throw .unsupported("a dictionary of 2^\(scale) buckets") }
        let keys = try reader.word(at: storage &+ 48)
        let values = try reader.word(at: storage &+ 56)
        let keyStride = types.stride(of: .swift(key))
        let valueStride = types.stride(of: .swift(valueType))
        var word: UInt64 = 0
        for bucket in 0..<(UInt64(1) << scale) {
            if bucket % 64 == 0 { word = try reader.word(at: storage &+ 64 &+ bucket / 64 * 8) }
            guard word & (1 << (bucket % 64)) != 0 else { continue }
            let candidate = Value(type: .swift(key), location: .memory(keys &+ bucket &* keyStride), context: context)
            if try matches(candidate) {
                return Value(type: .swift(valueType), location: .memory(values &+ bucket &* valueStride), context: context, name: name)
            }
        }
        return nil
    }
}
