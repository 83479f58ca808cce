import DbgSymbols
import Synchronization

/// Swift types of one binary, for reading values: names from mangled names, layouts from the
/// reflection metadata and the standard library's known layouts. Layouts are computed once
/// per type and kept.
///
/// The binary and the program's memory are untrusted: a layout that cannot be computed is an
/// error on that value (`ValueError`), and recursion through types stops at `depthLimit`.
public final class SwiftTypes: Sendable {
    let reflection: SwiftReflection?
    private let cache = Mutex(Cache())

    private struct Cache {
        var layouts: [SwiftTypeName: Result<SwiftLayout, ValueError>] = [:]
        var names: [SwiftMangledName: SwiftTypeName?] = [:]
        var classBoundProtocols: Set<String>?
    }

    static let depthLimit = 24

    /// The types of the binary declaring a nominal type this one does not (nil: none).
    let declaringTypes: @Sendable (String) -> SwiftTypes?

    public init(reflection: SwiftReflection?, declaringTypes: @escaping @Sendable (String) -> SwiftTypes? = { _ in nil }) {
        self.reflection = reflection
        self.declaringTypes = declaringTypes
    }

    /// The types and descriptor of the nominal type `name`: this binary's, or the binary's
    /// that declares it.
    func declaration(of name: String) -> (types: SwiftTypes, descriptor: SwiftTypeDescriptor)? {
        if let descriptor = reflection?.descriptor(named: name) { return (self, descriptor) }
        guard let other = declaringTypes(name), other !== self, let descriptor = other.reflection?.descriptor(named: name) else { return nil }
        return (other, descriptor)
    }

    // MARK: Names

    /// The type a DWARF type name (`$s6values5PointVD`) spells; nil when it spells none dbg reads.
    public func typeName(mangled: String) -> SwiftTypeName? {
        if let parsed = try? SwiftMangledTypeParser(resolver: nil).parse(mangled) { return parsed }
        // A closure's DWARF type is its lowered (SIL) function type, which says how arguments
        // pass, not the Swift signature: a function of unknown signature, as LLDB shows it
        // (`() -> ()`), thin or with its context by its convention.
        guard let demangled = SwiftDemangler.demangle(mangled), demangled.contains("@callee_") else { return nil }
        let isThin = demangled.contains("@convention(thin)") || demangled.contains("@convention(c)")
        return .function(SwiftFunctionType(parameters: [], result: .tuple([]), convention: isThin ? .thin : .swift))
    }

    /// The type a reflection record names (symbolic references resolved to this binary's
    /// type descriptors).
    func typeName(_ mangled: SwiftMangledName) throws(ValueError) -> SwiftTypeName {
        if let known = cache.withLock({ $0.names[mangled] }) {
            guard let known else { throw .unsupported("a field type dbg cannot name") }
            return known
        }
        let reflection = self.reflection
        let parser = SwiftMangledTypeParser { kind, target in
            switch kind {
            case 1:
                return reflection?.descriptors[target]?.name ?? reflection?.contextName(at: target)
            case 2:
                // A pointer slot the loader fills: its relocation names the descriptor.
                switch reflection?.indirectTargets[target] {
                case .address(let address):
                    return reflection?.descriptors[address]?.name ?? reflection?.contextName(at: address)
                case .symbol(let symbol):
                    return Self.nominalName(ofDescriptorSymbol: symbol)
                case nil:
                    return nil
                }
            default:
                return nil
            }
        }
        let parsed = try? parser.parse(mangled.bytes, baseAddress: mangled.address)
        cache.withLock { $0.names[mangled] = .some(parsed) }
        guard let parsed else { throw .unsupported("a field type dbg cannot name") }
        return parsed
    }

    /// `$ss4Int8VMn` (the nominal type descriptor of Swift.Int8) → Swift.Int8.
    static func nominalName(ofDescriptorSymbol symbol: String) -> SwiftNominalName? {
        guard symbol.hasSuffix("Mn"), case .nominal(let name, _)? = try? SwiftMangledTypeParser().parse(String(symbol.dropLast(2)))
        else { return nil }
        return name
    }

    // MARK: Layouts

