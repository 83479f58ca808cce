import DbgSymbols

/// Reads what the Swift runtime keeps in the program's memory about a value's dynamic type:
/// type metadata (a class instance's, an existential's) and the context descriptors it
/// points to. Everything read is the program's and untrusted: chains are bounded, and a
/// metadata record dbg does not understand is an error on that value.
struct SwiftMetadataReader {
    let memory: any TargetMemory

    static let depthLimit = 8
    static let chainLimit = 32

    // Metadata kinds (MetadataKind in the runtime's ABI); a class's kind word is 0 on Linux.
    static let structKind: UInt64 = 0x200
    static let enumKind: UInt64 = 0x201
    static let optionalKind: UInt64 = 0x202
    static let tupleKind: UInt64 = 0x301
    static let lastEnumeratedKind: UInt64 = 0x7ff

    /// What the value witness table (the word before a type's metadata) says of its values:
    /// whether one fits an existential's inline buffer, and its alignment.
    struct ValueWitnessFlags {
        var bits: UInt64
        var isInline: Bool { bits & 0x20000 == 0 }
        /// `offset` rounded up to the values' alignment.
        func aligned(_ offset: UInt64) -> UInt64 {
            let mask = bits & 0xff
            return (offset + mask) & ~mask
        }
    }

    func valueWitnessFlags(ofMetadata metadata: UInt64) throws(ValueError) -> ValueWitnessFlags {
        let witnesses = try word(at: metadata &- 8)
        return ValueWitnessFlags(bits: try word(at: witnesses &+ 80) & 0xffff_ffff)
    }

    func word(at address: UInt64) throws(ValueError) -> UInt64 {
        do {
            return littleEndianValue(try memory.read(at: address, count: 8))
        } catch {
            throw ValueError(reading: error)
        }
    }

    private func u32(at address: UInt64) throws(ValueError) -> UInt32 {
        do {
            return UInt32(truncatingIfNeeded: littleEndianValue(try memory.read(at: address, count: 4)))
        } catch {
            throw ValueError(reading: error)
        }
    }

    /// The target of the 32-bit relative pointer at `address` (nil for none).
    private func relative(at address: UInt64) throws(ValueError) -> UInt64? {
        let raw = try u32(at: address)
        guard raw != 0 else { return nil }
        return address &+ UInt64(bitPattern: Int64(Int32(bitPattern: raw)))
    }

    /// Whether the metadata at `address` is a class's.
    func isClass(_ metadata: UInt64) throws(ValueError) -> Bool {
        let kind = try word(at: metadata)
        return kind == 0 || kind > Self.lastEnumeratedKind
    }

    /// The type the metadata at `address` describes.
    func typeName(ofMetadata address: UInt64, depth: Int = 0) throws(ValueError) -> SwiftTypeName {
        guard depth < Self.depthLimit else { throw .unsupported("type metadata nested too deeply") }
        let kind = try word(at: address)
        switch kind {
        case Self.structKind, Self.enumKind, Self.optionalKind:
            let descriptor = try word(at: address &+ 8)
            let (name, parameterCount) = try nominal(atDescriptor: descriptor)
            // A value type's generic arguments follow its descriptor pointer.
            var arguments: [SwiftTypeName] = []
            for index in 0..<UInt64(parameterCount) {
                arguments.append(try typeName(ofMetadata: try word(at: address &+ 16 &+ index * 8), depth: depth + 1))
            }
            return .nominal(name, arguments: arguments)
        case Self.tupleKind:
            let count = try word(at: address &+ 8)
            guard count <= 64 else { throw .unsupported("a tuple of \(count) elements") }
            let labels = try word(at: address &+ 16)
            var elements: [SwiftTupleElement] = []
            let labelList = labels == 0 ? [] : try cString(at: labels).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for index in 0..<count {
                let element = try typeName(ofMetadata: try word(at: address &+ 24 &+ index * 16), depth: depth + 1)
                let label = Int(index) < labelList.count && !labelList[Int(index)].isEmpty ? labelList[Int(index)] : nil
                elements.append(SwiftTupleElement(label: label, type: element))
            }
            return .tuple(elements)
        default:
            guard kind == 0 || kind > Self.lastEnumeratedKind else {
                throw .unsupported("type metadata of kind 0x\(String(kind, radix: 16)) is not read yet")
            }
            // Class metadata (Linux, no Objective-C): kind, superclass, flags and sizes, then
            // the class's descriptor at 40.
            let descriptor = try word(at: address &+ 40)
            let (name, _) = try nominal(atDescriptor: descriptor)
            return .nominal(name, arguments: try genericArguments(ofClassMetadata: address, descriptor: descriptor, depth: depth))
        }
    }

