import DbgSymbols
import FuzzSupport

/// libFuzzer target: a whole binary through the symbol reader: ELF headers, sections and
/// symbols (libelf), the DWARF unit index, every unit's entries (every form), line program,
/// functions, scopes and variables with their locations and ranges (DWARF 5 lists through
/// libdwarf), types, globals and call frame information. Seeds are small real binaries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    file.write(UnsafeRawBufferPointer(start: data, count: size))
    guard let image = try? BinaryImage.open(file.path, locator: DebugFileLocator(debugRoots: [])) else { return 0 }
    _ = image.elf.readBytes(at: image.elf.entry, count: 16)
    for section in image.elf.sections.prefix(64) { _ = image.elf.fileOffset(of: section.address) }
    for symbol in image.elf.symbols.prefix(8) {
        _ = image.function(containing: symbol.address)
        _ = image.sourceLocation(for: symbol.address)
    }
    _ = image.language
    if let debugInfo = image.debugInfo {
        let scopes = ScopeReader(debugInfo: debugInfo)
        for unit in debugInfo.units.prefix(16) {
            _ = debugInfo.sourceFiles(of: unit)
            if let lines = try? debugInfo.lineTable(of: unit), let row = lines.rows.first {
                _ = lines.fileName(row.file)
                _ = scopes.frames(at: row.address)
            }
            if let detail = try? debugInfo.detail(of: unit) {
                for function in detail.functions.prefix(8) {
                    guard let low = function.ranges.first?.low else { continue }
                    _ = scopes.frames(at: low)
                    _ = image.callSiteParameters(returningTo: low)
                }
            }
        }
        if let types = image.typeTable {
            for name in types.allTypeNames().prefix(16) {
                for type in types.types(named: name).prefix(2) { _ = types.byteSize(of: types.completed(type)) }
            }
        }
        if let globals = image.globalVariables {
            for name in globals.allVariableNames().prefix(16) { _ = globals.variable(named: name) }
        }
        _ = try? image.resolveLine(file: "hello.c", line: 12)
    }
    if let table = try? image.callFrameTable() {
        for entry in (table.debugFrameEntries + table.ehFrameEntries).prefix(8) { _ = try? table.row(at: entry.range.low) }
    }
    return 0
}

private let file = MemoryFile(name: "fuzz-elf")
