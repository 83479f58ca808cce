import DbgSymbols

/// Swift values: strings, collections, structs and tuples, class instances (their dynamic
/// class), enums and optionals, existentials and closures, read by their `SwiftLayout`.
/// Loaded values are marked `isSwift` so that they print as Swift writes them.
extension ValueLoader {
    /// Storage objects start with the object header (metadata, reference counts); a
    /// contiguous array's count, capacity and elements follow.
    static let swiftHeapHeader: UInt64 = 16
    /// The largest count or capacity a collection header may claim.
    static let swiftMaxCount: UInt64 = 1 << 40

    func loadSwift(_ value: Value, layout: SwiftLayout, name: SwiftTypeName, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.isSwift = true
        // The name Swift's own `String(reflecting:)` writes a value with (`values.Stack<Swift.String>`).
        loaded.realType = name.unsugaredDemangledDescription
        do throws(ValueError) {
            switch layout.kind {
            case .string:
                try loadSwiftString(value, into: &loaded)
            case .substring:
                try loadSwiftSubstring(value, into: &loaded)
            case .array(let element):
                try loadSwiftArray(value, element: element, level: level, depth: depth, into: &loaded)
            case .set(let element):
                try loadSwiftHashed(value, key: element, value: nil, level: level, depth: depth, into: &loaded)
            case .dictionary(let key, let valueType):
                try loadSwiftHashed(value, key: key, value: valueType, level: level, depth: depth, into: &loaded)
            case .record(let fields):
                if try loadSwiftDescribed(value, name: name, level: level, depth: depth, into: &loaded) { return }
                loaded.kind = .struct
                loaded.length = Int64(fields.count)
                guard level <= config.maxVariableRecurse else { return }
                // An AnyHashable shows the value in its box: the box takes no level of its own.
                let isAnyHashable = loaded.realType == "Swift.AnyHashable"
                for field in fields {
                    let part = value.part(at: UInt64(field.offset), type: .swift(field.type), name: field.name)
                    loaded.children.append(load(part, level: isAnyHashable ? level : level + 1, depth: depth + 1))
                    if budget.isSpent { break }
                }
                if isAnyHashable, let box = loaded.children.first, let data = box.children.first {
                    // The hashable value in its box, as `AnyHashable("key")` shows it.
                    loaded.kind = .interface
                    loaded.children = data.children.first.map { [$0] } ?? [data]
                }
            case .classReference:
                let object = try value.pointerValue()
                try loadSwiftObject(at: object, context: value.context, level: level, depth: depth, into: &loaded)
            case .weakReference:
                // Shown as the Optional it is: nil, or the object.
                loaded.kind = .struct
                let sideTable = try value.pointerValue()
                let object = sideTable == 0 ? 0 : try SwiftMetadataReader(memory: value.context.memory).word(at: sideTable)
                loaded.value = object == 0 ? "none" : "some"
                guard object != 0 else { return }
                var reference = LoadedValue(type: loaded.type, realType: loaded.realType)
                reference.isSwift = true
                try loadSwiftObject(at: object, context: value.context, level: level, depth: depth, into: &reference)
                loaded.length = 1
                loaded.children = [reference]
            case .enumeration(let enumLayout):
                try loadSwiftEnum(value, layout: enumLayout, name: name, level: level, depth: depth, into: &loaded)
            case .existential(let isClassBound):
                try loadSwiftExistential(value, isClassBound: isClassBound, level: level, depth: depth, into: &loaded)
            case .boxedError:
                try loadSwiftBoxedError(value, level: level, depth: depth, into: &loaded)
            case .function:
                loaded.kind = .func
                let entry = try value.pointerValue()
                loaded.base = entry
                loaded.value = entry == 0 ? "" : functionName(at: entry, context: value.context)
            case .metatype:
                loaded.kind = .func
                let metadata = try value.pointerValue()
                let reader = SwiftMetadataReader(memory: value.context.memory)
                loaded.value = try reader.typeName(ofMetadata: metadata).displayName + ".self"
            case .integer, .float, .bool, .pointer, .opaque:
                throw .unsupported("\(name.displayName) is not read yet")
            }
        } catch {
            loaded.unreadable = error.description
        }
    }

