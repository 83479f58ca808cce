import DbgTestSupport
import Testing

@testable import DbgSymbols

/// What `readelf --debug-dump=frames-interp` says about one frame section: for each FDE, its
/// range and the rows it prints, each row a map from column ("CFA", "rbp", "ra", ...) to cell.
private struct ReadelfFrameTable {
    struct Row {
        var address: UInt64
        var cells: [String: String]
    }

    struct FDE {
        var low: UInt64
        var high: UInt64
        var rows: [Row]
    }

    var fdes: [FDE] = []

    /// Parses the section named `section` (".eh_frame" or ".debug_frame") of readelf's output.
    init(readelfOutput: String, section: String) {
        var inSection = false
        var columns: [String] = []
        var cieRows: [String: [Row]] = [:]  // by CIE offset
        var currentCIE: String?
        var currentFDE: Int?
        for line in readelfOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("Contents of the ") {
                inSection = line.hasPrefix("Contents of the \(section) section")
                continue
            }
            guard inSection else { continue }
            let fields = line.split(separator: " ").map(String.init)
            if fields.count >= 4, fields[3] == "CIE" {
                currentCIE = fields[0]
                currentFDE = nil
                cieRows[fields[0]] = []
            } else if fields.count >= 6, fields[3] == "FDE" {
                let cie = String(fields[4].dropFirst("cie=".count))
                let bounds = fields[5].dropFirst("pc=".count).split(separator: ".", omittingEmptySubsequences: true)
                guard bounds.count == 2, let low = UInt64(bounds[0], radix: 16), let high = UInt64(bounds[1], radix: 16)
                else { continue }
                // An FDE without instructions prints no rows: the CIE's initial row applies.
                var initial = cieRows[cie]?.last.map { [$0] } ?? []
                for index in initial.indices { initial[index].address = low }
                fdes.append(FDE(low: low, high: high, rows: initial))
                currentFDE = fdes.count - 1
                currentCIE = nil
            } else if line.hasPrefix("   LOC") {
                columns = Array(fields.dropFirst())
                if let currentFDE { fdes[currentFDE].rows = [] }  // it prints its own rows
            } else if fields.count == columns.count + 1, fields[0].count == 16, let address = UInt64(fields[0], radix: 16) {
                let row = Row(address: address, cells: Dictionary(uniqueKeysWithValues: zip(columns, fields.dropFirst())))
                if let currentFDE {
                    fdes[currentFDE].rows.append(row)
                } else if let currentCIE {
                    cieRows[currentCIE, default: []].append(row)
                }
            }
        }
    }
}

/// How readelf names a register (`regname` in binutils' dwarf.c), and how it prints rules.
private enum ReadelfFormat {
    static func registerName(_ number: Int) -> String {
        switch number {
        case X86_64Register.fsBase.rawValue: return "fs.base"
        case X86_64Register.gsBase.rawValue: return "gs.base"
        default: return X86_64Register.name(of: number)
        }
    }

    static func column(named name: String, returnAddress: Int) -> Int? {
        if name == "ra" { return returnAddress }
        if let number = X86_64Register.number(named: name) { return number }
        if name.hasPrefix("r"), let number = Int(name.dropFirst()) { return number }
        return nil
    }

    static func signed(_ value: Int64) -> String { value >= 0 ? "+\(value)" : "\(value)" }

    static func cfa(_ rule: CallFrameRow.CFARule) -> String {
        switch rule {
        case .registerOffset(let register, let offset): return registerName(register) + signed(offset)
        case .expression: return "exp"
        }
    }

    static func cell(_ rule: CallFrameRow.RegisterRule?) -> String {
        switch rule {
        case nil, .undefined?: return "u"
        case .sameValue?: return "s"
        case .offset(let offset)?: return "c" + signed(offset)
        case .valueOffset(let offset)?: return "v" + signed(offset)
        case .register(let number)?: return registerName(number)
        case .expression?: return "exp"
        case .valueExpression?: return "vexp"
        }
    }
}

@Suite struct CallFrameTableTests {
    private func table(_ fixture: String) throws -> (CallFrameTable, String) {
        let path = try ExpressionFixtures.binary(fixture)
        let handle = try #require(try DwarfHandle(path: path), "\(fixture) has no DWARF")
        return (try CallFrameTable(handle: handle), path)
    }

