import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

/// The type-mangling parser against the Swift toolchain: every parsed name prints as the
/// runtime's `swift_demangle` prints it (`unsugaredDemangledDescription`) and as
/// `swift demangle` prints it (`demangledDescription`, with sugar). The names come from the
/// fixtures' DWARF, from this test bundle's own DWARF, from the runtime's mangler
/// (`_mangledTypeName`) and from a hand-picked list of tricky forms.
@Suite struct SwiftMangledTypeParserTests {
    // MARK: - Names from the DWARF

    /// Every type name in the DWARF of the Swift fixtures parses and prints as the toolchain
    /// prints it; the SIL function types of async code (`@callee_guaranteed`) are refused.
    @Test func fixtureDwarfTypeNamesPrintAsTheToolchainPrintsThem() throws {
        var names: [String] = []
        for binary in ["swift/values", "swift/tasks"] {
            names += try SwiftTypeNameOracle.dwarfTypeNames(ofBinary: try Fixtures.binary(binary))
        }
        #expect(names.count >= 35, "too few type names found: \(names)")
        #expect(names.contains("$s6values5StackVySSGD") && names.contains("$sSay6values11Describable_pGD"))
        let silFunctionTypes = names.filter { SwiftDemangler.demangle($0)?.contains("@callee_") == true }
        for name in silFunctionTypes {
            #expect(throws: SwiftMangledTypeParser.Failure.self, "\(name)") { try SwiftMangledTypeParser().parse(name) }
        }
        let comparison = try compareWithToolchain(names.filter { !silFunctionTypes.contains($0) })
        #expect(comparison.refused.isEmpty, "refused: \(comparison.refused)")
        #expect(comparison.differences.isEmpty, "\(comparison.differences.joined(separator: "\n"))")
    }

    /// This test bundle's DWARF (thousands of type names of the whole project, the standard
    /// library's and Foundation's types among them): what parses prints as the toolchain prints
    /// it; what is refused is refused as unsupported (associated types, SIL function types,
    /// extension and local contexts), never as a malformed name.
    @Test func testBundleDwarfTypeNamesPrintAsTheToolchainPrintsThem() throws {
        let names = try SwiftTypeNameOracle.dwarfTypeNames(ofBinary: "/proc/self/exe")
        #expect(names.count >= 1000)
        let comparison = try compareWithToolchain(names)
        #expect(comparison.differences.isEmpty, "\(comparison.differences.prefix(20).joined(separator: "\n"))")
        let malformed = comparison.refused.filter { !$0.reason.hasPrefix("unsupported mangling") }
        #expect(malformed.isEmpty, "\(malformed.prefix(20).map(\.description))")
        #expect(comparison.parsedCount * 10 >= names.count * 9, "only \(comparison.parsedCount) of \(names.count) parsed")
    }

    // MARK: - Names the runtime mangles

    /// Types of this file as the runtime's own mangler spells them (`_mangledTypeName`), with
    /// `$s` and `D` around: nested generics, functions with every attribute, compositions,
    /// metatypes, punycode.
    @Test func runtimeManglingsPrintAsTheToolchainPrintsThem() throws {
        let names = GeneratedTypes.mangledNames.map { "$s" + $0 + "D" }
        #expect(names.count == GeneratedTypes.types.count, "a type has no mangled name")
        let comparison = try compareWithToolchain(names)
        #expect(comparison.refused.isEmpty, "refused: \(comparison.refused.map(\.description))")
        #expect(comparison.differences.isEmpty, "\(comparison.differences.joined(separator: "\n"))")
    }

    // MARK: - Hand-picked names

    /// The forms the brief names, with the text expected by hand (sugared, then as LLDB shows).
    @Test(arguments: [
        ("$sSaySiGD", "[Swift.Int]", "[Int]"),
        ("$sSiSgD", "Swift.Int?", "Int?"),
        ("$sSDySSSiGD", "[Swift.String : Swift.Int]", "[String : Int]"),
        ("$s6values5StackVySSGD", "values.Stack<Swift.String>", "values.Stack<String>"),
        ("$sSay6values11Describable_pGD", "[values.Describable]", "[values.Describable]"),
        ("$sSS6number_Si6expirytD", "(number: Swift.String, expiry: Swift.Int)", "(number: String, expiry: Int)"),
        ("$sypD", "Any", "Any"),
        ("$sS2icD", "(Swift.Int) -> Swift.Int", "(Int) -> Int"),
        ("$s6values4PairVyAA5PointVGD", "values.Pair<values.Point>", "values.Pair<values.Point>"),
        ("$sSS_SitD", "(Swift.String, Swift.Int)", "(String, Int)"),
        ("$s6values5PointVD", "values.Point", "values.Point"),
        ("SaySSG", "[Swift.String]", "[String]"),
        ("_$sSSSgD", "Swift.String?", "String?"),
        ("$syXlSgXwD", "weak Swift.AnyObject?", "weak AnyObject?"),
        ("$sSD4KeysVySSSi_GD", "[Swift.String : Swift.Int].Keys", "[String : Int].Keys"),
        ("$s4main3FooV3Bar33_0123456789ABCDEF0123456789ABCDEFLLOD", "main.Foo.Bar", "main.Foo.Bar"),
    ])
    func handWrittenExpectations(name: String, sugared: String, display: String) throws {
        let type = try SwiftMangledTypeParser().parse(name)
        #expect(type.demangledDescription == sugared)
        #expect(type.displayName == display)
    }

