import CDwarf
import DbgTestSupport
import Foundation
import Testing

@testable import DbgSymbols

// Helpers for the type, scope and global-variable tests: parsers for gdb's `ptype /o`,
// `ptype enum`, `info types`, `info scope` and `info address`, and the same views built
// from our model so that the two can be compared.

// MARK: - Layouts (`ptype /o`)

/// One line of a struct layout: a member (nested members have dotted paths), where gdb
/// prints it: byte offset (nil for union members, which gdb prints without), bit position
/// for bit-fields, size in bytes.
struct LayoutLine: Hashable, CustomStringConvertible {
    var path: String
    var offset: UInt64?
    var bit: UInt64?
    var size: UInt64

    var description: String {
        let place = offset.map { "\($0)" + (bit.map { ":\($0)" } ?? "") } ?? "-"
        return "\(path) @\(place) size \(size)"
    }
}

struct StructLayout {
    var lines: [LayoutLine] = []
    /// Total sizes gdb prints for each aggregate ("" is the outermost).
    var totals: [String: UInt64] = [:]
}

enum GDBTypes {
    /// Parses `ptype /o struct NAME` (or union).
    static func parseLayout(_ text: String) -> StructLayout {
        final class Node {
            var offset: UInt64?, bit: UInt64?, size: UInt64 = 0
            var name = ""
            var total: UInt64?
            var children: [Node] = []
            var isAggregate = false
        }
        let root = Node()
        root.isAggregate = true
        var stack: [Node] = []
        var started = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("/*"), let close = line.range(of: "*/") {
                let comment = String(line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound])
                let rest = line[close.upperBound...].trimmingCharacters(in: .whitespaces)
                if comment.contains("offset") && comment.contains("size") && rest.hasPrefix("type =") {
                    stack = [root]
                    started = true
                    continue
                }
                guard started, let current = stack.last else { continue }
                if comment.contains("XXX") { continue }
                if comment.contains("total size") {
                    current.total = UInt64(comment.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
                    continue
                }
                let node = Node()
                let columns = comment.split(separator: "|", omittingEmptySubsequences: false)
                if columns.count == 2 {
                    let place = columns[0].split(separator: ":")
                    node.offset = UInt64(place[0].trimmingCharacters(in: .whitespaces))
                    if place.count > 1 { node.bit = UInt64(place[1].trimmingCharacters(in: .whitespaces)) }
                    node.size = UInt64(columns[1].trimmingCharacters(in: .whitespaces)) ?? 0
                } else {
                    node.size = UInt64(comment.trimmingCharacters(in: .whitespaces)) ?? 0
                }
                current.children.append(node)
                if rest.hasSuffix("{") {
                    node.isAggregate = true
                    stack.append(node)
                } else {
                    node.name = memberName(declaration: rest)
                }
            } else if started, line.hasPrefix("}") {
                guard let closing = stack.popLast() else { continue }
                let name = line.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
                closing.name = name.isEmpty ? "" : memberName(declaration: "x " + name)
                if stack.isEmpty { started = false }
            }
        }
        var layout = StructLayout()
        layout.totals[""] = root.total
        func flatten(_ node: Node, prefix: String) {
            for child in node.children {
                let path = prefix.isEmpty ? child.name : prefix + "." + child.name
                layout.lines.append(LayoutLine(path: path, offset: child.offset, bit: child.bit, size: child.size))
                if child.isAggregate {
                    if !path.isEmpty { layout.totals[path] = child.total }  // "" is the outermost
                    flatten(child, prefix: path)
                }
            }
        }
        flatten(root, prefix: "")
        return layout
    }

    /// The declared name in a C declaration: `char name[16]` → name, `unsigned int mode : 3`
    /// → mode, `double (*fn)(double)` → fn, `runtime.m *m` → m.
    static func memberName(declaration: String) -> String {
        var text = declaration.trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
        if let colon = text.range(of: " : ", options: .backwards) { text = String(text[..<colon.lowerBound]) }
        while text.hasSuffix("]"), let open = text.lastIndex(of: "[") { text = String(text[..<open]) }
        // A C declarator in parentheses (`(*fn)(int)`); Go's `func(*T) bool name` ends with the name.
        if text.hasSuffix(")"), let pointer = text.range(of: "(*") {
            let after = text[pointer.upperBound...].drop { $0 == "*" }
            return String(after.prefix { $0 != ")" && $0 != "[" })
        }
        let last = text.split { $0 == " " || $0 == "*" || $0 == "&" }.last ?? ""
        return String(last)
    }

    /// Parses `ptype enum NAME`: `type = enum color {RED, GREEN = 5, BLUE}`. gdb leaves out
    /// a value that is one more than the previous one (starting from 0).
    static func parseEnum(_ text: String) -> [(name: String, value: Int64)]? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("type = enum") }),
              let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}")
        else { return nil }
        var next: Int64 = 0
        var result: [(name: String, value: Int64)] = []
        for item in line[line.index(after: open)..<close].components(separatedBy: ", ") where !item.isEmpty {
            let parts = item.components(separatedBy: " = ")
            var value = next
            if parts.count == 2 {
                value = Int64(parts[1]) ?? UInt64(parts[1]).map { Int64(bitPattern: $0) } ?? next
            }
            result.append((parts[0].trimmingCharacters(in: .whitespaces), value))
            next = value &+ 1
        }
        return result
    }

    /// The struct, union, enum and typedef names `info types` lists under `file` (nil: all files).
    static func parseInfoTypes(_ text: String, file: String? = nil) -> Set<String> {
        var names = Set<String>()
        var inFile = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("File ") {
                inFile = file.map { line.contains($0) } ?? true
                continue
            }
            guard inFile else { continue }
            var entry = line.trimmingCharacters(in: .whitespaces)
            if let tab = entry.firstIndex(of: "\t") ?? entry.firstIndex(of: ":"), entry.first?.isNumber == true {
                entry = entry[entry.index(after: tab)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t:"))
            }
            guard entry.hasSuffix(";") else { continue }
            entry.removeLast()
            if entry.hasPrefix("typedef ") {
                names.insert(String(entry.split(separator: " ").last ?? ""))
            } else if entry.hasPrefix("struct ") || entry.hasPrefix("union ") || entry.hasPrefix("enum ") {
                names.insert(entry)
            }
        }
        return names
    }

    /// gdb prints gcc's base type names its own way (`unsigned long` for `long unsigned int`).
    static func normalizeBaseNames(_ text: String) -> String {
        var result = text
        let spellings = [
            ("long long unsigned int", "unsigned long long"), ("long long int", "long long"),
            ("long unsigned int", "unsigned long"), ("short unsigned int", "unsigned short"),
            ("long int", "long"), ("short int", "short"),
        ]
        for (gcc, gdb) in spellings { result = result.replacingOccurrences(of: gcc, with: gdb) }
        return result
    }

    /// The text after `type = ` in a `whatis`/`ptype` answer.
    static func typeAnswer(_ text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("type = ") }) else { return nil }
        return String(line.dropFirst("type = ".count))
    }
}

