import DbgTestSupport
import Testing
@testable import DbgSymbols

/// Swift's reflection metadata as dbg reads it, against the binary's own symbols (each type
/// descriptor has one, `$s3zoo5PointVMn`) and the fixture's source.
@Suite struct SwiftReflectionTests {
    @Test func everyTypeDescriptorSymbolIsReadWithItsName() throws {
        let path = try Fixtures.binary("swift/zoo")
        let elf = try ELFFile.open(path)
        let reflection = try #require(SwiftReflection.read(elf))
        var checked = 0
        // Defined here (the standard library's are imported: address 0).
        for symbol in elf.symbols where symbol.name.hasSuffix("Mn") && symbol.address.value != 0 {
            // "nominal type descriptor for zoo.Point": structs, classes and enums (V, C, O).
            guard let kind = symbol.name.dropLast(2).last, "VCO".contains(kind),
                  let demangled = SwiftDemangler.demangle(symbol.name),
                  let name = demangled.split(separator: " ").last
            else { continue }
            let descriptor = reflection.descriptors[symbol.address.value]
            #expect(descriptor?.name.description == String(name), "\(symbol.name)")
            checked += 1
        }
        #expect(checked >= 10, "too few type descriptors checked: \(checked)")
    }

    @Test func fieldsCasesAndSuperclassesAreTheSourcesOwn() throws {
        let reflection = try #require(SwiftReflection.read(try ELFFile.open(try Fixtures.binary("swift/zoo"))))
        func fields(_ name: String) -> [String]? { reflection.descriptor(named: name)?.fields.map(\.name) }
        #expect(fields("zoo.Point") == ["x", "y"])
        #expect(fields("zoo.Animal") == ["name", "legs"])
        #expect(fields("zoo.Dog") == ["tricks", "best"])
        #expect(reflection.descriptor(named: "zoo.Dog")?.superclass != nil)
        #expect(reflection.descriptor(named: "zoo.Animal")?.superclass == nil)
        // Payload cases first, as the compiler numbers them.
        #expect(fields("zoo.Parcel") == ["small", "crate", "letter"])
        #expect(reflection.descriptor(named: "zoo.Parcel")?.payloadCaseCount == 2)
        #expect(fields("zoo.Direction") == ["north", "east", "south", "west"])
        #expect(reflection.descriptor(named: "zoo.Expr")?.fields.allSatisfy(\.isIndirect) == true)
        #expect(reflection.descriptor(named: "zoo.Depot")?.genericParameterCount == 1)
        #expect(reflection.descriptor(named: "zoo.Point")?.genericParameterCount == 0)
        // `Named: AnyObject` is class-bound, `Shape` is not.
        let protocols = reflection.protocols.map { (String(decoding: $0.name.bytes, as: UTF8.self), $0.isClassBound) }
        #expect(protocols.contains { $0.0.contains("5Named") && $0.1 })
        #expect(protocols.contains { $0.0.contains("5Shape") && !$0.1 })
    }

    @Test func aBinaryWithoutSwiftHasNoReflection() throws {
        #expect(SwiftReflection.read(try ELFFile.open(try Fixtures.binary("c/structs"))) == nil)
    }
}
