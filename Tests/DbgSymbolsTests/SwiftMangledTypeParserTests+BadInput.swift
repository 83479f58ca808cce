import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

/// Mangled names come from the debugged program's binary: broken ones throw, quickly.
extension SwiftMangledTypeParserTests {
    /// Why `bytes` does not parse (nil when it does), with a resolver that names any target.
    static func failureReason(_ bytes: [UInt8]) -> String? {
        let parser = SwiftMangledTypeParser { _, _ in SwiftNominalName(kind: .structure, path: ["m", "S"]) }
        do {
            _ = try parser.parse(bytes, baseAddress: 0x1000)
            return nil
        } catch {
            return error.reason
        }
    }

    static func parses(_ bytes: [UInt8]) -> Bool { failureReason(bytes) == nil }

    /// Expects each name to throw (for `reason` when given), all of them within a second.
    static func expectAllThrowQuickly(
        _ names: [[UInt8]], reason: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let clock = ContinuousClock()
        let start = clock.now
        for name in names {
            let shown = String(decoding: name.prefix(80), as: UTF8.self)
            guard let failure = failureReason(name) else {
                Issue.record("parsed: \(shown)", sourceLocation: sourceLocation)
                continue
            }
            if let reason {
                #expect(failure.contains(reason), "\(shown): \(failure)", sourceLocation: sourceLocation)
            }
        }
        #expect(clock.now - start < .seconds(1), "slow: \(clock.now - start)", sourceLocation: sourceLocation)
    }

    static func bytes(_ names: [String]) -> [[UInt8]] { names.map { Array($0.utf8) } }