    /// Tricky forms against both oracles: substitutions (`AA` naming a module, `AaB`, `A2C`,
    /// `A_` and `A0_` past 26), words of earlier identifiers, punycode, nested generics, private
    /// names, functions, compositions, metatypes, labels, weak optionals, Builtin types.
    @Test func handPickedNamesPrintAsTheToolchainPrintsThem() throws {
        let comparison = try compareWithToolchain(Self.handPicked)
        #expect(comparison.refused.isEmpty, "refused: \(comparison.refused.map(\.description))")
        #expect(comparison.differences.isEmpty, "\(comparison.differences.joined(separator: "\n"))")
    }

    static let handPicked: [String] = {
        let labels = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { "Si1" + String(UnicodeScalar($0)) }
        let twentyEightLabels = labels[0] + "_" + labels.dropFirst().joined() + "Si2aaSi2ab"
        return [
            // Substitutions.
            "$s6values4PairVyAA5PointVGAEmcD", "$s1a1bV_AaBVtD", "$s1a1bV_A2CtD",
            "$s" + twentyEightLabels + "SiA_SiA0_tD",
            "$sSDy6values5PointVSayAC_ACtGGD", "$s4main10OuterThingV05InnerC0V_AC05OtherC0VtD",
            "$s6values009Gre_GkaIiVD",
            // Nominal types, nested, bound at several levels.
            "$s6values5OuterV5InnerVySiSS_SbGD", "$s6values5OuterV5InnerVySi_GD", "$s6values5OuterV5InnerVySi_SbGSgD",
            "$sSo7CGFloatVD", "$sSC3FooVD", "$sSo3FooaD", "$sScTySis5NeverOGD", "$sScGySi_SitGD", "$sSNySiGD",
            "$sSpySpys4Int8VGSgGD", "$s4main3Foo33_0123456789ABCDEF0123456789ABCDEFLLVyAA3BarVGD",
            "$s4main3FooV3Bar33_0123456789ABCDEF0123456789ABCDEFLLOSgXwD", "$sSqD", "$sSLD", "$sSa5IndexaySS_GD",
            // Tuples.
            "$sytD", "$sSi_S2StD", "$sSi_SitSgD", "$sSid_SitD", "$sSi_yttD",
            // Functions.
            "$sSiSSKcD", "$sS2iYaKcD", "$sS2iXCD", "$sS2iXfD", "$sS2iXED", "$sS2iXBD", "$sSiSS1a_Si1btcD",
            "$sySiz_SSdtYaKcD", "$sySiScEYKcD", "$syyYbScMYccD", "$sySih_SSntcD", "$syyYaYAcD", "$sSSyYTcD",
            "$sS2iYCcD", "$sS2iYaYbKScMYccD", "$sytytcD", "$sS2icSgD", "$sSiSSS2icccD", "$sS2iXCSgD",
            // Existentials and metatypes.
            "$syXlD", "$s4main1PP_AA1QPpD", "$s4main1PP_AA1QPXlD", "$s4main1P_XlD", "$s4main1PP_AA1QPXlXpD",
            "$sSQ_SHpD", "$ss5Error_pSgD", "$sSimD", "$sSL_pmD", "$sSL_pXpD", "$s6values5PointVXMtD", "$sq_XMTD",
            "$sS2icmD", "$sSiXwmD", "$sSiXpSgD", "$s4main1PP_AA1QPpmD", "$sSL_pXpmD", "$sypXpD", "$sypmD",
            // Reference storage, sugar, generic parameters, Builtin types.
            "$s6values6AnimalCSgXwD", "$sSiSgXoD", "$sSiXuD", "$sSiXSqD", "$sSiXSaD", "$sSiSSXSDD", "$sSiXSqXwD",
            "$sxD", "$sq_D", "$sq0_D", "$sqd__D", "$sqd_0_D", "$sqd0__D", "$sq24_D", "$sq25_D", "$sq700_D", "$sqzD",
            "$sBi64_D", "$sBbD", "$sBoD", "$sBOD", "$sBpD", "$sBwD", "$sBf64_D", "$sBf80_D", "$sBi32_Bv4_D", "$sBID",
        ]
    }()

    // MARK: - Comparing

    struct Comparison {
        var parsedCount = 0
        var refused: [SwiftMangledTypeParser.Failure] = []
        var differences: [String] = []
    }

    /// Parses each name and compares its renderings with the toolchain's: the sugared one with
    /// `swift demangle`'s, the unsugared one with the runtime's. The runtime prints sugar where
    /// the mangling asked for it (`XSq`, `XSa`, `XSD`, which the DWARF uses), which a
    /// `SwiftTypeName` does not record: then only the sugared rendering is compared.
    func compareWithToolchain(_ names: [String]) throws -> Comparison {
        let sugared = try SwiftTypeNameOracle.sugaredDescriptions(of: names)
        var comparison = Comparison()
        for (name, expectedSugared) in zip(names, sugared) {
            let type: SwiftTypeName
            do {
                type = try SwiftMangledTypeParser().parse(name)
            } catch {
                comparison.refused.append(error)
                continue
            }
            comparison.parsedCount += 1
            if type.demangledDescription != expectedSugared {
                comparison.differences.append(
                    "\(name): sugared \(type.demangledDescription), swift demangle \(expectedSugared)")
            }
            guard let runtime = SwiftTypeNameOracle.runtimeDescription(of: name) else {
                comparison.differences.append("\(name): parsed, but the runtime does not demangle it")
                continue
            }
            let runtimePrintsSugar = runtime.contains("?") || runtime.contains("[")
            if !runtimePrintsSugar && type.unsugaredDemangledDescription != runtime {
                comparison.differences.append("\(name): unsugared \(type.unsugaredDemangledDescription), runtime \(runtime)")
            }
        }
        return comparison
    }
}