    /// A class's chain from the root down to the class of `metadata`: each class's metadata
    /// and descriptor address.
    func classChain(of metadata: UInt64) throws(ValueError) -> [(metadata: UInt64, descriptor: UInt64)] {
        var chain: [(metadata: UInt64, descriptor: UInt64)] = []
        var current = metadata
        while current != 0 {
            guard chain.count < Self.chainLimit else { throw .unsupported("a class hierarchy deeper than \(Self.chainLimit)") }
            guard try isClass(current) else { throw .unsupported("a superclass whose metadata is not a class's") }
            chain.append((current, try word(at: current &+ 40)))
            current = try word(at: current &+ 8)
        }
        return chain.reversed()
    }

    /// The generic arguments of a class's metadata: the first of the class's own words, which
    /// start at its descriptor's positive size less its own members (a class whose superclass
    /// is resilient places them elsewhere: not read).
    func genericArguments(ofClassMetadata metadata: UInt64, descriptor: UInt64, depth: Int = 0) throws(ValueError) -> [SwiftTypeName] {
        let (_, count) = try nominal(atDescriptor: descriptor)
        guard count > 0 else { return [] }
        guard count <= 16 else { throw .unsupported("a class with \(count) generic parameters") }
        let positiveSize = UInt64(try u32(at: descriptor &+ 28))
        let ownMembers = UInt64(try u32(at: descriptor &+ 32))
        guard ownMembers <= positiveSize, positiveSize < 1 << 16 else { throw .unsupported("a class descriptor's sizes do not add up") }
        var arguments: [SwiftTypeName] = []
        for index in 0..<UInt64(count) {
            let argument = try word(at: metadata &+ (positiveSize - ownMembers + index) * 8)
            arguments.append(try typeName(ofMetadata: argument, depth: depth + 1))
        }
        return arguments
    }

    /// The name of the type whose context descriptor is at `address`, and how many generic
    /// parameters it has.
    func nominal(atDescriptor address: UInt64) throws(ValueError) -> (SwiftNominalName, Int) {
        let flags = try u32(at: address)
        let kind: SwiftNominalName.Kind
        let genericHeader: UInt64
        switch flags & 0x1f {
        case 16: kind = .classType; genericHeader = address &+ 44
        case 17: kind = .structure; genericHeader = address &+ 28
        case 18: kind = .enumeration; genericHeader = address &+ 28
        default: throw .unsupported("a type descriptor of kind \(flags & 0x1f)")
        }
        var parameters = 0
        if flags & 0x80 != 0 {
            parameters = Int(try u32(at: genericHeader &+ 8) & 0xffff)
        }
        return (SwiftNominalName(kind: kind, path: try contextPath(of: address)), parameters)
    }

    /// Names from the module down to the context at `address`; anonymous contexts and
    /// extensions add none.
    private func contextPath(of address: UInt64) throws(ValueError) -> [String] {
        var names: [String] = []
        var current = address
        for _ in 0..<Self.chainLimit {
            let flags = try u32(at: current)
            switch flags & 0x1f {
            case 0, 3, 16, 17, 18:
                guard let nameAddress = try relative(at: current &+ 8) else { throw .unsupported("a type descriptor without a name") }
                names.append(try cString(at: nameAddress))
                if flags & 0x1f == 0 { return names.reversed() }
            default:
                break
            }
            // The parent: a relative pointer, indirect when its low bit is set.
            let raw = try u32(at: current &+ 4)
            guard raw != 0 else { throw .unsupported("a type descriptor outside any module") }
            let target = (current &+ 4) &+ UInt64(bitPattern: Int64(Int32(bitPattern: raw & ~1)))
            current = raw & 1 != 0 ? try word(at: target) : target
        }
        throw .unsupported("type descriptors nested too deeply")
    }

    /// A NUL-terminated name of at most 256 bytes.
    private func cString(at address: UInt64) throws(ValueError) -> String {
        var bytes: [UInt8] = []
        var cursor = address
        while bytes.count < 256 {
            let chunk: [UInt8]
            do {
                chunk = try memory.read(at: cursor, count: 16)
            } catch {
                throw ValueError(reading: error)
            }
            if let nul = chunk.firstIndex(of: 0) {
                bytes += chunk[..<nul]
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes += chunk
            cursor &+= 16
        }
        throw .unsupported("a type name longer than 256 bytes")
    }
}
