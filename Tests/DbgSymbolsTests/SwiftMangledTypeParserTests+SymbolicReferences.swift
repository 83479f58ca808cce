import DbgSymbols
import DbgTestSupport
import Testing

/// Symbolic references in the reflection metadata of the `values` fixture: `\u{1}` and a 32-bit
/// offset from the offset's own address to a context descriptor.
extension SwiftMangledTypeParserTests {
    /// A resolver that records what it is asked and names the context descriptor at the target
    /// (read from the binary), refusing indirect references.
    final class RecordingResolver {
        let metadata: SwiftReflectionMetadata
        var requests: [(kind: UInt8, target: UInt64)] = []

        init(_ metadata: SwiftReflectionMetadata) { self.metadata = metadata }

        var parser: SwiftMangledTypeParser {
            SwiftMangledTypeParser { [self] kind, target in
                requests.append((kind, target))
                return kind == 1 ? metadata.nominalName(ofDescriptorAt: target) : nil
            }
        }
    }

    /// The target a name's leading symbolic reference points to, decoded here from the bytes:
    /// the offset's address (`address` + 1) plus the offset.
    static func symbolicTarget(of name: [UInt8], at address: UInt64) -> UInt64? {
        guard name.count >= 5, name[0] == 1 else { return nil }
        let offset = name[1...4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return address + 1 &+ UInt64(bitPattern: Int64(Int32(bitPattern: offset)))
    }

    /// Each field descriptor names its type with a symbolic reference to the type's descriptor
    /// (one that `swift5_type_metadata` lists); the superclass of `Dog` points to the descriptor that
    /// `Animal`'s field descriptor points to; the fields' types parse to what the source says.
    @Test func fieldDescriptorsAndTheirFieldsParseWithTheirSymbolicReferences() throws {
        let metadata = try SwiftReflectionMetadata(binary: try Fixtures.binary("swift/values"))
        let typeDescriptors = try metadata.listedDescriptors(in: "swift5_type_metadata")
        let resolver = RecordingResolver(metadata)
        let parser = resolver.parser
        var descriptorOfType: [String: UInt64] = [:]
        var superclassTargets: [String: UInt64] = [:]
        var fieldTypes: [String: String] = [:]
        for descriptor in try metadata.fieldDescriptors() {
            guard let nameAddress = descriptor.typeNameAddress else { continue }
            let name = try metadata.mangledName(at: nameAddress)
            resolver.requests = []
            let typeName = try parser.parse(name, baseAddress: nameAddress).demangledDescription
            if let expected = Self.symbolicTarget(of: name, at: nameAddress) {
                #expect(resolver.requests.map(\.target) == [expected], "\(typeName)")
                #expect(resolver.requests.map(\.kind) == [1])
                #expect(
                    typeDescriptors.contains(expected), "\(typeName): 0x\(String(expected, radix: 16)) is no listed descriptor")
                descriptorOfType[typeName] = expected
            }
            if let superclassAddress = descriptor.superclassNameAddress {
                let superclass = try metadata.mangledName(at: superclassAddress)
                let superclassType = try parser.parse(superclass, baseAddress: superclassAddress)
                fieldTypes[typeName + " superclass"] = superclassType.demangledDescription
                superclassTargets[typeName] = Self.symbolicTarget(of: superclass, at: superclassAddress)
            }
            for field in descriptor.fields {
                guard let fieldTypeAddress = field.typeNameAddress else { continue }
                let fieldType = try metadata.mangledName(at: fieldTypeAddress)
                let type = try parser.parse(fieldType, baseAddress: fieldTypeAddress)
                fieldTypes[typeName + "." + field.name] = type.demangledDescription
            }
        }
        #expect(Set(descriptorOfType.keys) == ["values.Point", "values.Animal", "values.Dog", "values.Payment", "values.Stack"])
        #expect(superclassTargets["values.Dog"] != nil && superclassTargets["values.Dog"] == descriptorOfType["values.Animal"])
        #expect(fieldTypes == [
            "values.Point.x": "Swift.Int", "values.Point.y": "Swift.Int",
            "values.Animal.name": "Swift.String", "values.Animal.legs": "Swift.Int",
            "values.Dog superclass": "values.Animal", "values.Dog.tricks": "[Swift.String]",
            "values.Payment.card": "(number: Swift.String, expiry: Swift.Int)",
            "values.Payment.voucher": "(code: Swift.String, value: Swift.Double)",
            "values.Stack.items": "[A]",
        ])
    }

    /// Every name in `swift5_typeref` parses, the symbolic ones through the resolver: among them
    /// a reference followed by generic arguments (`values.Stack<Swift.String>`) and a reference
    /// to a protocol descriptor followed by `_p` (`values.Describable`).
    @Test func everyTypeReferenceOfTheReflectionMetadataParses() throws {
        let metadata = try SwiftReflectionMetadata(binary: try Fixtures.binary("swift/values"))
        let protocolDescriptors = try metadata.listedDescriptors(in: "swift5_protocols")
        let section = try metadata.section("swift5_typeref")
        let bytes = metadata.bytesToEndOfSection(from: section.address.value, atMost: Int(section.size))
        let resolver = RecordingResolver(metadata)
        var symbolic: [String] = []
        var start = 0
        while start < bytes.count, let end = SwiftMangledTypeParser.endOfMangledName(in: bytes, from: start) {
            defer { start = end + 1 }
            guard end > start else { continue }
            let address = section.address.value + UInt64(start)
            resolver.requests = []
            let type = try resolver.parser.parse(Array(bytes[start..<end]), baseAddress: address)
            if let expected = Self.symbolicTarget(of: Array(bytes[start..<end]), at: address) {
                #expect(resolver.requests.first?.target == expected)
                symbolic.append(type.demangledDescription)
                if type.demangledDescription == "values.Describable" {
                    #expect(protocolDescriptors.contains(expected))
                }
            }
        }
        #expect(start >= bytes.count - 1, "a name runs past the section")
        #expect(symbolic.contains("values.Stack<Swift.String>"))
        #expect(symbolic.contains("values.Describable"))
        #expect(symbolic.contains("values.Point"))
    }

    /// The symbolic reference's target is computed from `baseAddress` and the reference's place
    /// in the bytes (after a `$s` prefix too); a refused or missing resolver throws.
    @Test func symbolicReferenceTargetsAndRefusals() throws {
        var asked: [(UInt8, UInt64)] = []
        let parser = SwiftMangledTypeParser { kind, target in
            asked.append((kind, target))
            return SwiftNominalName(kind: .structure, path: ["m", "S"])
        }
        // -4 from the offset at 0x1000 + 3 ("$s" and the control byte before it).
        let type = try parser.parse(Array("$s".utf8) + [1, 0xFC, 0xFF, 0xFF, 0xFF] + Array("SgD".utf8), baseAddress: 0x1000)
        #expect(type.demangledDescription == "m.S?")
        #expect(asked.count == 1 && asked.first?.0 == 1 && asked.first?.1 == 0x1003 - 4)
        // A substitution refers back to the resolved type without asking again.
        let pair = try parser.parse([2, 0x10, 0, 0, 0] + Array("_AAt".utf8), baseAddress: 0x2000)
        #expect(pair.demangledDescription == "(m.S, m.S)")
        #expect(asked.count == 2 && asked.last?.0 == 2 && asked.last?.1 == 0x2001 + 0x10)

        let refusing = SwiftMangledTypeParser { _, _ in nil }
        #expect(throws: SwiftMangledTypeParser.Failure.self) { try refusing.parse([1, 0, 0, 0, 0]) }
        #expect(throws: SwiftMangledTypeParser.Failure.self) { try SwiftMangledTypeParser().parse([1, 0, 0, 0, 0]) }
        #expect(throws: SwiftMangledTypeParser.Failure.self) { try parser.parse([9, 0, 0, 0, 0]) }
        #expect(throws: SwiftMangledTypeParser.Failure.self) { try parser.parse("\u{1}\u{4}\u{0}\u{0}\u{0}") }
    }
}