    /// For every FDE readelf prints, at every row address: the same CFA rule and the same
    /// rule for every column readelf shows; and no rule at all for the registers unwinding
    /// depends on that readelf does not show.
    private func compareWithReadelf(_ fixture: String, section: String) throws {
        let (table, path) = try self.table(fixture)
        let output = try ExpressionFixtures.run("readelf", ["--debug-dump=frames-interp", path])
        let expected = ReadelfFrameTable(readelfOutput: output, section: section)
        let ours = section == ".eh_frame" ? table.ehFrameEntries : table.debugFrameEntries
        let readelfRanges = expected.fdes.filter { $0.high > $0.low }.map { AddressRange($0.low, $0.high) }
        #expect(!readelfRanges.isEmpty, "readelf shows no FDE in \(section) of \(fixture)")
        #expect(Set(ours.map(\.range)) == Set(readelfRanges), "FDE ranges of \(section) in \(fixture)")

        let watched: [Int] = [X86_64Register.rbp, .rbx, .r12, .r13, .r14, .r15].map(\.rawValue)
        var rowsChecked = 0
        for fde in expected.fdes where fde.high > fde.low {
            for readelfRow in fde.rows where readelfRow.address < fde.high {
                let where_ = "\(fixture) pc 0x\(String(readelfRow.address, radix: 16))"
                guard let row = try table.row(at: Address(readelfRow.address)) else {
                    Issue.record("no row at \(where_)")
                    continue
                }
                rowsChecked += 1
                #expect(row.range.low == Address(readelfRow.address), "row start at \(where_)")
                #expect(row.range.high > row.range.low && row.range.high.value <= fde.high, "row end at \(where_)")
                #expect(ReadelfFormat.cfa(row.cfa) == readelfRow.cells["CFA"], "CFA at \(where_)")
                var shown: Set<Int> = []
                for (name, cell) in readelfRow.cells where name != "CFA" {
                    guard let column = ReadelfFormat.column(named: name, returnAddress: row.returnAddressRegister) else {
                        Issue.record("unknown readelf column \(name) at \(where_)")
                        continue
                    }
                    shown.insert(column)
                    #expect(ReadelfFormat.cell(row.registers[column]) == cell, "\(name) at \(where_)")
                }
                for column in watched + [row.returnAddressRegister] where !shown.contains(column) {
                    #expect(row.registers[column] == nil, "\(X86_64Register.name(of: column)) at \(where_)")
                }
            }
        }
        #expect(rowsChecked > 0)
    }

    @Test(arguments: ["c/structs", "c/threads", "c/optimized", "c/loops", "c/hello", "c/crash", "c/libshape.so"])
    func gccEhFrameMatchesReadelf(fixture: String) throws {
        try compareWithReadelf(fixture, section: ".eh_frame")
    }

    @Test func goDebugFrameMatchesReadelf() throws {
        try compareWithReadelf("go/goroutines", section: ".debug_frame")
    }

    @Test func sectionsPerToolchain() throws {
        let (gcc, _) = try table("c/hello")
        #expect(!gcc.ehFrameEntries.isEmpty)
        #expect(gcc.debugFrameEntries.isEmpty)
        let (go, _) = try table("go/goroutines")
        #expect(!go.debugFrameEntries.isEmpty)
        #expect(go.ehFrameEntries.isEmpty)
        #expect(go.entry(containing: go.debugFrameEntries[0].range.low)?.section == .debugFrame)
    }

    @Test func pcOutsideEveryFDEHasNoRow() throws {
        let (table, _) = try self.table("c/hello")
        #expect(table.entry(containing: Address(0)) == nil)
        #expect(try table.row(at: Address(0)) == nil)
        #expect(try table.row(at: Address(0xffff_ffff_ffff_fff0)) == nil)
        let last = try #require(table.ehFrameEntries.max { $0.range.high < $1.range.high })
        #expect(try table.row(at: last.range.high) == nil)
    }

    @Test func pltRowsUseACFAExpression() throws {
        // gcc's .plt FDE ends with DW_CFA_def_cfa_expression (rsp + 8, + 8 more past the push).
        let (table, _) = try self.table("c/optimized")
        var found: CallFrameRow?
        for entry in table.ehFrameEntries {
            var pc = entry.range.low
            while pc < entry.range.high, found == nil {
                guard let row = try table.row(at: pc) else { break }
                if case .expression = row.cfa { found = row }
                pc = row.range.high
            }
            if found != nil { break }
        }
        let row = try #require(found, "no CFA expression in c/optimized's .eh_frame")
        guard case .expression(let operations) = row.cfa else { return }
        #expect(operations.map(\.opcode) == [0x77, 0x80, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22])
        #expect(row.registers[16] == .offset(-8))
    }

    @Test func rowsAreSendableValues() async throws {
        let (table, _) = try self.table("c/loops")
        let entry = try #require(table.ehFrameEntries.first)
        // The table is Sendable: rows can be looked up from another task.
        let row = try await Task.detached { try table.row(at: entry.range.low) }.value
        #expect(row?.range.low == entry.range.low)
    }
}
