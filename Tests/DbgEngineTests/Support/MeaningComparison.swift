import Foundation

@testable import DbgEngine

/// Compares what a loaded value means with what gdb printed: same numbers, characters,
/// enumerators and flags, same fields and elements, same string bytes, pointers to the
/// same address and symbol. Returns the differences, each with its path.
struct MeaningComparison {
    /// Names addresses the way gdb does (`rec+64`), to check that both name a pointer's target alike.
    var symbols: any SymbolLookup

    func differences(_ ours: LoadedValue, _ gdb: GDBValue, path: String = "") -> [String] {
        func differ(_ why: String) -> [String] { ["\(path.isEmpty ? "value" : path): \(why) (ours \(ValueText(layout: .singleLine).print(ours)), gdb \(gdb))"] }
        if let unreadable = ours.unreadable { return differ("unreadable: \(unreadable)") }
        switch ours.kind {
        case .struct:
            guard case .composite(let items) = gdb else { return differ("gdb has no fields") }
            guard items.count == ours.children.count else { return differ("\(ours.children.count) fields, gdb \(items.count)") }
            var found: [String] = []
            for (child, item) in zip(ours.children, items) {
                let name = child.name.isEmpty ? nil : child.name
                if name != item.name { found += differ("field \(child.name) where gdb has \(item.name ?? "(anonymous)")") }
                found += differences(child, item.value, path: path + "." + (name ?? "<anonymous>"))
            }
            return found
        case .array:
            guard case .composite(let items) = gdb else { return differ("gdb has no elements") }
            guard items.count == ours.children.count, Int64(items.count) == ours.length else {
                return differ("\(ours.children.count) of \(ours.length) elements, gdb \(items.count)")
            }
            return zip(ours.children, items).enumerated().flatMap { index, pair in
                differences(pair.0, pair.1.value, path: path + "[\(index)]")
            }
        case .string:
            let ourBytes = ours.stringBytes ?? Array(ours.value.utf8)
            switch gdb {
            case .string(let bytes):
                // A char array: gdb shows all of it but the NUL that ends it, as we do.
                return bytes == ourBytes ? [] : differ("different text")
            case .pointer(let address, _, let string):
                guard address == ours.base else { return differ("string at another address") }
                return string == ourBytes ? [] : differ("different text")
            default:
                return differ("gdb has no string")
            }
        case .pointer, .unsafePointer:
            guard case .pointer(let address, let symbol, _) = gdb else { return differ("gdb has no pointer") }
            guard let pointee = ours.children.first else { return address == 0 ? [] : differ("no pointee") }
            if pointee.isNil { return address == 0 ? [] : differ("nil, gdb 0x\(String(address, radix: 16))") }
            guard pointee.address == address else { return differ("points to 0x\(String(pointee.address, radix: 16))") }
            return symbolDifferences(address, symbol, differ)
        case .func:
            guard case .pointer(let address, let symbol, _) = gdb else { return differ("gdb has no function pointer") }
            if address == 0 { return ours.value.isEmpty ? [] : differ("not nil") }
            guard ours.base == address else { return differ("another address") }
            if let symbol, symbol != ours.value { return differ("named \(ours.value), gdb \(symbol)") }
            return symbolDifferences(address, symbol, differ)
        case .float32, .float64:
            guard case .scalar(let text) = gdb else { return differ("gdb has no number") }
            return Self.sameFloat(ours.value, text, single: ours.kind == .float32) ? [] : differ("different number")
        case .bool, .int, .int8, .int16, .int32, .int64, .uint, .uint8, .uint16, .uint32, .uint64, .uintptr:
            guard case .scalar(let text) = gdb else { return differ("gdb has no scalar") }
            return Self.normalisedEnum(text) == ours.value ? [] : differ("different value")
        default:
            return differ("kind \(ours.kind) is not compared")
        }
    }

    private func symbolDifferences(_ address: UInt64, _ gdbSymbol: String?, _ differ: (String) -> [String]) -> [String] {
        guard let gdbSymbol else { return [] }
        guard let (name, offset) = symbols.symbol(containing: address) else { return differ("no symbol, gdb <\(gdbSymbol)>") }
        let ours = offset == 0 ? name : "\(name)+\(offset)"
        return ours == gdbSymbol ? [] : differ("target <\(ours)>, gdb <\(gdbSymbol)>")
    }

    /// gdb's `(KIND_A | unknown: 0x8)` is our `KIND_A|0x8`.
    static func normalisedEnum(_ text: String) -> String {
        guard text.hasPrefix("("), text.hasSuffix(")"), text.contains(" | ") else { return text }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: " | ", with: "|")
            .replacingOccurrences(of: "unknown: ", with: "")
    }

    static func sameFloat(_ ours: String, _ gdb: String, single: Bool) -> Bool {
        func parse(_ text: String) -> Double? {
            switch text {
            case "+Inf", "inf": return .infinity
            case "-Inf", "-inf": return -.infinity
            default: return text.hasPrefix("NaN") || text.contains("nan") ? .nan : Double(text)
            }
        }
        guard let a = parse(ours), let b = parse(gdb) else { return false }
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        return single ? Float(a) == Float(b) : a == b
    }
}
