/// The Swift reflection metadata of one binary: its type descriptors (from `swift5_types`,
/// spelled `swift5_type_metadata` in ELF) with their field descriptors, and the layouts it
/// records for types reflection cannot lay out alone (`swift5_builtin`). Read once, from the
/// file; every address is the binary's own (add the load bias for the running program's).
///
/// The binary is untrusted input: a descriptor that does not read is left out, and nothing
/// here follows a chain further than `chainLimit` steps.
public final class SwiftReflection: Sendable {
    /// Type descriptors by their address.
    public let descriptors: [UInt64: SwiftTypeDescriptor]
    /// Type descriptors by name (`values.Point`).
    private let descriptorsByName: [String: UInt64]
    /// `swift5_builtin` records, by the mangled name's bytes (symbolic references resolved
    /// to the descriptor they name: see `builtinKey`).
    private let builtinLayouts: [BuiltinKey: SwiftBuiltinLayout]
    /// Multi-payload enums whose tag lives in their payloads' spare bits (`swift5_mpenum`):
    /// the mask, by the enum's descriptor address.
    public let payloadSpareBits: [UInt64: SpareBits]
    /// Protocols the field metadata names (their mangled names), and whether each is
    /// class-bound (its existentials are a reference and witness tables, no inline buffer).
    public let protocols: [(name: SwiftMangledName, isClassBound: Bool)]
    /// What indirect symbolic references (`\u{2}` and a pointer slot) point at, by slot: the
    /// slot's dynamic relocation says, before the program runs (a symbol of another binary,
    /// `$ss4Int8VMn`, or an address of this one).
    public let indirectTargets: [UInt64: IndirectTarget]
    let image: LoadedImageBytes

    public enum IndirectTarget: Sendable, Hashable {
        /// A descriptor in another binary, by its symbol's name.
        case symbol(String)
        /// A descriptor in this binary.
        case address(UInt64)
    }

    static let chainLimit = 32
    static let fieldLimit = 1 << 16

    public struct SpareBits: Sendable, Hashable {
        /// The mask's first byte's offset in the payload.
        public var byteOffset: Int
        public var mask: [UInt8]
    }

    enum BuiltinKey: Hashable {
        case descriptor(UInt64)
        case mangled([UInt8])
    }

    /// The reflection metadata of `elf`, nil when it has none (not a Swift binary).
    public static func read(_ elf: ELFFile) -> SwiftReflection? {
        guard let types = elf.section(named: "swift5_type_metadata") ?? elf.section(named: "swift5_types") else { return nil }
        return SwiftReflection(elf: elf, types: types)
    }

    private init(elf: ELFFile, types: ELFSection) {
        let image = LoadedImageBytes(elf: elf)
        self.image = image
        var descriptors: [UInt64: SwiftTypeDescriptor] = [:]
        var byName: [String: UInt64] = [:]
        let recordCount = min(Int(types.size / 4), Self.fieldLimit * 16)
        for record in 0..<recordCount {
            let slot = types.address.value &+ UInt64(record * 4)
            // TypeMetadataRecord: a relative pointer whose low two bits say direct (0) or
            // indirect (1); indirect ones point into another binary.
            guard let raw = image.u32(at: slot), raw & 3 == 0 else { continue }
            let target = slot &+ UInt64(bitPattern: Int64(Int32(bitPattern: raw)))
            guard let descriptor = Self.readDescriptor(at: target, image: image) else { continue }
            descriptors[target] = descriptor
            byName[descriptor.name.description] = target
        }
        self.descriptors = descriptors
        self.descriptorsByName = byName
        var builtins: [BuiltinKey: SwiftBuiltinLayout] = [:]
        if let section = elf.section(named: "swift5_builtin") {
            for record in 0..<min(Int(section.size / 20), Self.fieldLimit) {
                let base = section.address.value &+ UInt64(record * 20)
                guard let nameAddress = image.relativeTarget(at: base),
                      let name = image.mangledName(at: nameAddress),
                      let size = image.u32(at: base &+ 4), let alignmentAndFlags = image.u32(at: base &+ 8),
                      let stride = image.u32(at: base &+ 12), let extraInhabitants = image.u32(at: base &+ 16)
                else { continue }
                let layout = SwiftBuiltinLayout(
                    size: Int(size), alignment: Int(alignmentAndFlags & 0xffff), stride: Int(stride),
                    extraInhabitantCount: Int(extraInhabitants), isBitwiseTakable: alignmentAndFlags & 0x10000 != 0)
                builtins[Self.builtinKey(SwiftMangledName(bytes: name, address: nameAddress), image: image)] = layout
            }
        }
        self.builtinLayouts = builtins
        var spareBits: [UInt64: SpareBits] = [:]
        if let section = elf.section(named: "swift5_mpenum") {
            var cursor = section.address.value
            let end = section.address.value &+ section.size
            var records = 0
            while cursor < end, records < Self.fieldLimit {
                records += 1
                // MultiPayloadEnumDescriptor: the name, then a header word (size in words,
                // this word included, in the high half; flags in the low half, bit 0: the
                // payloads' spare bits hold the tag), then the mask's offset and length.
                guard let header = image.u32(at: cursor &+ 4) else { break }
                let words = Int(header >> 16)
                guard words >= 1 else { break }
                if header & 1 != 0, let nameAddress = image.relativeTarget(at: cursor),
                   let name = image.mangledName(at: nameAddress),
                   case .descriptor(let descriptor) = Self.builtinKey(SwiftMangledName(bytes: name, address: nameAddress), image: image),
                   let maskInfo = image.u32(at: cursor &+ 8),
                   let mask = image.bytes(at: cursor &+ 12, count: Int(maskInfo & 0xffff))
                {
                    spareBits[descriptor] = SpareBits(byteOffset: Int(maskInfo >> 16), mask: Array(mask))
                }
                cursor = cursor &+ 4 &+ UInt64(words * 4)
            }
        }
        self.payloadSpareBits = spareBits
        var protocols: [(name: SwiftMangledName, isClassBound: Bool)] = []
        if let section = elf.section(named: "swift5_fieldmd") {
            var cursor = section.address.value
            let end = section.address.value &+ section.size
            var records = 0
            // FieldDescriptor: name, superclass, kind (u16), record size (u16), count (u32),
            // then the records. Kinds 4 and 5: a protocol, a class-bound protocol.
            while cursor < end, records < Self.fieldLimit {
                records += 1
                guard let kind = image.u16(at: cursor &+ 8), let recordSize = image.u16(at: cursor &+ 10),
                      let count = image.u32(at: cursor &+ 12), count <= Self.fieldLimit
                else { break }
                if kind == 4 || kind == 5, let nameAddress = image.relativeTarget(at: cursor),
                   let name = image.mangledName(at: nameAddress)
                {
                    protocols.append((SwiftMangledName(bytes: name, address: nameAddress), kind == 5))
                }
                cursor = cursor &+ 16 &+ UInt64(count) &* UInt64(recordSize)
            }
        }
        self.protocols = protocols
        self.indirectTargets = Self.readRelocations(elf: elf, image: image)
    }

