import DbgSymbols
import DbgTestSupport

/// The reflection metadata of a Swift binary, read from its file the way the runtime reads it
/// (swift/ABI/Metadata.h): field descriptors (`swift5_fieldmd`), the type and protocol
/// descriptor lists (`swift5_type_metadata`, `swift5_protocols`) and the context descriptors
/// they point to. Only what `SwiftMangledTypeParserTests` checks symbolic references against.
struct SwiftReflectionMetadata {
    struct FieldDescriptor {
        var address: UInt64
        var typeNameAddress: UInt64?
        var superclassNameAddress: UInt64?
        var fields: [Field]
    }

    struct Field {
        var name: String
        var typeNameAddress: UInt64?
    }

    let file: ELFFile

    init(binary path: String) throws {
        file = try ELFFile.open(path)
    }

    /// Every field descriptor: a header of 16 bytes (type name, superclass name, kind, record
    /// size, field count) and 12-byte records (flags, type name, field name).
    func fieldDescriptors() throws -> [FieldDescriptor] {
        let section = try self.section("swift5_fieldmd")
        var descriptors: [FieldDescriptor] = []
        var address = section.address.value
        let end = section.address.value + section.size
        while address + 16 <= end {
            let recordSize = UInt64(try uint16(at: address + 10))
            let fieldCount = UInt64(try uint32(at: address + 12))
            guard recordSize == 12 else { throw ToolRun.Failure(description: "field record size \(recordSize)") }
            var fields: [Field] = []
            for index in 0..<fieldCount {
                let record = address + 16 + index * recordSize
                let nameAddress = try relativeTarget(at: record + 8)
                fields.append(Field(
                    name: nameAddress.map { cString(at: $0) } ?? "", typeNameAddress: try relativeTarget(at: record + 4)))
            }
            descriptors.append(FieldDescriptor(
                address: address, typeNameAddress: try relativeTarget(at: address),
                superclassNameAddress: try relativeTarget(at: address + 4), fields: fields))
            address += 16 + fieldCount * recordSize
        }
        return descriptors
    }

    /// The context descriptors `swift5_type_metadata` (types) or `swift5_protocols` lists: 32-bit
    /// offsets from each entry, the low two bits a kind (0: direct).
    func listedDescriptors(in sectionName: String) throws -> Set<UInt64> {
        let section = try self.section(sectionName)
        var targets: Set<UInt64> = []
        for entry in stride(from: section.address.value, to: section.address.value + section.size, by: 4) {
            let offset = Int32(bitPattern: try uint32(at: entry))
            guard offset & 3 == 0 else { throw ToolRun.Failure(description: "indirect entry in \(sectionName)") }
            targets.insert(entry &+ UInt64(bitPattern: Int64(offset)))
        }
        return targets
    }

    /// The mangled name at `address`, up to its NUL (stepping over symbolic references).
    func mangledName(at address: UInt64) throws -> [UInt8] {
        let window = bytesToEndOfSection(from: address, atMost: 256)
        guard let end = SwiftMangledTypeParser.endOfMangledName(in: window, from: 0) else {
            throw ToolRun.Failure(description: "no mangled name at 0x\(String(address, radix: 16))")
        }
        return Array(window[..<end])
    }

    /// The nominal type a context descriptor describes, its path read through its parents
    /// (flags, parent offset, name offset: the first three words of every kind used here).
    func nominalName(ofDescriptorAt address: UInt64) -> SwiftNominalName? {
        guard let flags = try? uint32(at: address) else { return nil }
        let kind: SwiftNominalName.Kind
        switch flags & 0x1F {
        case 3: kind = .protocolType
        case 16: kind = .classType
        case 17: kind = .structure
        case 18: kind = .enumeration
        default: return nil
        }
        var path: [String] = []
        var current = address
        for _ in 0..<16 {
            guard let nameAddress = try? relativeTarget(at: current + 8), let currentFlags = try? uint32(at: current)
            else { return nil }
            path.insert(cString(at: nameAddress), at: 0)
            if currentFlags & 0x1F == 0 { return SwiftNominalName(kind: kind, path: path) }  // the module
            guard let parentOffset = try? uint32(at: current + 4), parentOffset & 1 == 0,
                  let parent = try? relativeTarget(at: current + 4)
            else { return nil }
            current = parent
        }
        return nil
    }

    // MARK: - Reading

    func section(_ name: String) throws -> ELFSection {
        guard let section = file.section(named: name) else { throw ToolRun.Failure(description: "no \(name)") }
        return section
    }

    /// The address a 32-bit relative offset at `address` points to; nil for offset 0 (none).
    func relativeTarget(at address: UInt64) throws -> UInt64? {
        let offset = Int32(bitPattern: try uint32(at: address))
        return offset == 0 ? nil : address &+ UInt64(bitPattern: Int64(offset))
    }

    func uint32(at address: UInt64) throws -> UInt32 {
        let bytes = try read(address, 4)
        return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    func uint16(at address: UInt64) throws -> UInt16 {
        let bytes = try read(address, 2)
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }

    func cString(at address: UInt64) -> String {
        let window = bytesToEndOfSection(from: address, atMost: 128)
        return String(decoding: window.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The bytes from `address` to the end of the section that holds it (names may end a
    /// section: a fixed-size read could run past it).
    func bytesToEndOfSection(from address: UInt64, atMost limit: Int) -> [UInt8] {
        guard let section = file.sections.first(where: {
            $0.address.value > 0 && $0.address.value <= address && address < $0.address.value + $0.size
        }) else { return [] }
        let count = min(limit, Int(section.address.value + section.size - address))
        return file.readBytes(at: Address(address), count: count) ?? []
    }

    private func read(_ address: UInt64, _ count: Int) throws -> [UInt8] {
        guard let bytes = file.readBytes(at: Address(address), count: count) else {
            throw ToolRun.Failure(description: "nothing at 0x\(String(address, radix: 16))")
        }
        return bytes
    }
}
