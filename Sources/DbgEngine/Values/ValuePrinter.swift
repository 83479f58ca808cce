/// Prints loaded values as Delve's terminal does (its `service/api/prettyprint.go` rules):
///
/// - the top value shows its type; struct fields show theirs; array elements and map
///   entries do not: `[]main.Line len: 3, cap: 3, [{SKU: "A-100", Qty: 2}, ...]`;
/// - a pointer prints as `*` and its pointee (`*main.Order {...}`), as `(*T)(0xaddr)` when
///   the pointee was not loaded, and a nil pointer as `*T nil`;
/// - a struct not loaded (deeper than the recursion limit) prints as `(*T)(0xaddr)`;
/// - values cut by the load limits end in `...+N more`;
/// - multi-line output puts each element or field on its own line, indented with a tab,
///   when one of them is composite (or a string longer than 7 bytes); the closing brace of
///   a struct follows its last field (`Status: Paid (1),}`), as Delve prints it.
public struct ValuePrinter: Sendable {
    public enum Layout: Sendable, Hashable {
        /// One line (Delve's `SinglelineString`).
        case singleLine
        /// Delve's `print` (`MultilineString`).
        case multiLine
    }

    public var layout: Layout
    /// Multi-line only: a pointer at the top prints its address on a line before the
    /// pointee (`(*struct point)(0x4100)`, then `*struct point {x: 0, y: 0}`), as Delve does
    /// since 1.21. Off by default: Delve 1.20, the version dbg is compared with, does not.
    public var showsTopPointerAddress: Bool

    public init(layout: Layout = .multiLine, showsTopPointerAddress: Bool = false) {
        self.layout = layout
        self.showsTopPointerAddress = showsTopPointerAddress
    }

    /// Delve's string length above which an array or struct goes multi-line.
    static let maxShortStringLength = 7
    static let indentUnit = "\t"

    struct Flags: OptionSet {
        let rawValue: UInt8
        static let top = Flags(rawValue: 1)
        static let newlines = Flags(rawValue: 2)
        static let includeType = Flags(rawValue: 4)
    }

    public func print(_ value: LoadedValue, indent: String = "") -> String {
        var out = ""
        var flags: Flags = [.top, .includeType]
        if layout == .multiLine { flags.insert(.newlines) }
        write(value, flags: flags, indent: indent, to: &out)
        return out
    }

    // MARK: Values

    private func write(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        if let reason = value.unreadable {
            out += "(unreadable \(reason))"
            return
        }
        if !flags.contains(.top) && value.isNil {
            out += flags.contains(.includeType) && value.type != "void" ? value.type + " nil" : "nil"
            return
        }
        switch value.kind {
        case .slice:
            if flags.contains(.includeType) {
                out += "\(value.type) len: \(value.length), cap: \(value.capacity), "
            }
            if value.base == 0 && value.children.isEmpty {
                out += "nil"
                return
            }
            writeElements(value, flags: flags, indent: indent, to: &out)
        case .array:
            if flags.contains(.includeType) { out += value.type + " " }
            writeElements(value, flags: flags, indent: indent, to: &out)
        case .pointer:
            writePointer(value, flags: flags, indent: indent, to: &out)
        case .unsafePointer:
            if let pointee = value.children.first {
                out += "unsafe.Pointer(\(hexAddress(pointee.address)))"
            } else {
                out += "unsafe.Pointer(nil)"
            }
        case .chan:
            if value.children.isEmpty {
                out += value.type + " nil"
            } else if flags.contains(.newlines) {
                writeStruct(value, flags: flags, indent: indent, to: &out)
            } else if value.children.count < 2 {
                out += value.type + " nil"
            } else {
                out += "\(value.type) \(value.children[0].value)/\(value.children[1].value)"
            }
        case .struct:
            var structFlags = flags
            if !value.value.isEmpty {
                out += "\(value.type)(\(value.value))"
                structFlags.remove(.includeType)
            }
            writeStruct(value, flags: structFlags, indent: indent, to: &out)
        case .interface:
            writeInterface(value, flags: flags, indent: indent, to: &out)
        case .map:
            writeMap(value, flags: flags, indent: indent, to: &out)
        case .func:
            out += value.value.isEmpty ? "nil" : value.value
        default:
            writeBasic(value, to: &out)
        }
    }

    private func writePointer(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        guard let pointee = value.children.first, !value.type.isEmpty else {
            out += "nil"
            return
        }
        if pointee.onlyAddress && pointee.address != 0 {
            out += pointerText(value.type, pointee.address)
            return
        }
        if showsTopPointerAddress && flags.contains(.top) && flags.contains(.newlines) && pointee.address != 0 {
            out += pointerText(value.type, pointee.address) + "\n"
        }
        out += "*"
        var childFlags = flags
        childFlags.remove(.top)
        write(pointee, flags: childFlags, indent: indent, to: &out)
    }

    /// `(*main.Order)(0xc000010000)`; a type with a package path is quoted.
    private func pointerText(_ type: String, _ address: UInt64) -> String {
        let name = type.contains("/") ? TextQuoting.goQuoted(Array(type.utf8)) : type
        return "(\(name))(\(hexAddress(address)))"
    }

    private func writeBasic(_ value: LoadedValue, to out: inout String) {
        switch value.kind {
        case .string:
            var bytes = value.stringBytes ?? Array(value.value.utf8)
            if Int64(bytes.count) != value.length {
                bytes += Array("...+\(value.length - Int64(bytes.count)) more".utf8)
            }
            out += TextQuoting.goQuoted(bytes)
        case .complex64, .complex128:
            let real = value.children.first?.value ?? "?"
            let imaginary = value.children.dropFirst().first?.value ?? "?"
            out += "(\(real) + \(imaginary)i)"
        default:
            out += value.value.isEmpty ? "(unknown \(value.kind))" : value.value
        }
    }