enum OurTypes {
    /// Our layout of `type`, flattened as `ptype /o` prints it: members whose type is
    /// itself a struct or union (not through a typedef) are expanded in place.
    /// gdb gives Go function values (a pointer, in DWARF a subroutine type of 8 bytes) the
    /// length of a C function type, 1: `gdbFunctionLength` reproduces that.
    static func layout(of type: DwarfType, table: TypeTable, gdbFunctionLength: Bool = false) -> StructLayout {
        var layout = StructLayout()
        layout.totals[""] = table.byteSize(of: type)
        func flatten(_ type: DwarfType, base: UInt64, prefix: String, depth: Int) {
            guard depth < 16, case .aggregate(let aggregate) = type.kind else { return }
            for member in aggregate.members {
                // gdb prints neither zero-width nor unnamed bit-fields, nor C++'s vtable pointers.
                if member.name == nil, member.bitField != nil { continue }
                if member.isArtificial, type.language == .cPlusPlus { continue }
                let memberType = table.resolve(member.type)
                let path = prefix.isEmpty ? (member.name ?? "") : prefix + "." + (member.name ?? "")
                var offset: UInt64? = base + (member.byteOffset ?? 0)
                var bit: UInt64?
                if let field = member.bitField {
                    offset = base + field.bitOffset / 8
                    bit = field.bitOffset % 8
                }
                if aggregate.kind == .union { offset = nil }
                var size = table.byteSize(of: memberType) ?? 0
                if gdbFunctionLength, case .subroutine = table.underlying(memberType).kind { size = 1 }
                layout.lines.append(LayoutLine(path: path, offset: offset, bit: bit, size: size))
                if case .aggregate = memberType.kind {
                    if !path.isEmpty { layout.totals[path] = table.byteSize(of: memberType) }
                    flatten(memberType, base: base + (member.byteOffset ?? 0), prefix: path, depth: depth + 1)
                }
            }
        }
        flatten(type, base: 0, prefix: "", depth: 0)
        return layout
    }

    /// The struct/union/enum/typedef type called `name` (`struct point`, `node_t`), the definition.
    static func type(named name: String, table: TypeTable) throws -> DwarfType {
        try #require(table.types(named: name).first { !$0.isDeclaration }, "no type named \(name)")
    }
}

// MARK: - Scopes (`info scope`, `info address`)