    /// Values shown as they describe themselves (`SwiftDescribedValues`), a StaticString as
    /// the string it is, an ArraySlice as its elements; false for other records.
    private func loadSwiftDescribed(_ value: Value, name: SwiftTypeName, level: Int, depth: Int,
                                    into loaded: inout LoadedValue) throws(ValueError) -> Bool {
        let type = loaded.realType
        if case .nominal(let nominal, let arguments) = name, nominal.description == "Swift.ArraySlice", arguments.count == 1 {
            try loadSwiftArraySlice(value, element: arguments[0], level: level, depth: depth, into: &loaded)
            return true
        }
        // Read once, and only for the types described: any other record reads its fields.
        guard SwiftDescribedValues.types.contains(type) else { return false }
        let bytes = try value.bytes()
        if let text = SwiftDescribedValues.text(type: type, bytes: bytes) {
            loaded.kind = .struct
            loaded.value = text
            loaded.isDescribed = true
            return true
        }
        let memory = value.context.memory
        let found = try SwiftDescribedValues.stringBytes(type: type, bytes: bytes, limit: config.maxStringLength) {
            (address, count) throws(ValueError) in
            do throws(TargetMemoryError) { return try memory.read(at: address, count: count) } catch { throw ValueError(reading: error) }
        }
        guard let (bytes, count) = found else { return false }
        loaded.kind = .string
        loaded.length = Int64(count)
        setString(bytes, into: &loaded)
        return true
    }

    // MARK: Strings

    private func loadSwiftString(_ value: Value, into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .string
        let (bytes, count, base) = try value.swiftStringBytes(limit: config.maxStringLength)
        loaded.length = Int64(count)
        loaded.base = base
        setString(bytes, into: &loaded)
    }

    /// A Substring: String.Index values (the byte offset in their top 48 bits) bounding a
    /// String's bytes.
    private func loadSwiftSubstring(_ value: Value, into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .string
        let header = try value.bytes()
        guard header.count >= 32 else { throw .unsupported("a Substring of \(header.count) bytes") }
        let start = littleEndianValue(header[0..<8]) >> 16
        let end = littleEndianValue(header[8..<16]) >> 16
        let string = SwiftTypeName.nominal(SwiftNominalName(kind: .structure, path: ["Swift", "String"]), arguments: [])
        let base = value.part(at: 16, type: .swift(string), name: "")
        let (bytes, count, address) = try base.swiftStringBytes(limit: Int(min(end, UInt64(Self.maxStringBytes))))
        guard start <= end, end <= count else { throw .unsupported("a Substring's range \(start)..<\(end) outside its \(count) bytes") }
        let shown = bytes.dropFirst(Int(start)).prefix(max(config.maxStringLength, 0))
        loaded.length = Int64(end - start)
        loaded.base = address == 0 ? 0 : address &+ start
        setString(Array(shown), into: &loaded)
    }

    // MARK: Collections

    private func loadSwiftArray(_ value: Value, element: SwiftTypeName, level: Int, depth: Int, into loaded: inout LoadedValue) throws(ValueError) {
        let storage = try value.pointerValue()
        let reader = SwiftMetadataReader(memory: value.context.memory)
        let count = try reader.word(at: storage &+ 16)
        let capacity = try reader.word(at: storage &+ 24) >> 1
        guard count <= capacity, capacity < Self.swiftMaxCount else {
            throw .unsupported("an array storage claiming \(count) elements in \(capacity)")
        }
        loaded.capacity = Int64(capacity)
        try loadSwiftElements(value, at: storage &+ 32, count: count, element: element, level: level, depth: depth, into: &loaded)
    }