    // MARK: Composites

    private func writeStruct(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        if value.children.isEmpty && value.length != 0 {
            // Not loaded: deeper than the recursion limit.
            out += "(*\(value.type.contains("/") ? TextQuoting.goQuoted(Array(value.type.utf8)) : value.type))(\(hexAddress(value.address)))"
            return
        }
        if flags.contains(.includeType) { out += value.type + " " }
        let newlines = shouldBreakStruct(value, flags: flags)
        let inner = indent + Self.indentUnit
        out += "{"
        for (index, field) in value.children.enumerated() {
            if newlines { out += "\n" + inner }
            if !field.name.isEmpty { out += field.name + ": " }
            var fieldFlags: Flags = [.includeType]
            if newlines { fieldFlags.insert(.newlines) }
            write(field, flags: fieldFlags, indent: inner, to: &out)
            if index != value.children.count - 1 || newlines {
                out += newlines ? "," : ", "
            }
        }
        if Int64(value.children.count) != value.length {
            out += newlines ? "\n" + inner : ","
            out += "...+\(value.length - Int64(value.children.count)) more"
        }
        out += "}"
    }

    private func writeElements(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        let newlines = shouldBreakArray(value, flags: flags)
        let inner = indent + Self.indentUnit
        out += "["
        for (index, element) in value.children.enumerated() {
            if newlines { out += "\n" + inner }
            write(element, flags: newlines ? [.newlines] : [], indent: inner, to: &out)
            if index != value.children.count - 1 || newlines { out += "," }
        }
        if Int64(value.children.count) != value.length {
            if value.children.isEmpty {
                out += "..."
            } else {
                out += newlines ? "\n" + inner : ","
                out += "...+\(value.length - Int64(value.children.count)) more"
            }
        }
        if newlines { out += "\n" + indent }
        out += "]"
    }

    /// Children alternate key, value.
    private func writeMap(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        if flags.contains(.includeType) { out += value.type + " " }
        if value.base == 0 && value.children.isEmpty {
            out += "nil"
            return
        }
        let newlines = flags.contains(.newlines) && !value.children.isEmpty
        let inner = indent + Self.indentUnit
        out += "["
        var index = 0
        while index + 1 < value.children.count {
            if newlines { out += "\n" + inner }
            write(value.children[index], flags: [], indent: inner, to: &out)
            out += ": "
            write(value.children[index + 1], flags: newlines ? [.newlines] : [], indent: inner, to: &out)
            out += ", "  // Delve ends every entry so, the last one too
            index += 2
        }
        let shown = Int64(value.children.count / 2)
        if shown != value.length {
            if value.children.isEmpty {
                out += "..."
            } else {
                out += newlines ? "\n" + inner : ","
                out += "...+\(value.length - shown) more"
            }
        }
        if newlines { out += "\n" + indent }
        out += "]"
    }

    /// One child, the dynamic value (`kind` invalid for a nil interface).
    private func writeInterface(_ value: LoadedValue, flags: Flags, indent: String, to out: inout String) {
        guard let data = value.children.first else {
            out += "nil"
            return
        }
        if flags.contains(.includeType) {
            if data.kind == .invalid {
                out += value.type + " "
                if data.address == 0 {
                    out += "nil"
                    return
                }
            } else {
                out += "\(value.type)(\(data.type)) "
            }
        }
        var dataFlags = flags
        dataFlags.remove(.top)
        if flags.contains(.includeType) { dataFlags.remove(.includeType) } else { dataFlags.insert(.includeType) }
        if data.kind == .pointer {
            if data.children.isEmpty {
                out += "..."
            } else if data.children[0].address == 0 {
                out += "nil"
            } else if data.children[0].onlyAddress {
                out += hexAddress(data.address)
            } else {
                write(data, flags: dataFlags, indent: indent, to: &out)
            }
        } else if data.onlyAddress {
            out += "*" + pointerText("*" + value.type, value.address)
        } else {
            write(data, flags: dataFlags, indent: indent, to: &out)
        }
    }

    // MARK: Layout decisions

    private func shouldBreakArray(_ value: LoadedValue, flags: Flags) -> Bool {
        guard flags.contains(.newlines), let first = value.children.first else { return false }
        let (kind, throughPointer) = Self.innermostKind(first)
        if kind.isComposite { return true }
        if kind == .string {
            return throughPointer || value.children.contains { $0.value.utf8.count > Self.maxShortStringLength }
        }
        return false
    }

    private func shouldBreakStruct(_ value: LoadedValue, flags: Flags) -> Bool {
        guard flags.contains(.newlines), !value.children.isEmpty else { return false }
        for field in value.children {
            let (kind, throughPointer) = Self.innermostKind(field)
            if kind.isComposite { return true }
            if kind == .string && (throughPointer || field.value.utf8.count > Self.maxShortStringLength) { return true }
        }
        return false
    }

    /// The kind under any pointers, and whether there were pointers.
    private static func innermostKind(_ value: LoadedValue) -> (ValueKind, Bool) {
        var current = value
        var throughPointer = false
        for _ in 0..<ValueLoader.depthLimit {
            guard current.kind == .pointer else { break }
            throughPointer = true
            guard let next = current.children.first else { break }
            current = next
        }
        return (current.kind, throughPointer)
    }
}
