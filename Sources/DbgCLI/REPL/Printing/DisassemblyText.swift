import DbgFormat
import DbgService

/// A disassembly listing, one instruction a line: the pc marker, `file:line`, the address
/// (`*` when a breakpoint is on it), the bytes, the instruction.
enum DisassemblyText {
    /// `marked`: an address to mark as the pc is marked (a caller frame's return address), in
    /// the presentations that do.
    /// `header`: the `TEXT` line, which Delve leaves out of a window that starts mid-function.
    static func render(
        _ instructions: [API.AsmInstruction], presentation: AssemblyPresentation, marked: UInt64? = nil,
        header: Bool = true, fileName: (String) -> String
    ) -> String {
        let rows = instructions.map { instruction -> [String] in
            let bytes = instruction.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return [
                instruction.atPC || (presentation.marksCallerFramePC && instruction.loc.pc == marked) ? "=>" : "",
                "\(fileName(instruction.loc.file)):\(instruction.loc.line)",
                VariableFormatter.hex(instruction.loc.pc) + (instruction.breakpoint ? "*" : ""),
                bytes,
                instruction.text,
            ]
        }
        switch presentation {
        case .plain:
            return rows.map { $0.joined(separator: "\t") + "\n" }.joined()
        case .delve:
            var out = ""
            if header, let first = instructions.first, let function = first.loc.function {
                out += "TEXT \(function.name)(SB) \(first.loc.file)\n"
            }
            return out + tabAligned(rows)
        }
    }

    /// Rows laid out as Go's text/tabwriter lays them out for Delve (minimum width 1, tab
    /// width 8, padding 1, padded with tabs): each column but the last as wide as its widest
    /// cell plus one, rounded up to a tab stop, and filled with as many tabs as reach it.
    static func tabAligned(_ rows: [[String]], tabWidth: Int = 8) -> String {
        let columns = (rows.map(\.count).max() ?? 1) - 1
        let stops = (0..<max(columns, 0)).map { column in
            let width = rows.map { column < $0.count - 1 ? $0[column].count + 1 : 1 }.max() ?? 1
            return (width + tabWidth - 1) / tabWidth * tabWidth
        }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                guard column < row.count - 1 else { break }
                let gap = stops[column] - cell.count
                line += String(repeating: "\t", count: (gap + tabWidth - 1) / tabWidth)
            }
            return line + "\n"
        }.joined()
    }
}