/// Where a symbol lives, as `info scope` says it, reduced to what can be compared.
enum LocationSummary: Hashable, CustomStringConvertible {
    case register(String)
    case staticAddress(UInt64)
    /// The expression's operations as gdb prints them (top level only): `DW_OP_fbreg -36`.
    case expression([String])
    /// A location list: the ranges of its entries.
    case multiLocation([AddressRange])
    case optimizedOut
    case constant
    case other(String)

    var description: String {
        switch self {
        case .register(let name): return "in $\(name)"
        case .staticAddress(let address): return "static 0x" + String(address, radix: 16)
        case .expression(let operations): return "expr[" + operations.joined(separator: "; ") + "]"
        case .multiLocation(let ranges): return "multi\(ranges)"
        case .optimizedOut: return "optimized out"
        case .constant: return "constant"
        case .other(let text): return "other(\(text))"
        }
    }
}

struct ScopeSymbol: Hashable, CustomStringConvertible {
    var name: String
    var location: LocationSummary
    var length: UInt64?
    var description: String { "\(name): \(location), length \(length.map(String.init) ?? "?")" }
}

enum GDBScope {
    /// Parses `info scope` output into its symbols, in gdb's order (innermost block first).
    static func parse(_ text: String) -> [ScopeSymbol] {
        var chunks: [[Substring]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("Symbol ") {
                chunks.append([line])
            } else if !chunks.isEmpty, !line.hasPrefix("Scope for") {
                chunks[chunks.count - 1].append(line)
            }
        }
        return chunks.compactMap(parseSymbol)
    }

    private static func parseSymbol(_ lines: [Substring]) -> ScopeSymbol? {
        let text = lines.joined(separator: "\n")
        guard let isRange = text.range(of: " is ") else { return nil }
        let name = String(text[text.index(text.startIndex, offsetBy: 7)..<isRange.lowerBound])
        let body = String(text[isRange.upperBound...])
        if body.hasPrefix("a function at address") { return nil }  // an inlined function's own symbol
        var length: UInt64?
        if let lengthRange = body.range(of: ", length ", options: .backwards) {
            length = UInt64(String(body[lengthRange.upperBound...].prefix { $0.isNumber }))
        }
        return ScopeSymbol(name: name, location: summary(body, lines: lines), length: length)
    }

