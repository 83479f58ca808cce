import DbgSymbols

/// Answers questions about `ValueType`s: their shape, size and name, and types by name.
/// It wraps the binary's `TypeTable` (nil when a test works with builtins only).
public struct TypeSystem: Sendable {
    public let table: TypeTable?
    public var addressSize: Int
    /// The binary's Swift types (nil for a binary without Swift).
    public let swift: SwiftTypes?

    /// Typedef chains, nested arrays and pointer-to-pointer names deeper than this are
    /// corrupt DWARF (or a cycle in it): names and shapes stop there.
    static let depthLimit = 32

    public init(table: TypeTable?, addressSize: Int = 8, swift: SwiftTypes? = nil) {
        self.table = table
        self.addressSize = addressSize
        self.swift = swift
    }

    /// The type a DWARF reference names (`void` for nil).
    public func resolve(_ offset: DIEOffset?) -> ValueType {
        guard let offset else { return .void }
        guard let table else { return .dwarf(.unknown(offset, "no type table")) }
        return .dwarf(table.resolve(offset))
    }

    /// The type without its typedefs and qualifiers.
    public func underlying(_ type: ValueType) -> ValueType {
        guard case .dwarf(let dwarf) = type, let table else { return type }
        return .dwarf(table.underlying(dwarf))
    }

    // MARK: Shape

    public func shape(of type: ValueType) -> TypeShape {
        switch type {
        case .pointer(let pointee, _):
            return .pointer(to: pointee)
        case .array(let element, let count, _):
            return .array(of: element, count: count)
        case .function:
            return .function
        case .swift(let name):
            return swiftShape(of: name)
        case .builtin(let builtin):
            switch builtin.encoding {
            case .signed: return .integer(size: builtin.size, isSigned: true, isChar: false)
            case .unsigned: return .integer(size: builtin.size, isSigned: false, isChar: false)
            case .signedChar: return .integer(size: builtin.size, isSigned: true, isChar: true)
            case .unsignedChar: return .integer(size: builtin.size, isSigned: false, isChar: true)
            case .float: return .float(size: builtin.size)
            case .boolean: return .boolean(size: builtin.size)
            case .string: return .literalString
            }
        case .dwarf(let dwarf):
            guard let table else { return dwarf.offset.value == 0 ? .void : .unknown("no type table") }
            if dwarf.language == .swift, let swiftName = swiftName(of: type) { return swiftShape(of: swiftName) }
            // Go puts its kind on the named type: `chan string` is a typedef of a pointer to
            // `hchan<string>`, and only the typedef says it is a channel.
            var current = dwarf
            for _ in 0..<Self.depthLimit where current.language.rules.kindsLiveOnNamedTypes {
                if let goShape = goShape(of: current) { return goShape }
                guard case .typedef(let target) = current.kind, let target else { break }
                current = table.resolve(target)
            }
            return shape(of: table.underlying(dwarf), table: table)
        }
    }

    private func shape(of type: DwarfType, table: TypeTable) -> TypeShape {
        let size = Int(clamping: type.byteSize ?? 0)
        switch type.kind {
        case .base(let encoding):
            let isCharacter = type.language.rules.charactersAreText
            switch encoding {
            case .signed: return .integer(size: size, isSigned: true, isChar: false)
            case .unsigned, .address, .other: return .integer(size: size, isSigned: false, isChar: false)
            case .signedChar: return .integer(size: size, isSigned: true, isChar: isCharacter)
            case .unsignedChar: return .integer(size: size, isSigned: false, isChar: isCharacter)
            case .utf: return .integer(size: size, isSigned: false, isChar: isCharacter)
            case .boolean: return .boolean(size: size)
            case .float: return .float(size: size)
            case .complexFloat: return .complex(size: size)
            }
        case .pointer(let target), .reference(let target, _):
            if type.language.rules.hasUnsafePointer && target == nil { return .pointer(to: .void) }  // unsafe.Pointer
            return .pointer(to: resolve(target))
        case .pointerToMember:
            return .integer(size: Int(clamping: type.byteSize ?? 8), isSigned: false, isChar: false)
        case .array(let arrayShape):
            let element = resolve(arrayShape.element)
            guard let first = arrayShape.dimensions.first else { return .array(of: element, count: nil) }
            // `int [2][3]` is one entry with two dimensions: its element is a row, `int [3]`.
            var row = element
            for dimension in arrayShape.dimensions.dropFirst().reversed() {
                row = .array(of: row, count: dimension.count ?? 0, language: type.language)
            }
            return .array(of: row, count: first.count)
        case .aggregate(let aggregate):
            return .aggregate(type, aggregate)
        case .enumeration(let enumeration):
            return .enumeration(type, enumeration)
        case .subroutine:
            return .function
        case .unspecified:
            return .void
        case .typedef, .qualified:
            return .unknown("typedef or qualifier cycle")
        case .unknown(let reason):
            return .unknown(reason)
        }
    }

    /// Go's strings, slices, maps, channels, interfaces and funcs, by DW_AT_go_kind.
    private func goShape(of type: DwarfType) -> TypeShape? {
        guard let kind = type.go?.kind else { return nil }
        switch kind {
        case .string:
            return .goString
        case .slice:
            if let element = type.go?.element { return .goSlice(element: resolve(element)) }
            // Older compilers: the element is the pointee of the `array` field.
            if case .aggregate(let aggregate) = type.kind,
               let array = aggregate.members.first(where: { $0.name == "array" }),
               case .pointer(let pointee) = underlying(resolve(array.type)).dwarfType?.kind {
                return .goSlice(element: resolve(pointee))
            }
            return .unknown("slice type without an element type")
        case .map: return .goMap(type)
        case .chan: return .goChannel(type)
        case .interface: return .goInterface(type)
        case .func: return .goFunction
        default: return nil
        }
    }

    // MARK: Size

    /// The size of a value of `type` in bytes; nil when unknown (incomplete types, `void`).
    public func size(of type: ValueType) -> UInt64? {
        size(of: type, depth: 0)
    }

    private func size(of type: ValueType, depth: Int) -> UInt64? {
        guard depth < Self.depthLimit else { return nil }
        switch type {
        case .dwarf(let dwarf):
            if dwarf.offset.value == 0 { return nil }
            return table?.byteSize(of: dwarf)
        case .pointer:
            return UInt64(addressSize)
        case .array(let element, let count, _):
            guard let elementSize = size(of: element, depth: depth + 1) else { return nil }
            let (total, overflow) = elementSize.multipliedReportingOverflow(by: count)
            return overflow ? nil : total
        case .builtin(let builtin):
            return UInt64(builtin.size)
        case .function:
            return 1  // as gdb says of sizeof(main)
        case .swift(let name):
            return (try? swift?.layout(of: name)).map { UInt64($0.size) }
        }
    }

    /// The distance between an array's elements: the element's size (1 for `void`, as
    /// gcc and gdb do pointer arithmetic on `void *`; 0 for Go's empty structs).
    public func stride(of element: ValueType) -> UInt64 {
        if case .swift(let name) = element, let layout = try? swift?.layout(of: name) { return UInt64(layout.stride) }
        return size(of: element) ?? 1
    }
}