    /// `AA`...`AZ`, then `A_`, `A0_`...: a reference to substitution `index`.
    static func substitution(_ index: Int) -> String {
        if index < 26 { return "A" + String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index))) }
        return "A" + (index == 26 ? "" : String(index - 27)) + "_"
    }

    @Test func truncatedNamesThrow() {
        let names = [
            "", "$s", "_$s", "$sS", "$sSc", "$sSay", "$sSaySi", "$sSaySiD", "$sSDySSSi", "$s6values5Poi", "$s6values5PointVy",
            "$s6values5Point", "$sB", "$sBi", "$sBi64", "$sBf", "$sX", "$sXS", "$sXM", "$sY", "$sq", "$sqd_", "$sqd__q",
            "$s00", "$s0", "$s003", "$sA", "$sA1", "$s1aA", "$sSi_", "$sSi_Si", "$s6values1PP_", "$sS2", "$sSiSSK",
            "$sSiSSYa", "$sSiSSYK", "$sSiSgXw_", "$sSiL", "$sSiLL", "$s1a1bLL", "$sSi1aLLV", "$sSiSi",
        ]
        Self.expectAllThrowQuickly(Self.bytes(names))
    }

    /// Every prefix of long names either throws or, when it is a whole type itself (`$sSD`),
    /// prints as the runtime prints it.
    @Test func everyPrefixOfANameThrowsOrIsATypeTheRuntimeAgreesWith() throws {
        for name in ["$sSDy6values5PointVSayAC_ACtGGD", "$sySiz_SSdtYaKcD", "$s6values5OuterV5InnerVySiSS_SbGSgD",
                     "$s4main10OuterThingV05InnerC0V_AC05OtherC0VtD", "$s6values009Gre_GkaIiVXMtD"] {
            for length in 0..<name.utf8.count {
                let prefix = String(decoding: name.utf8.prefix(length), as: UTF8.self)
                guard let type = try? SwiftMangledTypeParser().parse(prefix) else { continue }
                #expect(type.unsugaredDemangledDescription == SwiftTypeNameOracle.runtimeDescription(of: prefix), "\(prefix)")
            }
        }
    }

    @Test func hugeRepeatCountsThrow() {
        Self.expectAllThrowQuickly(Self.bytes(["$sS2049iD", "$s1a1bVA2049CD", "$sS2147483647iD"]), reason: "repeat count")
        Self.expectAllThrowQuickly(
            Self.bytes([
                "$sS99999999999iD", "$s1a1bVA99999999999CD", "$sS2147483648iD",
                "$sSi1" + String(repeating: "9", count: 40) + "aD",
            ]),
            reason: "number too large")
        Self.expectAllThrowQuickly(
            Self.bytes([
                "$s1a1bV" + String(repeating: "A2048C", count: 20) + "D", "$s" + String(repeating: "S2048i", count: 10) + "D",
                "$s" + String(repeating: "Si", count: 30_000) + "D", "$s" + String(repeating: "y", count: 20_000) + "D",
            ]),
            reason: "more than 16384 nodes")
        Self.expectAllThrowQuickly(Self.bytes(["$sBi99999_D", "$sBi4097_D", "$sBf0_D", "$sBv0_D"]), reason: "Builtin")
        Self.expectAllThrowQuickly(
            [Array("$s".utf8) + Array(repeating: UInt8(ascii: "y"), count: 70_000)], reason: "longer than")
    }

    @Test func deepNestingThrows() {
        let deep = 10_000
        Self.expectAllThrowQuickly(
            Self.bytes([
                "$s" + String(repeating: "Say", count: deep / 2) + "Si" + String(repeating: "G", count: deep / 2) + "D",
                "$sSi" + String(repeating: "Sg", count: deep) + "D",
                "$sSi" + String(repeating: "m", count: deep) + "D",
                "$sSi" + String(repeating: "_t", count: deep) + "D",
                "$sSi" + String(repeating: "Xw", count: deep) + "D",
                "$sSi" + String(repeating: "Sic", count: deep) + "D",
                "$s1a" + String(repeating: "1bV", count: deep) + "D",
            ]),
            reason: "deeper than 64")
        // 10,000 levels of `Say` are 20,000 nodes before the first `G`.
        Self.expectAllThrowQuickly(
            Self.bytes(["$s" + String(repeating: "Say", count: deep) + "Si" + String(repeating: "G", count: deep) + "D"]),
            reason: "more than 16384 nodes")
        // Nesting within the limit parses.
        let sixtyDeep = "$s" + String(repeating: "Say", count: 60) + "Si" + String(repeating: "G", count: 60) + "D"
        #expect(Self.parses(Array(sixtyDeep.utf8)))
    }

    /// A type that stays shallow but doubles at each step through substitutions
    /// (`T?`, then `(T?, T?)` with the second a substitution): its printed size is bounded.
    @Test func typesDoublingThroughSubstitutionsThrow() {
        // Substitutions: "a" 0, "b" 1, a.b 2, then each optional.
        func doubling(_ steps: Int) -> String {
            "$s1a1bV" + (0..<steps).map { "Sg_" + Self.substitution(3 + $0) + "t" }.joined() + "D"
        }
        Self.expectAllThrowQuickly(Self.bytes([doubling(20), doubling(30)]), reason: "too large to print")
        let small = doubling(4)
        let parsed = try? SwiftMangledTypeParser().parse(small)
        #expect(parsed?.unsugaredDemangledDescription == SwiftTypeNameOracle.runtimeDescription(of: small))
    }

    @Test func substitutionsOutOfRangeThrow() {
        let names = [
            "$sAAD", "$sSiABD", "$s6values5PointVADD", "$s6values5PointVA_D", "$s6values5PointVA0_D", "$s6values5PointVA99_D",
            "$s6values5PointVAbD", "$s0AD", "$s5Point0ZVD", "$s5Point0c0VD", "$s5Point0b5OtherVD",
        ]
        Self.expectAllThrowQuickly(Self.bytes(names), reason: "out of range")
        Self.expectAllThrowQuickly(Self.bytes(["$s6values5PointVA99999999999_D"]), reason: "number too large")
    }

    @Test func cutShortSymbolicReferencesThrow() {
        let names: [[UInt8]] = [
            [1], [1, 0x13], [1, 0x13, 0xFD, 0xFF], Array("$s".utf8) + [1, 0, 0], [2, 0, 0], Array("Say".utf8) + [1, 0xFD, 0xFF],
            [0xFF, 0xFF, 1, 0], [0x18, 0, 0, 0, 0, 0, 0, 0, 0], [0x1F, 1, 2, 3],
        ]
        Self.expectAllThrowQuickly(names)
        Self.expectAllThrowQuickly([[1], [1, 0x13], [1, 0x13, 0xFD, 0xFF], Array("$s".utf8) + [1, 0, 0]], reason: "cut short")
        #expect(Self.parses([0xFF, 1, 0x13, 0xFD, 0xFF, 0xFF]), "0xFF padding before a reference is skipped")
    }

    @Test func otherMalformedNamesThrow() {
        let names: [[UInt8]] = [
            [0], Array("$sSi".utf8) + [0], Array("$s2P".utf8) + [0, 0x41] + Array("VD".utf8), Array("$s2\u{7}aVD".utf8),
            Array("$s6values5PointVDSi".utf8), Array("$sSiDD".utf8), Array("$sSo7CGFloatVSgXSpD".utf8), Array("$sSLySiGD".utf8),
            Array("$sSiScMYcYAS2icD".utf8), Array("$s00_zzzzzzzzzzzzVD".utf8), Array("$sSi1ayp_tD".utf8), Array("$sSizmD".utf8),
            Array("$sSizSgD".utf8), Array("$sSizD".utf8), Array("$sySizSbGD".utf8), Array("$sSi6values5PointVD".utf8),
            Array("$s6values5PointVA$D".utf8), Array("$s6values5PointVA\u{0}D".utf8),
        ]
        Self.expectAllThrowQuickly(names)
    }

    /// Random edits of real names: nothing crashes or hangs, and whatever parses is a type the
    /// runtime prints the same way (so the parser accepts nothing the runtime reads otherwise).
    @Test func mutatedNamesParseOnlyWhenTheRuntimeAgrees() {
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789__".utf8)
        let seeds = Self.handPicked.filter { !$0.contains("XS") }
        var parsed = 0
        var disagreements: [String] = []
        let clock = ContinuousClock()
        let start = clock.now
        for round in 0..<20_000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0...(random.next() % 3) {
                let index = 2 + Int(random.next() % UInt64(bytes.count - 2))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[index] = byte
                case 1: bytes.insert(byte, at: index)
                default: if bytes.count > 3 { bytes.remove(at: index) }
                }
            }
            let name = String(decoding: bytes, as: UTF8.self)
            guard let type = try? SwiftMangledTypeParser().parse(name) else { continue }
            parsed += 1
            guard let runtime = SwiftTypeNameOracle.runtimeDescription(of: name) else {
                disagreements.append("\(name): the runtime refuses it, parsed as \(type.unsugaredDemangledDescription)")
                continue
            }
            if !runtime.contains("?") && !runtime.contains("[") && runtime != type.unsugaredDemangledDescription {
                disagreements.append("\(name): runtime \(runtime), parsed \(type.unsugaredDemangledDescription)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20).joined(separator: "\n"))")
        #expect(parsed > 1000, "only \(parsed) mutations parsed")
        #expect(clock.now - start < .seconds(10))
    }

    /// Random bytes, symbolic reference bytes included: nothing crashes or hangs.
    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(seed: 0xB17E5)
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<20_000 {
            let count = Int(random.next() % 40)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = Self.parses(bytes)
        }
        #expect(clock.now - start < .seconds(5))
    }
}
