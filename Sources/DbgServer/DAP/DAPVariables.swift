import DbgFormat
import DbgService

/// API values as DAP shows them, by dlv dap's rules: the value is Delve's one-line text
/// (unsigned integers also in hex, composite values cut at 256 characters), the type when the
/// client wants types, and a reference to expand when there are children to show.
enum DAPVariables {
    /// How values are loaded for an editor (dlv dap's DefaultLoadConfig): one level, strings
    /// to 512 bytes, 64 elements; deeper levels are loaded when expanded.
    static let loadConfig = API.LoadConfig(followPointers: true, maxVariableRecurse: 1, maxStringLen: 512, maxArrayValues: 64,
                                           maxStructFields: -1)
    static let maxValueLength = 256

    /// The value text, and whether the value has children to expand.
    static func text(_ variable: API.Variable) -> (value: String, expandable: Bool) {
        var value = VariableFormatter.singleLine(variable)
        guard variable.unreadable.isEmpty else { return (value, false) }
        let kind = variable.variableKind
        if kind.isUnsignedInteger, let number = UInt64(variable.value) {
            value += " = 0x" + String(number, radix: 16)
        }
        let expandable: Bool
        switch kind {
        case .pointer:
            expandable = variable.children.first.map { $0.addr != 0 && $0.variableKind != .invalid } ?? false
        case .slice, .array, .map:
            expandable = variable.base != 0 && (!variable.children.isEmpty || variable.len > 0)
        case .interface:
            expandable = variable.addr != 0 && variable.children.first.map { $0.variableKind != .invalid && $0.addr != 0 } ?? false
        case .struct:
            expandable = !variable.children.isEmpty || variable.len > 0
        case .string, .unsafePointer:
            expandable = false
        default:
            expandable = !variable.children.isEmpty
        }
        if expandable && value.count > maxValueLength { value = String(value.prefix(maxValueLength)) + "..." }
        return (value, expandable)
    }

    /// Whether a value's children still have to be loaded (one level deeper than loaded).
    static func needsReload(_ variable: API.Variable) -> Bool {
        switch variable.variableKind {
        case .struct: return variable.children.isEmpty && variable.len > 0
        case .slice, .array, .map: return variable.children.isEmpty && variable.len > 0 && variable.base != 0
        case .pointer, .interface:
            return variable.children.first.map { $0.onlyAddr || needsReload($0) && $0.variableKind == .struct } ?? false
        default: return false
        }
    }

    /// The expression for a child of the value `parent` evaluates to (empty when there is none).
    static func childExpression(parent: API.Variable, expression: String, child: API.Variable, index: Int) -> String {
        guard !expression.isEmpty else { return "" }
        switch parent.variableKind {
        case .slice, .array: return "\(expression)[\(index)]"
        case .pointer: return "(*\(expression))"
        case .interface: return "\(expression).(\(child.type))"
        case .struct: return child.name.hasPrefix("~") || child.name.hasPrefix(".") ? "" : "\(expression).\(child.name)"
        default: return ""
        }
    }

    /// A named value (a local, a field): the name is shown as is, a shadowed one in parentheses.
    static func displayName(_ variable: API.Variable) -> String {
        variable.flags & API.Variable.shadowedFlag != 0 ? "(\(variable.name))" : variable.name
    }
}
