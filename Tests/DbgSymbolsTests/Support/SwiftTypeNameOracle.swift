import DbgSymbols
import DbgTestSupport
import Foundation

/// What the Swift toolchain itself prints for type manglings, and where real manglings are
/// found: the oracles of `SwiftMangledTypeParserTests`.
enum SwiftTypeNameOracle {
    /// The runtime's `swift_demangle` (no sugar), with the two things the parser drops by
    /// design dropped here too: a metatype's `@thin`/`@thick` and a private type's discriminator
    /// (`(Hidden in _0A1B...)` is `Hidden`).
    static func runtimeDescription(of name: String) -> String? {
        SwiftDemangler.demangle(name).map(withoutDroppedDetails)
    }

    static func withoutDroppedDetails(_ text: String) -> String {
        var text = text
        for representation in ["@thin ", "@thick ", "@objc_metatype "] {
            text = text.replacingOccurrences(of: representation, with: "")
        }
        return text.replacing(#/\((?<name>[^()\s]+) in [^()\s]+\)/#) { String($0.output.name) }
    }

    /// True when the runtime demangles `name` (`$s...D`) as one type: the same body with `Sg`
    /// (optional of the type before) demangles as the optional of what `name` demangles to.
    /// Function symbols (`$s6values3DogCfD`, a deinit) and odd strings fail this.
    static func isTypeMangling(_ name: String) -> Bool {
        guard name.hasPrefix("$s"), name.hasSuffix("D"), let plain = SwiftDemangler.demangle(name),
              plain != name, let optional = SwiftDemangler.demangle(String(name.dropLast()) + "SgD")
        else { return false }
        return optional == "Swift.Optional<\(plain)>"
    }

    /// What `swift demangle --compact` prints (with sugar: `[Swift.Int]`), one per name, details
    /// dropped as in `runtimeDescription`.
    static func sugaredDescriptions(of names: [String]) throws -> [String] {
        guard !names.isEmpty else { return [] }
        let output = try ToolRun.run(try toolchainTool("swift-demangle"), ["--compact"] + names)
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard output.status == 0, lines.count == names.count else {
            throw ToolRun.Failure(
                description: "swift-demangle printed \(lines.count) lines for \(names.count) names: \(output.stderr)")
        }
        return lines.map(withoutDroppedDetails)
    }

    /// A tool of the Swift toolchain (next to `swiftc` on the PATH).
    static func toolchainTool(_ name: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") + ["/opt/swift/usr/bin", "/usr/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolRun.Failure(description: "\(name) is not on the PATH (it comes with the Swift toolchain)")
    }

    /// Every string of the binary's `.debug_str` that looks like a type mangling (`$s...D`)
    /// and that the runtime demangles as one type: the DWARF's type names (`DW_AT_name`,
    /// `DW_AT_linkage_name` of Swift types).
    static func dwarfTypeNames(ofBinary path: String) throws -> [String] {
        let strings = try sectionBytes(named: ".debug_str", ofBinary: path).split(separator: 0)
        var names: [String] = []
        var seen: Set<String> = []
        for bytes in strings where bytes.starts(with: Array("$s".utf8)) && bytes.last == UInt8(ascii: "D") {
            let name = String(decoding: bytes, as: UTF8.self)
            if seen.insert(name).inserted && isTypeMangling(name) { names.append(name) }
        }
        return names
    }

    /// A section's bytes, read from the file.
    static func sectionBytes(named sectionName: String, ofBinary path: String) throws -> [UInt8] {
        let file = try ELFFile.open(path)
        guard let section = file.section(named: sectionName), section.hasFileData, !section.isCompressed else {
            throw ToolRun.Failure(description: "\(path) has no plain \(sectionName)")
        }
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: section.fileOffset)
        let data = try handle.read(upToCount: Int(section.size)) ?? Data()
        return [UInt8](data)
    }
}
