import DbgSymbols
import DbgTestSupport
import Foundation
import Testing
@testable import DbgEngine

/// Swift layouts from corrupt reflection metadata: copies of Fixtures/swift/zoo with bytes
/// of their reflection sections overwritten (deterministically), every type descriptor's
/// fields named and every type laid out. Each answer is a layout or an error; none crashes,
/// none loops.
@Suite struct SwiftLayoutCorruptionTests {
    @Test func everyLayoutOfACorruptBinaryIsALayoutOrAnError() throws {
        let original = try Fixtures.binary("swift/zoo")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
        let elf = try ELFFile.open(original)
        let sections = ["swift5_fieldmd", "swift5_typeref", "swift5_reflstr", "swift5_type_metadata", "swift5_builtin", "swift5_mpenum"]
            .compactMap { elf.section(named: $0) }.filter { $0.size > 0 }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var random = SplitMix64(seed: 0xc0ffee)
        var laidOut = 0, refused = 0
        for variant in 0..<64 {
            var corrupt = bytes
            ByteCorruption.corrupt(
                &corrupt, in: sections.map { ($0.fileOffset, $0.size) }, runs: 1 + variant % 8, maxRunLength: 16, random: &random)
            let path = directory + "/zoo-\(variant)"
            try Data(corrupt).write(to: URL(fileURLWithPath: path))
            guard let reflection = SwiftReflection.read(try ELFFile.open(path)) else { continue }
            let types = SwiftTypes(reflection: reflection)
            for descriptor in reflection.descriptors.values {
                for field in descriptor.fields {
                    guard let mangled = field.type, let name = try? types.typeName(mangled) else { continue }
                    if (try? types.layout(of: name)) != nil { laidOut += 1 } else { refused += 1 }
                }
                let arguments = Array(repeating: SwiftTypeName.nominal(SwiftNominalName(kind: .structure, path: ["Swift", "Int"]), arguments: []),
                                      count: descriptor.genericParameterCount)
                if (try? types.layout(of: .nominal(descriptor.name, arguments: arguments))) != nil { laidOut += 1 } else { refused += 1 }
            }
        }
        // Most of the metadata is intact in each copy: most types still lay out.
        #expect(laidOut > refused, "\(laidOut) laid out, \(refused) refused")
        #expect(refused > 0, "the corruption reached some layouts")
    }
}