    /// An ArraySlice: its owner, the address its indices count from, its start index, and its
    /// end index shifted left by one (the low bit a flag).
    private func loadSwiftArraySlice(_ value: Value, element: SwiftTypeName, level: Int, depth: Int, into loaded: inout LoadedValue) throws(ValueError) {
        let bytes = try value.bytes()
        guard bytes.count >= 32 else { throw .unsupported("an ArraySlice of \(bytes.count) bytes") }
        let base = littleEndianValue(bytes[8..<16])
        let start = littleEndianValue(bytes[16..<24])
        let end = littleEndianValue(bytes[24..<32]) >> 1
        guard start <= end, end - start < Self.swiftMaxCount else { throw .unsupported("an ArraySlice of \(start)..<\(end)") }
        let stride = value.types.stride(of: .swift(element))
        try loadSwiftElements(value, at: base &+ start &* stride, count: end - start, element: element, level: level, depth: depth,
                              into: &loaded)
    }

    /// `count` elements of type `element` from `elements` on.
    private func loadSwiftElements(_ value: Value, at elements: UInt64, count: UInt64, element: SwiftTypeName, level: Int, depth: Int,
                                   into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .slice
        loaded.length = Int64(count)
        loaded.base = elements
        let type = ValueType.swift(element)
        let stride = value.types.stride(of: type)
        let shown = min(Int64(count), Int64(max(config.maxArrayValues, 0)))
        let context = CachedMemory.caching(value.context, address: elements, count: UInt64(shown) &* stride)
        try loadElements(count: shown, level: level, depth: depth, into: &loaded) { index in
            Value(type: type, location: .memory(elements &+ UInt64(index) &* stride), context: context)
        }
    }

    /// A Set's or Dictionary's native storage: count at 16, capacity at 24, the bucket
    /// count's log2 at 32, keys at 48, values at 56 (a Set's bitmap comes there instead), then
    /// the occupied-bucket bitmap. Entries in bucket order, as the program iterates them.
    private func loadSwiftHashed(
        _ value: Value, key: SwiftTypeName, value valueType: SwiftTypeName?, level: Int, depth: Int,
        into loaded: inout LoadedValue
    ) throws(ValueError) {
        loaded.kind = valueType == nil ? .slice : .map
        let storage = try value.pointerValue()
        let reader = SwiftMetadataReader(memory: value.context.memory)
        let count = try reader.word(at: storage &+ 16)
        let scale = try reader.word(at: storage &+ 32) & 0xff
        guard scale < 40, count <= UInt64(1) << scale else {
            throw .unsupported("a hash table storage claiming \(count) entries in 2^\(scale) buckets")
        }
        loaded.length = Int64(count)
        let keys = try reader.word(at: storage &+ 48)
        let values = valueType == nil ? 0 : try reader.word(at: storage &+ 56)
        let bitmap = storage &+ (valueType == nil ? 56 : 64)
        let keyStride = value.types.stride(of: .swift(key))
        let valueStride = valueType.map { value.types.stride(of: .swift($0)) } ?? 0
        let shown = min(Int64(count), Int64(max(config.maxArrayValues, 0)))
        let buckets = UInt64(1) << scale
        var found: Int64 = 0
        var errors = 0
        var word: UInt64 = 0
        for bucket in 0..<buckets where found < shown {
            if bucket % 64 == 0 { word = try reader.word(at: bitmap &+ bucket / 64 * 8) }
            guard word & (1 << (bucket % 64)) != 0 else { continue }
            found += 1
            let keyValue = Value(type: .swift(key), location: .memory(keys &+ bucket &* keyStride), context: value.context)
            let loadedKey = load(keyValue, level: level + 1, depth: depth + 1)
            if loadedKey.unreadable != nil { errors += 1 }
            loaded.children.append(loadedKey)
            if let valueType {
                let entry = Value(type: .swift(valueType), location: .memory(values &+ bucket &* valueStride), context: value.context)
                loaded.children.append(load(entry, level: level + 1, depth: depth + 1))
            }
            if errors > Self.maxErrors || budget.isSpent { break }
        }
    }

