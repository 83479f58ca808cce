import CDwarf

/// The source language of a unit, from DW_AT_language.
public enum SourceLanguage: Sendable, Hashable {
    case c, cPlusPlus, go, swift, rust, assembly, other(UInt64)

    init(dwarfCode: UInt64?) {
        switch dwarfCode {
        case 0x1, 0x2, 0xc, 0x1d, 0x2c: self = .c
        case 0x4, 0x1a, 0x21, 0x2b: self = .cPlusPlus
        case 0x16: self = .go
        case 0x1e: self = .swift
        case 0x1c: self = .rust
        case 0x8001: self = .assembly
        default: self = .other(dwarfCode ?? 0)
        }
    }
}

/// A compile unit as the index knows it at open: cheap facts from its root entry.
public struct CompileUnit: Sendable {
    public var index: Int
    public var offset: DIEOffset
    public var version: Int
    public var addressSize: Int
    public var name: String
    public var compilationDirectory: String?
    public let producer: String?
    public let language: SourceLanguage
    public var ranges: [AddressRange]
    /// The unit's base address (DW_AT_low_pc), for its range and location lists.
    public var baseAddress: Address?
    /// Where the unit's line program starts in `.debug_line` (DW_AT_stmt_list).
    var lineTableOffset: UInt64?
    public var hasLineTable: Bool { lineTableOffset != nil }

    /// Go code compiled with optimisations, as Delve tells it from the producer
    /// (`Go cmd/compile go1.19.8; -N -l regabi` is not: both -N and -l are needed). Other
    /// languages: false (gdb does not warn either).
    /// Read once from the producer (every goroutine listed asks, for each of its locations).
    public let isOptimizedGo: Bool

    private static func isOptimizedGo(producer: String?, language: SourceLanguage) -> Bool {
        guard language.producerTellsOptimisation, let producer else { return false }
        guard let semicolon = producer.firstIndex(of: ";") else { return true }
        let flags = producer[semicolon...].split(separator: " ")
        return !flags.contains("-N") || !flags.contains("-l")
    }

    var context: UnitContext { UnitContext(version: version, addressSize: addressSize, base: baseAddress) }

    init(index: Int, header: CompileUnitHeader) {
        let root = header.root
        self.index = index
        self.offset = root.offset
        self.version = header.version
        self.addressSize = header.addressSize
        self.name = root.string(DW_AT_name) ?? "<unnamed unit>"
        self.compilationDirectory = root.string(DW_AT_comp_dir)
        self.producer = root.string(DW_AT_producer)
        self.language = SourceLanguage(dwarfCode: root.unsigned(DW_AT_language))
        self.isOptimizedGo = Self.isOptimizedGo(producer: producer, language: language)
        self.ranges = root.ranges
        if case .address(let low)? = root[DW_AT_low_pc] { self.baseAddress = low }
        self.lineTableOffset = root[DW_AT_stmt_list]?.unsignedValue
    }
}