    /// The dynamic relocations of pointer slots: R_X86_64_64 and GLOB_DAT name a symbol,
    /// RELATIVE an address of this binary (its addend).
    private static func readRelocations(elf: ELFFile, image: LoadedImageBytes) -> [UInt64: IndirectTarget] {
        guard let relocations = elf.section(named: ".rela.dyn"), let symbols = elf.section(named: ".dynsym"),
              let names = elf.section(named: ".dynstr")
        else { return [:] }
        var targets: [UInt64: IndirectTarget] = [:]
        for index in 0..<min(relocations.size / 24, UInt64(fieldLimit) * 16) {
            let entry = relocations.address.value &+ index * 24
            guard let offset = image.u64(at: entry), let info = image.u64(at: entry &+ 8), let addend = image.u64(at: entry &+ 16)
            else { break }
            switch info & 0xffff_ffff {
            case 8:  // R_X86_64_RELATIVE
                targets[offset] = .address(addend)
            case 1, 6:  // R_X86_64_64, R_X86_64_GLOB_DAT
                let symbol = symbols.address.value &+ (info >> 32) &* 24
                guard let nameOffset = image.u32(at: symbol),
                      let name = image.cString(at: names.address.value &+ UInt64(nameOffset)), name.hasPrefix("$s")
                else { continue }
                targets[offset] = .symbol(name)
            default:
                continue
            }
        }
        return targets
    }

    public func descriptor(named name: String) -> SwiftTypeDescriptor? {
        descriptorsByName[name].flatMap { descriptors[$0] }
    }

    /// The nominal type or protocol whose context descriptor is at `address`, read from the
    /// descriptor itself (a symbolic reference to a type not listed in `swift5_types`).
    public func contextName(at address: UInt64) -> SwiftNominalName? {
        guard let flags = image.u32(at: address), let kind = ContextKind(rawValue: flags & 0x1f),
              let path = Self.contextPath(of: address, image: image)
        else { return nil }
        switch kind {
        case .struct: return SwiftNominalName(kind: .structure, path: path)
        case .class: return SwiftNominalName(kind: .classType, path: path)
        case .enum: return SwiftNominalName(kind: .enumeration, path: path)
        case .protocol: return SwiftNominalName(kind: .protocolType, path: path)
        default: return nil
        }
    }

    /// The layout `swift5_builtin` records for the type `name` names, if any.
    public func builtinLayout(of name: SwiftMangledName) -> SwiftBuiltinLayout? {
        builtinLayouts[Self.builtinKey(name, image: image)]
    }

    /// The builtin record of the type whose descriptor is at `address`.
    public func builtinLayout(ofDescriptorAt address: UInt64) -> SwiftBuiltinLayout? {
        builtinLayouts[.descriptor(address)]
    }

    /// A name that is one direct symbolic reference is keyed by what it refers to (the same
    /// type is named from many places); any other by its bytes.
    private static func builtinKey(_ name: SwiftMangledName, image: LoadedImageBytes) -> BuiltinKey {
        if name.bytes.count == 5, name.bytes[0] == 1, let target = image.relativeTarget(at: name.address &+ 1) {
            return .descriptor(target)
        }
        return .mangled(name.bytes)
    }

