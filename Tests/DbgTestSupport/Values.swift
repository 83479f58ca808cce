import DbgFormat
import DbgService

/// Builders for API values shaped as the engine will send them (as Delve's are).
public enum Values {
    public static func make(_ name: String = "", _ type: String, _ kind: VariableKind, _ value: String = "",
                     addr: UInt64 = 0xc000010000, children: [API.Variable] = [], len: Int64? = nil, cap: Int64 = 0,
                     base: UInt64 = 0, onlyAddr: Bool = false) -> API.Variable {
        var v = API.Variable(name: name, type: type, value: value, kind: kind.rawValue, children: children)
        v.addr = addr
        v.len = len ?? (kind == .struct ? Int64(children.count) : kind == .string ? Int64(value.utf8.count) : 0)
        v.cap = cap
        v.base = base
        v.onlyAddr = onlyAddr
        return v
    }

    public static func int(_ name: String, _ value: String, type: String = "int") -> API.Variable {
        make(name, type, .int, value)
    }

    public static func float(_ name: String, _ value: String) -> API.Variable {
        make(name, "float64", .float64, value)
    }

    public static func string(_ name: String, _ value: String, len: Int64? = nil) -> API.Variable {
        make(name, "string", .string, value, len: len)
    }

    public static func `struct`(_ name: String, _ type: String, _ fields: [API.Variable], addr: UInt64 = 0xc000020000) -> API.Variable {
        make(name, type, .struct, addr: addr, children: fields)
    }

    /// A struct the recursion limit left unloaded: its address and field count only.
    public static func unloaded(_ name: String, _ type: String, fields: Int64, addr: UInt64) -> API.Variable {
        make(name, type, .struct, addr: addr, len: fields)
    }

    public static func pointer(_ name: String, _ type: String, to target: API.Variable) -> API.Variable {
        make(name, type, .pointer, children: [target])
    }

    public static func nilPointer(_ name: String, _ type: String) -> API.Variable {
        make(name, type, .pointer, children: [make("", String(type.dropFirst()), .struct, addr: 0)])
    }

    public static func slice(_ name: String, _ type: String, _ elements: [API.Variable], len: Int64? = nil, cap: Int64? = nil) -> API.Variable {
        let length = len ?? Int64(elements.count)
        return make(name, type, .slice, children: elements, len: length, cap: cap ?? length, base: 0xc000030000)
    }

    public static func map(_ name: String, _ type: String, _ pairs: [(API.Variable, API.Variable)], len: Int64? = nil) -> API.Variable {
        make(name, type, .map, children: pairs.flatMap { [$0.0, $0.1] }, len: len ?? Int64(pairs.count), base: 0xc000040000)
    }

    public static func key(_ text: String) -> API.Variable { string("", text) }
}

