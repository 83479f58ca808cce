/// One row of a unit's line-number program.
public struct LineRow: Sendable, Hashable {
    public var address: Address
    public var line: UInt32
    public var column: UInt32
    /// Index into the owning `LineTable.files`.
    public var file: UInt32
    public var flags: Flags

    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let isStatement = Flags(rawValue: 1)
        public static let endSequence = Flags(rawValue: 2)
        public static let prologueEnd = Flags(rawValue: 4)
        public static let basicBlock = Flags(rawValue: 8)
        public static let epilogueBegin = Flags(rawValue: 16)
        /// The row's line has had a non-zero discriminator since the line last changed.
        public static let lineHasDiscriminator = Flags(rawValue: 32)
    }

    public var isStatement: Bool { flags.contains(.isStatement) }
    public var isEndSequence: Bool { flags.contains(.endSequence) }
    public var isPrologueEnd: Bool { flags.contains(.prologueEnd) }
}

/// A unit's line table: its file names and rows, in the program's order, split into
/// sequences that are sorted by address for lookup.
public struct LineTable: Sendable {
    public let files: [String]
    public let rows: [LineRow]
    /// (range, first row, end row exclusive) of each sequence, sorted by start address.
    private let sequences: [(range: AddressRange, rows: Range<Int>)]
    /// The rows as gdb keeps and reads them: what a stop shows and where steps stop.
    public let statements: StatementLineTable

    public init(files: [String], rows: [LineRow]) {
        self.files = files
        self.rows = rows
        self.statements = StatementLineTable(files: files, rows: rows)
        var sequences: [(range: AddressRange, rows: Range<Int>)] = []
        var start = 0
        for (index, row) in rows.enumerated() where row.isEndSequence {
            if index > start {
                let range = AddressRange(low: rows[start].address, high: row.address)
                if !range.isEmpty { sequences.append((range, start..<index + 1)) }
            }
            start = index + 1
        }
        self.sequences = sequences.sorted { $0.range.low < $1.range.low }
    }

    public var isEmpty: Bool { rows.isEmpty }

    public func fileName(_ index: UInt32) -> String? {
        Int(index) < files.count ? files[Int(index)] : nil
    }

    /// The row that covers `address`: the last row at the greatest address not above it,
    /// within the sequence that contains the address.
    public func row(for address: Address) -> LineRow? {
        guard let sequence = sequence(containing: address) else { return nil }
        var low = sequence.lowerBound, high = sequence.upperBound - 1  // exclude the end marker
        while low < high {
            let middle = (low + high) / 2
            if rows[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        let index = low - 1
        guard index >= sequence.lowerBound else { return nil }
        return rows[index]
    }

    /// Rows in the sequence that contains `address`, excluding its end marker.
    public func sequenceRows(containing address: Address) -> ArraySlice<LineRow> {
        guard let sequence = sequence(containing: address) else { return [] }
        return rows[sequence.lowerBound..<sequence.upperBound - 1]
    }

    private func sequence(containing address: Address) -> Range<Int>? {
        var low = 0, high = sequences.count
        while low < high {
            let middle = (low + high) / 2
            if sequences[middle].range.low <= address { low = middle + 1 } else { high = middle }
        }
        let index = low - 1
        guard index >= 0, sequences[index].range.contains(address) else { return nil }
        return sequences[index].rows
    }

    /// Indices of the files whose path is `path` or ends with it at a path-component boundary.
    public func fileIndices(matching path: String) -> [UInt32] {
        files.indices.filter { SourcePath.matches(files[$0], query: path) }.map { UInt32($0) }
    }
}