    func layout(of type: SwiftTypeName) throws(ValueError) -> SwiftLayout {
        try layout(of: type, depth: 0)
    }

    func layout(of type: SwiftTypeName, depth: Int) throws(ValueError) -> SwiftLayout {
        if let known = cache.withLock({ $0.layouts[type] }) { return try known.get() }
        guard depth < Self.depthLimit else { throw .unsupported("types nested too deeply") }
        let result: Result<SwiftLayout, ValueError>
        do throws(ValueError) {
            result = .success(try computeLayout(of: type, depth: depth))
        } catch {
            result = .failure(error)
        }
        cache.withLock { $0.layouts[type] = result }
        return try result.get()
    }

    private func computeLayout(of type: SwiftTypeName, depth: Int) throws(ValueError) -> SwiftLayout {
        switch type {
        case .nominal(let nominal, let arguments):
            if nominal.isStandardLibrary, let standard = try standardLayout(nominal.name, arguments: arguments, depth: depth) {
                return standard
            }
            return try nominalLayout(nominal, arguments: arguments, depth: depth)
        case .tuple(let elements):
            let fields = elements.enumerated().map { index, element in
                (name: element.label ?? "\(index)", type: element.type)
            }
            return try recordLayout(fields, depth: depth)
        case .function(let function):
            let isThin = function.convention != .swift
            return SwiftLayout(
                size: isThin ? 8 : 16, alignment: 8, extraInhabitants: .pointer(), kind: .function(isThin: isThin))
        case .existential(let protocols, let isClassBound):
            let classBound = isClassBound || protocols.contains { isClassBoundProtocol($0) }
            let tables = protocols.count * 8
            if classBound {
                return SwiftLayout(size: 8 + tables, alignment: 8, extraInhabitants: .pointer(), kind: .existential(isClassBound: true))
            }
            return SwiftLayout(size: 32 + tables, alignment: 8, extraInhabitants: .pointer(at: 24), kind: .existential(isClassBound: false))
        case .metatype:
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .metatype)
        case .builtin(let name):
            return try builtinLayout(name)
        case .referenceStorage(let ownership, _):
            switch ownership {
            case .weak:
                // A pointer to the object's side table (nil: no object), whose first word
                // is the object.
                return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .none, kind: .weakReference)
            case .unowned, .unmanaged:
                // The object's own address (its unowned count keeps the memory).
                return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .classReference)
            }
        case .genericParameter:
            throw .unsupported("a generic parameter not bound at this stop")
        }
    }

    private func builtinLayout(_ name: String) throws(ValueError) -> SwiftLayout {
        if name.hasPrefix("Builtin.Int"), let bits = Int(name.dropFirst("Builtin.Int".count)), bits > 0, bits % 8 == 0, bits <= 64 {
            return SwiftLayout(size: bits / 8, alignment: bits / 8, extraInhabitants: .none, kind: .integer(isSigned: true))
        }
        switch name {
        case "Builtin.FPIEEE64": return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .none, kind: .float)
        case "Builtin.FPIEEE32": return SwiftLayout(size: 4, alignment: 4, extraInhabitants: .none, kind: .float)
        case "Builtin.Word": return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .none, kind: .integer(isSigned: true))
        case "Builtin.NativeObject", "Builtin.BridgeObject", "Builtin.UnknownObject":
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .classReference)
        case "Builtin.RawPointer":
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .pointer(pointee: nil))
        default:
            throw .unsupported("\(name) is not read yet")
        }
    }

    /// Stored properties laid out in order, each at its alignment (a struct's or a tuple's).
    func recordLayout(_ fields: [(name: String, type: SwiftTypeName)], depth: Int) throws(ValueError) -> SwiftLayout {
        var offset = 0
        var alignment = 1
        var placed: [SwiftRecordField] = []
        var inhabitants = SwiftExtraInhabitants.none
        for field in fields {
            let layout = try layout(of: field.type, depth: depth + 1)
            let fieldAlignment = max(layout.alignment, 1)
            offset = (offset + fieldAlignment - 1) / fieldAlignment * fieldAlignment
            placed.append(SwiftRecordField(name: field.name, type: field.type, offset: offset))
            // The field with the most extra inhabitants lends them to the record.
            if layout.extraInhabitants.count > inhabitants.count { inhabitants = layout.extraInhabitants.shifted(by: offset) }
            offset += layout.size
            alignment = max(alignment, fieldAlignment)
        }
        return SwiftLayout(size: offset, alignment: alignment, extraInhabitants: inhabitants, kind: .record(placed))
    }

    // MARK: The program's own types

    private func nominalLayout(_ nominal: SwiftNominalName, arguments: [SwiftTypeName], depth: Int) throws(ValueError) -> SwiftLayout {
        switch nominal.kind {
        case .classType:
            return SwiftLayout(size: 8, alignment: 8, extraInhabitants: .pointer(), kind: .classReference)
        case .protocolType, .typeAlias:
            throw .unsupported("\(nominal) is not a type of values")
        case .structure, .enumeration:
            break
        }
        guard let descriptor = reflection?.descriptor(named: nominal.description) else {
            // Declared in a library: laid out by that binary's metadata.
            if let (other, _) = declaration(of: nominal.description), other !== self {
                return try other.layout(of: .nominal(nominal, arguments: arguments), depth: depth + 1)
            }
            throw .unsupported("no reflection metadata for \(nominal) in the program's binaries")
        }
        guard arguments.count == descriptor.genericParameterCount else {
            throw .unsupported("\(nominal) takes \(descriptor.genericParameterCount) generic arguments, not \(arguments.count)")
        }
        var fields: [(name: String, type: SwiftTypeName?, isIndirect: Bool)] = []
        for field in descriptor.fields {
            let type = try field.type.map { (name) throws(ValueError) in try typeName(name).substituting(arguments) }
            fields.append((field.name, type, field.isIndirect))
        }
        if nominal.kind == .structure {
            var stored: [(name: String, type: SwiftTypeName)] = []
            for field in fields {
                guard let type = field.type else { throw .unsupported("\(nominal).\(field.name) has no type") }
                stored.append((field.name, type))
            }
            return try recordLayout(stored, depth: depth)
        }
        let cases = fields.map { SwiftEnumLayout.Case(name: $0.name, payload: $0.type, isIndirect: $0.isIndirect) }
        return try enumLayout(
            cases: cases, payloadCaseCount: descriptor.payloadCaseCount, spareBits: reflection?.payloadSpareBits[descriptor.address],
            depth: depth)
    }

    private func isClassBoundProtocol(_ name: SwiftNominalName) -> Bool {
        let known = cache.withLock { $0.classBoundProtocols }
        if let known { return known.contains(name.description) }
        var bound: Set<String> = []
        for (mangled, isClassBound) in reflection?.protocols ?? [] where isClassBound {
            if case .nominal(let parsed, _)? = try? typeName(mangled) { bound.insert(parsed.description) }
        }
        cache.withLock { $0.classBoundProtocols = bound }
        return bound.contains(name.description)
    }
}

extension SwiftTypeName {
    /// This type with generic parameters replaced by `arguments` (depth 0, by index).
    func substituting(_ arguments: [SwiftTypeName]) throws(ValueError) -> SwiftTypeName {
        if arguments.isEmpty { return self }
        switch self {
        case .genericParameter(let depth, let index):
            guard depth == 0, index < arguments.count else {
                throw .unsupported("generic parameter τ_\(depth)_\(index) of a nested generic type")
            }
            return arguments[index]
        case .nominal(let name, let own):
            var replaced: [SwiftTypeName] = []
            for argument in own { replaced.append(try argument.substituting(arguments)) }
            return .nominal(name, arguments: replaced)
        case .tuple(let elements):
            var replaced: [SwiftTupleElement] = []
            for element in elements { replaced.append(SwiftTupleElement(label: element.label, type: try element.type.substituting(arguments))) }
            return .tuple(replaced)
        case .metatype(let instance, let isExistential):
            return .metatype(try instance.substituting(arguments), isExistential: isExistential)
        case .referenceStorage(let ownership, let referent):
            return .referenceStorage(ownership, try referent.substituting(arguments))
        case .function, .existential, .builtin:
            return self
        }
    }
}
