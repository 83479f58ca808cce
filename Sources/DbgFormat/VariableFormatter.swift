import DbgService

/// API.Variable → text, as Delve's terminal prints values (service/api/prettyprint.go):
/// `print` uses the multi-line form, `locals`/`args` the single-line one.
///
/// The engine fills `value` for leaves and `children` for composites; a child that was
/// not loaded (recursion limit) has no children and a `len` that says how many there are.
public enum VariableFormatter {
    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let top = Flags(rawValue: 1)
        static let newlines = Flags(rawValue: 2)
        static let includeType = Flags(rawValue: 4)
    }

    /// Strings longer than this put the elements of slices, arrays and structs on lines of their own.
    private static let maxShortStringLength = 7
    private static let indentUnit = "\t"

    public static func singleLine(_ variable: API.Variable, format: String = "") -> String {
        // A number or a bool is its text: the common case of a trace's values, millions of
        // them, spared the walk below.
        if format.isEmpty && variable.unreadable.isEmpty && !variable.value.isEmpty && variable.children.isEmpty
            && variable.variableKind.isPlainScalar
        {
            return variable.value
        }
        var out = ""
        write(variable, into: &out, flags: [.top, .includeType], indent: "", format: format)
        return out
    }

    public static func multiLine(_ variable: API.Variable, indent: String = "", format: String = "") -> String {
        var out = ""
        write(variable, into: &out, flags: [.top, .newlines, .includeType], indent: indent, format: format)
        return out
    }

    private static func write(_ v: API.Variable, into out: inout String, flags: Flags, indent: String, format: String) {
        if !v.unreadable.isEmpty {
            out += "(unreadable \(v.unreadable))"
            return
        }
        if v.flags & API.Variable.swiftFlag != 0 {
            SwiftValueText.write(v, into: &out) { child, out in write(child, into: &out, flags: [], indent: indent, format: format) }
            return
        }
        if !flags.contains(.top) && v.addr == 0 && v.value.isEmpty && v.flags & API.Variable.fakeAddressFlag == 0 {
            out += flags.contains(.includeType) && v.type != "void" ? "\(v.type) nil" : "nil"
            return
        }
        var inner = flags
        inner.remove(.top)
        switch v.variableKind {
        case .slice:
            if flags.contains(.includeType) { out += "\(v.type) len: \(v.len), cap: \(v.cap), " }
            if v.base == 0 && v.children.isEmpty {
                out += "nil"
                return
            }
            writeElements(v, into: &out, flags: flags, indent: indent, format: format)
        case .array:
            if flags.contains(.includeType) { out += "\(v.type) " }
            writeElements(v, into: &out, flags: flags, indent: indent, format: format)
        case .pointer:
            if v.type.isEmpty || v.children.isEmpty {
                out += "nil"
            } else if v.children[0].onlyAddr && v.children[0].addr != 0 {
                writePointer(v, into: &out)
            } else {
                out += "*"
                write(v.children[0], into: &out, flags: inner, indent: indent, format: format)
            }
        case .unsafePointer:
            out += v.children.isEmpty ? "unsafe.Pointer(nil)" : "unsafe.Pointer(\(hex(v.children[0].addr)))"
        case .chan:
            if flags.contains(.newlines) {
                writeStruct(v, into: &out, flags: flags, indent: indent, format: format)
            } else if v.children.count < 2 {
                out += "\(v.type) nil"
            } else {
                out += "\(v.type) \(v.children[0].value)/\(v.children[1].value)"
            }
        case .struct:
            var structFlags = flags
            if !v.value.isEmpty {
                out += "\(v.type)(\(v.value))"
                structFlags.remove(.includeType)
            }
            writeStruct(v, into: &out, flags: structFlags, indent: indent, format: format)
        case .interface:
            writeInterface(v, into: &out, flags: flags, indent: indent, format: format)
        case .map:
            writeMap(v, into: &out, flags: flags, indent: indent, format: format)
        case .func:
            if v.value.isEmpty {
                out += "nil"
                return
            }
            out += v.value
            // A closure's captured variables, one per line.
            if flags.contains(.newlines) && !v.children.isEmpty {
                out += " {\n"
                for child in v.children {
                    out += "\(indent)\(indentUnit)\(child.name) \(child.type) = "
                    write(child, into: &out, flags: inner.subtracting(.includeType), indent: indent + indentUnit, format: format)
                    out += "\n"
                }
                out += "\(indent)}"
            }
        default:
            out += basic(v, format: format)
        }
    }

    private static func writePointer(_ v: API.Variable, into out: inout String) {
        let type = v.type.contains("/") ? GoFormat.quote(v.type) : v.type
        out += "(\(type))(\(hex(v.children[0].addr)))"
    }

    private static func writeInterface(_ v: API.Variable, into out: inout String, flags: Flags, indent: String, format: String) {
        if v.children.isEmpty {
            // Delve prints nil for any interface without an address; one held in registers
            // (a result after stepout) has none and still has its value.
            out += "nil"
            return
        }
        let data = v.children[0]
        if flags.contains(.includeType) {
            if data.variableKind == .invalid {
                out += "\(v.type) "
                if data.addr == 0 {
                    out += "nil"
                    return
                }
            } else {
                out += "\(v.type)(\(data.type)) "
            }
        }
        var dataFlags = flags
        dataFlags.remove(.top)
        if flags.contains(.includeType) { dataFlags.remove(.includeType) } else { dataFlags.insert(.includeType) }
        if data.variableKind == .pointer {
            if data.children.isEmpty {
                out += "..."
            } else if data.children[0].addr == 0 {
                out += "nil"
            } else if data.children[0].onlyAddr {
                out += hex(data.addr)
            } else {
                write(data, into: &out, flags: dataFlags, indent: indent, format: format)
            }
        } else if data.onlyAddr {
            let type = v.type.contains("/") ? GoFormat.quote(v.type) : v.type
            out += "*(*\(type))(\(hex(v.addr)))"
        } else {
            write(data, into: &out, flags: dataFlags, indent: indent, format: format)
        }
    }

    private static func writeStruct(_ v: API.Variable, into out: inout String, flags: Flags, indent: String, format: String) {
        if Int(v.len) != v.children.count && v.children.isEmpty {
            // Not loaded (recursion limit): its address.
            let type = v.type.contains("/") ? GoFormat.quote(v.type) : v.type
            out += "(*\(type))(\(hex(v.addr)))"
            return
        }
        if flags.contains(.includeType) { out += "\(v.type) " }
        let newlines = shouldBreakStruct(v, flags.contains(.newlines))
        out += "{"
        for (index, child) in v.children.enumerated() {
            if newlines { out += "\n\(indent)\(indentUnit)" }
            out += "\(child.name): "
            write(child, into: &out, flags: newlines ? [.includeType, .newlines] : [.includeType], indent: indent + indentUnit, format: format)
            if index != v.children.count - 1 || newlines {
                out += ","
                if !newlines { out += " " }
            }
        }
        if v.children.count != Int(v.len) {
            out += newlines ? "\n\(indent)\(indentUnit)" : ","
            out += "...+\(Int(v.len) - v.children.count) more"
        }
        out += "}"
    }

    private static func writeMap(_ v: API.Variable, into out: inout String, flags: Flags, indent: String, format: String) {
        if flags.contains(.includeType) { out += "\(v.type) " }
        if v.base == 0 && v.children.isEmpty {
            out += "nil"
            return
        }
        let newlines = flags.contains(.newlines) && !v.children.isEmpty
        out += "["
        var index = 0
        while index + 1 < v.children.count {
            if newlines { out += "\n\(indent)\(indentUnit)" }
            write(v.children[index], into: &out, flags: [], indent: indent + indentUnit, format: format)
            out += ": "
            write(v.children[index + 1], into: &out, flags: newlines ? [.newlines] : [], indent: indent + indentUnit, format: format)
            if index != v.children.count - 1 || newlines { out += ", " }
            index += 2
        }
        if v.children.count / 2 != Int(v.len) {
            if !v.children.isEmpty {
                out += newlines ? "\n\(indent)\(indentUnit)" : ","
                out += "...+\(Int(v.len) - v.children.count / 2) more"
            } else {
                out += "..."
            }
        }
        if newlines { out += "\n\(indent)" }
        out += "]"
    }

    private static func writeElements(_ v: API.Variable, into out: inout String, flags: Flags, indent: String, format: String) {
        let newlines = shouldBreakArray(v, flags.contains(.newlines))
        out += "["
        for (index, child) in v.children.enumerated() {
            if newlines { out += "\n\(indent)\(indentUnit)" }
            write(child, into: &out, flags: newlines ? [.newlines] : [], indent: indent + indentUnit, format: format)
            if index != v.children.count - 1 || newlines { out += "," }
        }
        if v.children.count != Int(v.len) {
            if !v.children.isEmpty {
                out += newlines ? "\n\(indent)\(indentUnit)" : ","
                out += "...+\(Int(v.len) - v.children.count) more"
            } else {
                out += "..."
            }
        }
        if newlines { out += "\n\(indent)" }
        out += "]"
    }

    /// The kind under any pointers, and whether there was one.
    private static func kindBelowPointers(_ variable: API.Variable) -> (VariableKind, Bool) {
        var v = variable
        var throughPointer = false
        while v.variableKind == .pointer {
            throughPointer = true
            guard let child = v.children.first else { return (.pointer, true) }
            v = child
        }
        return (v.variableKind, throughPointer)
    }

    private static func breaksLine(_ kind: VariableKind) -> Bool {
        [.slice, .array, .struct, .map, .interface].contains(kind)
    }

    private static func shouldBreakArray(_ v: API.Variable, _ newlines: Bool) -> Bool {
        guard newlines, let first = v.children.first else { return false }
        let (kind, throughPointer) = kindBelowPointers(first)
        if breaksLine(kind) { return true }
        if kind == .string {
            return throughPointer || v.children.contains { $0.value.utf8.count > maxShortStringLength }
        }
        return false
    }

    private static func shouldBreakStruct(_ v: API.Variable, _ newlines: Bool) -> Bool {
        guard newlines, !v.children.isEmpty else { return false }
        for child in v.children {
            let (kind, throughPointer) = kindBelowPointers(child)
            if breaksLine(kind) { return true }
            if kind == .string && (throughPointer || child.value.utf8.count > maxShortStringLength) { return true }
        }
        return false
    }

    static func basic(_ v: API.Variable, format: String) -> String {
        let kind = v.variableKind
        if v.value.isEmpty && kind != .string && !kind.isComplex {
            return "(unknown \(kind.name))"
        }
        if kind == .string {
            guard format.isEmpty else { return GoFormat.format(string: v.value, verb: format) }
            if let bytes = v.bytes {
                // Not UTF-8: each bad byte escaped (`\xe9`), the rest counted in bytes.
                let more = v.len > Int64(bytes.count) ? Array("...+\(v.len - Int64(bytes.count)) more".utf8) : []
                return GoFormat.quote(bytes: bytes + more)
            }
            var text = v.value
            let length = text.utf8.count
            if v.len > 0 && length != Int(v.len) { text += "...+\(Int(v.len) - length) more" }
            return GoFormat.quote(text)
        }
        if kind.isComplex {
            let real = v.children.count > 0 ? v.children[0].value : "0"
            let imaginary = v.children.count > 1 ? v.children[1].value : "0"
            guard format.isEmpty else { return GoFormat.format(complexReal: real, imaginary: imaginary, verb: format) }
            return "(\(real) + \(imaginary)i)"
        }
        guard !format.isEmpty else { return v.value }
        return GoFormat.format(value: v.value, kind: kind, verb: format)
    }

    /// `0x4010ab`: an address as Delve writes it.
    public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