    private static func summary(_ body: String, lines: [Substring]) -> LocationSummary {
        if body.hasPrefix("multi-location:") {
            let range = #/Range 0x([0-9a-f]+)-0x([0-9a-f]+):/#
            var ranges: [AddressRange] = []
            for line in lines {
                for match in line.matches(of: range) {
                    if let low = UInt64(match.1, radix: 16), let high = UInt64(match.2, radix: 16) {
                        ranges.append(AddressRange(low, high))
                    }
                }
            }
            return .multiLocation(ranges)
        }
        if body.hasPrefix("a variable in $") {
            let register = body.dropFirst("a variable in $".count).prefix { $0.isLetter || $0.isNumber }
            return .register(String(register))
        }
        for prefix in ["static storage at address ", "in static storage at address "] where body.hasPrefix(prefix) {
            if let address = Oracle.hex(body.dropFirst(prefix.count).prefix { $0 != "," && $0 != "." }) {
                return .staticAddress(address)
            }
        }
        if body.hasPrefix("a complex DWARF expression:") {
            // Top-level operations only: sub-expressions (DW_OP_entry_value's) are indented deeper.
            var operations: [String] = []
            var baseIndent: Int?
            for line in lines.dropFirst() {
                let indent = line.prefix { $0 == " " }.count
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy(\.isNumber),
                      !trimmed[..<colon].isEmpty
                else { continue }
                if baseIndent == nil { baseIndent = indent }
                guard indent == baseIndent else { continue }
                operations.append(trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            return .expression(operations)
        }
        if body.hasPrefix("optimized out") { return .optimizedOut }
        if body.hasPrefix("constant") { return .constant }
        return .other(String(body.prefix { $0 != "," }))
    }

    /// Parses `info address NAME`: the static address, or nil.
    static func parseAddress(_ text: String) -> UInt64? {
        guard let range = text.range(of: "static storage at address ") else { return nil }
        return Oracle.hex(text[range.upperBound...].prefix { $0 != "." && $0 != "\n" })
    }

    /// Parses `info line LOCATION`: the address the line starts at.
    static func parseLineAddress(_ text: String) -> UInt64? {
        guard let range = text.range(of: "starts at address ") ?? text.range(of: "is at address ") else { return nil }
        return Oracle.hex(text[range.upperBound...].prefix { $0 != " " })
    }
}

enum OurScope {
    /// Our variable, reduced to what `info scope` shows.
    static func symbol(_ variable: Variable, table: TypeTable) -> ScopeSymbol {
        ScopeSymbol(
            name: variable.isIndirect ? "&" + variable.name : variable.name, location: summary(variable),
            length: table.byteSize(of: table.resolve(variable.type)))
    }

    static func summary(_ variable: Variable) -> LocationSummary {
        if variable.constantValue != nil, variable.location == nil { return .constant }
        switch variable.location {
        case nil:
            return .optimizedOut
        case .list(let entries)?:
            return .multiLocation(entries.map(\.range))
        case .expression(let operations)?:
            if operations.count == 1, let register = registerNumber(operations[0]) {
                return .register(registerName(register))
            }
            if let address = variable.staticAddress { return .staticAddress(address.value) }
            return .expression(operations.map(render))
        }
    }

    private static func registerNumber(_ operation: DwarfOperation) -> Int? {
        let opcode = Int32(operation.opcode)
        if opcode >= DW_OP_reg0 && opcode <= DW_OP_reg0 + 31 { return Int(opcode - DW_OP_reg0) }
        if opcode == DW_OP_regx { return Int(operation.operand1) }
        return nil
    }

    /// x86-64 DWARF register numbers, as gdb names them.
    static func registerName(_ number: Int) -> String {
        let names = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13",
                     "r14", "r15", "rip"]
        if number < names.count { return names[number] }
        if number >= 17 && number <= 32 { return "xmm\(number - 17)" }
        return "r\(number)"
    }

    /// One operation as gdb's `info scope` prints it.
    static func render(_ operation: DwarfOperation) -> String {
        let opcode = Int32(operation.opcode)
        let signed = Int64(bitPattern: operation.operand1)
        switch opcode {
        case DW_OP_fbreg: return "DW_OP_fbreg \(signed)"
        case DW_OP_breg0...(DW_OP_breg0 + 31):
            let number = Int(opcode - DW_OP_breg0)
            return "DW_OP_breg\(number) \(signed) [$\(registerName(number))]"
        case DW_OP_reg0...(DW_OP_reg0 + 31):
            let number = Int(opcode - DW_OP_reg0)
            return "DW_OP_reg\(number) [$\(registerName(number))]"
        case DW_OP_lit0...(DW_OP_lit0 + 31): return "DW_OP_lit\(opcode - DW_OP_lit0)"
        case DW_OP_addr: return "DW_OP_addr 0x" + String(operation.operand1, radix: 16)
        case DW_OP_call_frame_cfa: return "DW_OP_call_frame_cfa"
        case DW_OP_stack_value: return "DW_OP_stack_value"
        case DW_OP_plus: return "DW_OP_plus"
        case DW_OP_minus: return "DW_OP_minus"
        case DW_OP_shr: return "DW_OP_shr"
        case DW_OP_plus_uconst: return "DW_OP_plus_uconst \(operation.operand1)"
        case DW_OP_const1u, DW_OP_const2u, DW_OP_const4u, DW_OP_const8u, DW_OP_constu:
            return "DW_OP_\(constName(opcode)) \(operation.operand1)"
        case DW_OP_const1s, DW_OP_const2s, DW_OP_const4s, DW_OP_const8s, DW_OP_consts:
            return "DW_OP_\(constName(opcode)) \(signed)"
        case DW_OP_implicit_value: return "DW_OP_implicit_value \(operation.operand1)"
        case DW_OP_piece: return "DW_OP_piece \(operation.operand1)"
        case DW_OP_entry_value, DW_OP_GNU_entry_value: return "DW_OP_entry_value"
        default: return "DW_OP_0x" + String(operation.opcode, radix: 16)
        }
    }

    private static func constName(_ opcode: Int32) -> String {
        switch opcode {
        case DW_OP_const1u: return "const1u"
        case DW_OP_const1s: return "const1s"
        case DW_OP_const2u: return "const2u"
        case DW_OP_const2s: return "const2s"
        case DW_OP_const4u: return "const4u"
        case DW_OP_const4s: return "const4s"
        case DW_OP_const8u: return "const8u"
        case DW_OP_const8s: return "const8s"
        case DW_OP_constu: return "constu"
        default: return "consts"
        }
    }
}

// MARK: - Opening fixtures

enum TypeTestFixture {
    /// The DWARF of a fixture (a missing fixture fails the test with the path to build).
    static func debugInfo(_ relative: String) throws -> (path: String, debugInfo: DebugInfo) {
        let path = try Fixtures.binary(relative)
        let debugInfo = try #require(try DebugInfo.open(path), "\(path) has no DWARF")
        return (path, debugInfo)
    }

    /// Compiles C `source` with gcc and `flags` into a scratch directory; returns the binary's path.
    static func compileC(_ source: String, name: String, flags: [String], in directory: String) throws -> String {
        let sourcePath = directory + "/" + name + ".c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let binary = directory + "/" + name
        let output = try Oracle.run("gcc", flags + ["-o", binary, sourcePath])
        guard output.status == 0 else {
            throw Oracle.Failure(description: "gcc failed on \(name).c: \(output.stderr)")
        }
        return binary
    }
}