    private func loadElements(count: Int64, level: Int, depth: Int, into loaded: inout LoadedValue, element: (Int64) -> Value) throws(ValueError) {
        var errors = 0
        for index in 0..<count {
            let child = load(element(index), level: level + 1, depth: depth + 1)
            if child.unreadable != nil { errors += 1 }
            loaded.children.append(child)
            if errors > Self.maxErrors || budget.isSpent { break }
        }
    }

    // MARK: Classes

    /// A class instance: its dynamic class (from its metadata), its stored properties from
    /// the root class down, each at the offset the metadata records.
    func loadSwiftObject(at object: UInt64, context: ValueContext, level: Int, depth: Int, into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .pointer
        loaded.length = 1
        guard object != 0 else { return }
        let reader = SwiftMetadataReader(memory: context.memory)
        let metadata = try reader.word(at: object)
        let dynamicType = try reader.typeName(ofMetadata: metadata)
        var instance = LoadedValue(
            address: object, type: dynamicType.displayName, realType: dynamicType.unsugaredDemangledDescription, kind: .struct)
        instance.isSwift = true
        guard level <= config.maxVariableRecurse else {
            instance.onlyAddress = true
            loaded.children = [instance]
            return
        }
        guard let swift = context.types.swift else { throw .unsupported("no Swift metadata in this binary") }
        for (classMetadata, descriptorAddress) in try reader.classChain(of: metadata) {
            let (className, _) = try reader.nominal(atDescriptor: descriptorAddress)
            guard let (declaring, descriptor) = swift.declaration(of: className.description) else {
                throw .unsupported("no reflection metadata for \(className) in the program's binaries")
            }
            // A generic class's fields name its parameters: bound in its metadata.
            let arguments = try reader.genericArguments(ofClassMetadata: classMetadata, descriptor: descriptorAddress)
            for (index, field) in descriptor.fields.enumerated() where !field.isArtificial {
                guard let mangled = field.type else { continue }
                let offset = try reader.word(at: classMetadata &+ UInt64(descriptor.fieldOffsetVectorOffset + index) * 8)
                let type = try declaring.typeName(mangled).substituting(arguments)
                let part = Value(type: .swift(type), location: .memory(object &+ offset), context: context, name: field.name)
                instance.children.append(load(part, level: level + 1, depth: depth + 1))
                if budget.isSpent { break }
            }
        }
        instance.length = Int64(instance.children.count)
        loaded.children = [instance]
    }

    // MARK: Enums

    private func loadSwiftEnum(
        _ value: Value, layout: SwiftEnumLayout, name: SwiftTypeName, level: Int, depth: Int, into loaded: inout LoadedValue
    ) throws(ValueError) {
        loaded.kind = .struct
        let bytes = try value.bytes()[...]
        let caseIndex = try SwiftEnumDecoder(layout: layout).caseIndex(in: bytes)
        guard caseIndex < layout.cases.count else { throw .unsupported("case \(caseIndex) of an enum with \(layout.cases.count)") }
        let enumCase = layout.cases[caseIndex]
        loaded.value = enumCase.name
        guard let payloadType = enumCase.payload else { return }
        var payload = value.part(at: 0, type: .swift(payloadType), name: "")
        var payloadBytes: [UInt8]?
        if case .multiPayloadSpareBits(let payloadSize, _, let spareBits) = layout.strategy {
            // The tag shares bytes with the payload: the payload is what is left without it.
            var cleared = Array(bytes.prefix(payloadSize))
            for index in cleared.indices where index < spareBits.count { cleared[index] &= ~spareBits[index] }
            payloadBytes = cleared
            if !enumCase.isIndirect, let size = value.types.size(of: .swift(payloadType)), Int(size) <= cleared.count {
                payload = Value(type: .swift(payloadType), location: .bytes(Array(cleared.prefix(Int(size)))), context: value.context)
            }
        }
        if enumCase.isIndirect {
            // The box: a heap object whose payload follows its header, at its alignment.
            let box: UInt64
            if let payloadBytes { box = littleEndianValue(payloadBytes.prefix(8)) } else { box = try value.pointerValue() }
            let alignment = UInt64(max((try? value.types.swift?.layout(of: payloadType))?.alignment ?? 8, 1))
            let start = (Self.swiftHeapHeader + alignment - 1) / alignment * alignment
            payload = Value(type: .swift(payloadType), location: .memory(box &+ start), context: value.context)
        }
        // Associated values show as the case's own: `card(number: "4111", expiry: 2029)`.
        if case .tuple = payloadType, case .swift(let tupleLayout, _) = payload.shape, case .record(let fields) = tupleLayout.kind {
            loaded.length = Int64(fields.count)
            for field in fields {
                let part = payload.part(at: UInt64(field.offset), type: .swift(field.type), name: field.name)
                loaded.children.append(load(part, level: level + 1, depth: depth + 1))
            }
        } else {
            loaded.length = 1
            loaded.children = [load(payload, level: level, depth: depth + 1)]
        }
    }