    // MARK: Descriptors

    enum ContextKind: UInt32 {
        case module = 0, `extension` = 1, anonymous = 2, `protocol` = 3, opaqueType = 4
        case `class` = 16, `struct` = 17, `enum` = 18
    }

    /// The context descriptor at `address` (a struct, class or enum), nil when it is none.
    static func readDescriptor(at address: UInt64, image: LoadedImageBytes) -> SwiftTypeDescriptor? {
        guard let flags = image.u32(at: address), let kind = ContextKind(rawValue: flags & 0x1f) else { return nil }
        let nominalKind: SwiftNominalName.Kind
        switch kind {
        case .struct: nominalKind = .structure
        case .class: nominalKind = .classType
        case .enum: nominalKind = .enumeration
        default: return nil
        }
        guard let path = contextPath(of: address, image: image) else { return nil }
        let isGeneric = flags & 0x80 != 0
        // The kind's own fields, then (generic types) the generic context header.
        let genericHeader: UInt64
        var payloadCaseCount = 0
        var fieldOffsetVectorOffset = 0
        var superclass: SwiftMangledName?
        switch kind {
        case .struct:
            fieldOffsetVectorOffset = Int(image.u32(at: address &+ 24) ?? 0)
            genericHeader = address &+ 28
        case .enum:
            payloadCaseCount = Int((image.u32(at: address &+ 20) ?? 0) & 0xff_ffff)
            genericHeader = address &+ 28
        default:
            if let nameAddress = image.relativeTarget(at: address &+ 20), let bytes = image.mangledName(at: nameAddress) {
                superclass = SwiftMangledName(bytes: bytes, address: nameAddress)
            }
            fieldOffsetVectorOffset = Int(image.u32(at: address &+ 40) ?? 0)
            genericHeader = address &+ 44
        }
        // The header: instantiation cache and pattern (two relative pointers), then the
        // number of parameters (u16).
        let genericParameterCount = isGeneric ? Int(image.u16(at: genericHeader &+ 8) ?? 0) : 0
        let fields = image.relativeTarget(at: address &+ 16).map { readFields(at: $0, image: image) } ?? []
        return SwiftTypeDescriptor(
            address: address, name: SwiftNominalName(kind: nominalKind, path: path),
            genericParameterCount: genericParameterCount, fields: fields, superclass: superclass,
            payloadCaseCount: payloadCaseCount, fieldOffsetVectorOffset: fieldOffsetVectorOffset)
    }

    /// Names from the module down to the context at `address` (`["values", "Outer", "Inner"]`).
    /// Anonymous contexts (a private type's file) add nothing; an extension's context is the
    /// module it extends from, which is where the type's name begins.
    static func contextPath(of address: UInt64, image: LoadedImageBytes) -> [String]? {
        var names: [String] = []
        var current: UInt64? = address
        for _ in 0..<chainLimit {
            guard let context = current else { return names.reversed() }
            guard let flags = image.u32(at: context), let kind = ContextKind(rawValue: flags & 0x1f) else { return nil }
            switch kind {
            case .module, .class, .struct, .enum, .protocol:
                guard let nameAddress = image.relativeTarget(at: context &+ 8), let name = image.cString(at: nameAddress)
                else { return nil }
                names.append(name)
                if kind == .module { return names.reversed() }
            case .anonymous, .extension, .opaqueType:
                break
            }
            current = parent(of: context, image: image)
            if current == nil { return nil }
        }
        return nil
    }

    /// A context's parent: a relative pointer whose low bit says it points to a pointer (to
    /// a context in another binary, filled in at load: not followed).
    private static func parent(of context: UInt64, image: LoadedImageBytes) -> UInt64? {
        guard let raw = image.u32(at: context &+ 4), raw != 0, raw & 1 == 0 else { return nil }
        return (context &+ 4) &+ UInt64(bitPattern: Int64(Int32(bitPattern: raw)))
    }

    private static func readFields(at address: UInt64, image: LoadedImageBytes) -> [SwiftTypeDescriptor.Field] {
        guard let recordSize = image.u16(at: address &+ 10), recordSize >= 12,
              let count = image.u32(at: address &+ 12), count <= fieldLimit
        else { return [] }
        var fields: [SwiftTypeDescriptor.Field] = []
        for index in 0..<UInt64(count) {
            let record = address &+ 16 &+ index * UInt64(recordSize)
            guard let flags = image.u32(at: record) else { break }
            var type: SwiftMangledName?
            if let typeAddress = image.relativeTarget(at: record &+ 4), let bytes = image.mangledName(at: typeAddress) {
                type = SwiftMangledName(bytes: bytes, address: typeAddress)
            }
            let name = image.relativeTarget(at: record &+ 8).flatMap { image.cString(at: $0) } ?? ""
            fields.append(
                SwiftTypeDescriptor.Field(
                    name: name, type: type, isIndirect: flags & 1 != 0, isVariable: flags & 2 != 0, isArtificial: flags & 4 != 0))
        }
        return fields
    }
}