    // MARK: Existentials

    /// `any P`: the dynamic type's metadata (after the three-word buffer) says what the value
    /// is; the value sits in the buffer when it fits, else in a box the buffer points to.
    private func loadSwiftExistential(_ value: Value, isClassBound: Bool, level: Int, depth: Int, into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .interface
        let reader = SwiftMetadataReader(memory: value.context.memory)
        if isClassBound {
            var object = LoadedValue(name: "data")
            try loadSwiftObject(at: try value.pointerValue(), context: value.context, level: level, depth: depth, into: &object)
            object.isSwift = true
            loaded.children = [object]
            return
        }
        guard case .memory(let address) = value.location else { throw .unsupported("an existential not in memory") }
        let metadata = try reader.word(at: address &+ 24)
        guard metadata != 0 else { return }
        if try reader.isClass(metadata) {
            var object = LoadedValue(name: "data")
            object.isSwift = true
            try loadSwiftObject(at: try reader.word(at: address), context: value.context, level: level, depth: depth, into: &object)
            loaded.children = [object]
            return
        }
        let dynamicType = try reader.typeName(ofMetadata: metadata)
        let flags = try reader.valueWitnessFlags(ofMetadata: metadata)
        var start = address
        if !flags.isInline {
            start = try reader.word(at: address) &+ flags.aligned(Self.swiftHeapHeader)
        }
        let inner = Value(type: .swift(dynamicType), location: .memory(start), context: value.context, name: "data")
        loaded.children = [load(inner, level: level, depth: depth + 1)]
    }

    /// `any Error`: a reference to a box whose header is followed by the value's metadata and
    /// its Error conformance, then the value at its alignment; a class instance is the box.
    private func loadSwiftBoxedError(_ value: Value, level: Int, depth: Int, into loaded: inout LoadedValue) throws(ValueError) {
        loaded.kind = .interface
        let box = try value.pointerValue()
        guard box != 0 else { return }
        let reader = SwiftMetadataReader(memory: value.context.memory)
        let metadata = try reader.word(at: box &+ Self.swiftHeapHeader)
        if try reader.isClass(metadata) {
            var object = LoadedValue(name: "data")
            object.isSwift = true
            try loadSwiftObject(at: try reader.word(at: box &+ Self.swiftHeapHeader &+ 16), context: value.context, level: level,
                                depth: depth, into: &object)
            loaded.children = [object]
            return
        }
        let dynamicType = try reader.typeName(ofMetadata: metadata)
        let start = box &+ (try reader.valueWitnessFlags(ofMetadata: metadata)).aligned(Self.swiftHeapHeader + 16)
        let inner = Value(type: .swift(dynamicType), location: .memory(start), context: value.context, name: "data")
        loaded.children = [load(inner, level: level, depth: depth + 1)]
    }
}
