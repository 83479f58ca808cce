import DbgSymbols

/// Reads a value within the load limits into a `LoadedValue`, as Delve loads variables:
/// structs load their fields while the nesting level is at most `maxVariableRecurse`
/// (deeper ones keep only their address), pointers load their pointee at the same level,
/// arrays, slices and strings load at most `maxArrayValues` / `maxStringLength`.
///
/// Every read that fails becomes `unreadable` on the part that failed: a print shows what
/// it could read and says where it could not.
public struct ValueLoader: Sendable {
    public var config: LoadConfig
    /// What this load has read so far: a fresh one for each value loaded from outside.
    var budget = LoadBudget()

    /// Nesting bound whatever the configuration: pointer chains do not raise the level, so
    /// corrupt types (a pointer to itself) must stop somewhere.
    static let depthLimit = 64
    /// Arrays stop loading after this many unreadable elements, as Delve's `maxErrCount`.
    static let maxErrors = 3

    /// Limits no configuration goes past (a client may ask for Int.max): elements of one
    /// array, slice or map, and bytes of one string.
    static let maxElements = 1 << 20
    static let maxStringBytes = 1 << 24

    public init(config: LoadConfig = .default) {
        var config = config
        config.maxArrayValues = min(config.maxArrayValues, Self.maxElements)
        config.maxStringLength = min(config.maxStringLength, Self.maxStringBytes)
        self.config = config
    }

    public func load(_ value: Value) -> LoadedValue {
        var loader = self
        loader.budget = LoadBudget()
        return loader.load(value, level: 0, depth: 0)
    }

    func load(_ value: Value, level: Int, depth: Int) -> LoadedValue {
        let types = value.types
        // A Go interface is its own real type: the struct Go's DWARF lays it on
        // (runtime.iface) is no type the program names, and Delve does not show it.
        let isInterface = if case .goInterface = value.shape { true } else { false }
        var loaded = LoadedValue(
            name: value.name, address: value.address ?? value.fakeAddress ?? 0, type: value.typeName,
            realType: isInterface ? value.typeName : types.name(of: types.underlying(value.type)))
        switch value.location {
        case .register, .pieces, .bytes: loaded.hasNoAddress = true
        case .memory, .unavailable: break
        }
        guard depth < Self.depthLimit else {
            loaded.unreadable = "nested too deeply"
            return loaded
        }
        guard budget.takePart() else {
            loaded.unreadable = LoadBudget.spentReason
            return loaded
        }
        if case .unavailable(let reason) = value.location {
            loaded.unreadable = reason
            return loaded
        }
        switch value.shape {
        case .integer(let size, let isSigned, let isChar):
            loaded.kind = .integer(size: size, isSigned: isSigned)
            fill(&loaded) { () throws(ValueError) in try integerText(value, isChar: isChar) }
        case .boolean:
            loaded.kind = .bool
            fill(&loaded) { () throws(ValueError) in try value.scalar().isZero ? "false" : "true" }
        case .float(let size):
            loaded.kind = size == 4 ? .float32 : .float64
            let rules = value.language.rules
            fill(&loaded) { () throws(ValueError) in rules.floatText(try value.scalar(), size: size) }
        case .complex(let size):
            loadComplex(value, size: size, into: &loaded)
        case .enumeration(_, let enumeration):
            let size = Int(clamping: types.size(of: value.type) ?? 4)
            loaded.kind = .integer(size: size, isSigned: enumeration.isSigned)
            fill(&loaded) { () throws(ValueError) in enumText(try value.scalar(), enumeration) }
        case .pointer(let target):
            loadPointer(value, to: target, level: level, depth: depth, into: &loaded)
        case .array(let element, let count):
            loadArray(value, element: element, count: count, level: level, depth: depth, into: &loaded)
        case .aggregate:
            loadStruct(value, level: level, depth: depth, into: &loaded)
        case .function:
            loaded.kind = .func
            if let address = value.location.address {
                loaded.base = address
                loaded.value = functionName(at: address, context: value.context)
                // A Swift function's type is its full signature (its name shows the short form).
                if let full = value.context.symbols?.fullName(ofFunctionAt: address) { (loaded.type, loaded.realType) = (full, full) }
            }
        case .literalString:
            loaded.kind = .string
            if case .bytes(let bytes) = value.location {
                loaded.length = Int64(bytes.count)
                setString(Array(bytes.prefix(max(config.maxStringLength, 0))), into: &loaded)
            }
        case .goString:
            loadGoString(value, into: &loaded)
        case .goSlice(let element):
            loadGoSlice(value, element: element, level: level, depth: depth, into: &loaded)
        case .goFunction:
            loadGoFunction(value, into: &loaded)
        case .goMap(let mapType):
            loadGoMap(value, mapType: mapType, level: level, depth: depth, into: &loaded)
        case .goChannel(let channelType):
            loadGoChannel(value, channelType: channelType, into: &loaded)
        case .goInterface:
            loadGoInterface(value, level: level, depth: depth, into: &loaded)
        case .swift(let layout, let name):
            loadSwift(value, layout: layout, name: name, level: level, depth: depth, into: &loaded)
        case .void:
            loaded.unreadable = "void has no value"
        case .unknown(let reason):
            loaded.unreadable = reason
        }
        return loaded
    }

    /// Sets `value` from `read`, or `unreadable` from its error.
    func fill(_ loaded: inout LoadedValue, _ read: () throws(ValueError) -> String) {
        do {
            loaded.value = try read()
        } catch {
            loaded.unreadable = error.description
        }
    }

    // MARK: Pointers

    private func loadPointer(_ value: Value, to target: ValueType, level: Int, depth: Int, into loaded: inout LoadedValue) {
        let types = value.types
        let isUnsafe = value.language.rules.hasUnsafePointer && target.dwarfType?.offset.value == 0
        loaded.kind = isUnsafe ? .unsafePointer : .pointer
        let address: UInt64
        do {
            address = try value.pointerValue()
        } catch {
            loaded.unreadable = error.description
            return
        }
        if value.language == .swift {
            // Swift writes a pointer as its address (`0x0000563d6f425950`); the pointee is a
            // child as in other languages (for editors).
            loaded.isSwift = true
            loaded.base = address
        }
        let targetShape = types.shape(of: target)
        var showsAddressOnly = value.showsPointeeAddressOnly
        let rules = value.language.rules
        // C function pointers print as the function's name, C strings as their text.
        if rules.functionPointersShowTheirFunction, case .function = targetShape {
            loaded.kind = .func
            loaded.base = address
            loaded.value = address == 0 ? "" : functionName(at: address, context: value.context)
            return
        }
        if rules.charactersAreText, case .integer(1, _, true) = targetShape, address != 0, !showsAddressOnly {
            // A `char *` to memory that cannot be read keeps its address (gdb shows it with
            // its error): the text is unknown, the pointer is not.
            if (try? value.context.memory.read(at: address, count: 1)) != nil {
                loadCString(at: address, context: value.context, into: &loaded)
                return
            }
            showsAddressOnly = true
        }
        loaded.length = 1
        if isUnsafe {
            if address != 0 { loaded.children = [LoadedValue(address: address, onlyAddress: true, type: "void")] }
            return
        }
        let pointee = Value(type: target, location: .memory(address), context: value.context)
        if address == 0 && isVoid(targetShape) {
            loaded.children = []  // prints `nil` (Delve would print `*nil` for a nil C `void *`)
        } else if address == 0 {
            loaded.children = [LoadedValue(
                type: types.name(of: target), realType: types.name(of: types.underlying(target)),
                kind: kind(of: target, types: types), isNil: true)]
        } else if showsAddressOnly || !config.followPointers || isVoid(targetShape)
                    || (value.language.rules.pointersToPointersShowTheirAddress && isPointer(targetShape)) {
            // A C pointer to a pointer shows its own address, `(**char)(0x4052a0)`, as gdb
            // does: followed, a slot holding NULL would print `**char nil`, which reads as
            // a nil `char **`, and a non-NULL one would hide where the slots are.
            loaded.children = [LoadedValue(
                address: address, onlyAddress: true, type: types.name(of: target),
                realType: types.name(of: types.underlying(target)), kind: kind(of: target, types: types))]
        } else {
            // Pointers do not count as a level (Delve), except to interfaces, which could loop.
            var nextLevel = level
            if case .goInterface = targetShape { nextLevel += 1 }
            loaded.children = [load(pointee, level: nextLevel, depth: depth + 1)]
        }
    }

    private func isPointer(_ shape: TypeShape) -> Bool {
        if case .pointer = shape { return true }
        return false
    }

    private func isVoid(_ shape: TypeShape) -> Bool {
        switch shape {
        case .void, .unknown: return true
        default: return false
        }
    }

    /// The kind a value of `type` loads as, without reading it (for pointees not loaded).
    func kind(of type: ValueType, types: TypeSystem) -> ValueKind {
        switch types.shape(of: type) {
        case .integer(let size, let isSigned, _): return .integer(size: size, isSigned: isSigned)
        case .boolean: return .bool
        case .float(let size): return size == 4 ? .float32 : .float64
        case .complex(let size): return size == 8 ? .complex64 : .complex128
        case .enumeration(let dwarf, let enumeration):
            return .integer(size: Int(clamping: dwarf.byteSize ?? 4), isSigned: enumeration.isSigned)
        case .pointer: return .pointer
        case .array: return .array
        case .aggregate: return .struct
        case .function, .goFunction: return .func
        case .literalString, .goString: return .string
        case .goSlice: return .slice
        case .goMap: return .map
        case .goChannel: return .chan
        case .goInterface: return .interface
        case .swift(let layout, _): return layout.valueKind
        case .void, .unknown: return .invalid
        }
    }

    // MARK: Arrays and structs

    private func loadArray(
        _ value: Value, element: ValueType, count: UInt64?, level: Int, depth: Int, into loaded: inout LoadedValue
    ) {
        let types = value.types
        loaded.kind = .array
        loaded.base = value.address ?? 0
        loaded.length = Int64(clamping: count ?? 0)
        loaded.capacity = loaded.length
        if value.language.rules.charactersAreText, case .integer(1, _, true) = types.shape(of: element) {
            if count == nil, let address = value.address {
                // No bound (a flexible member, `char chars[]`): its length is what the program
                // allocated, which the type does not say. gdb reads it as the char * to its
                // first element: the text up to the NUL.
                loadCString(at: address, context: value.context, into: &loaded)
                return
            }
            loadCharArray(value, count: count ?? 0, into: &loaded)
            return
        }
        let shown = min(count ?? 0, UInt64(max(config.maxArrayValues, 0)))
        var source = value
        if let address = value.address {
            source.context = CachedMemory.caching(value.context, address: address, count: shown &* types.stride(of: element))
        }
        if shown > 0, let reason = unreadableStart(of: source) {
            loaded.unreadable = reason
            return
        }
        var errors = 0
        for index in 0..<Int64(shown) {
            guard let elementValue = source.element(at: index) else { break }
            var child = load(elementValue, level: level + 1, depth: depth + 1)
            child.name = ""
            if child.unreadable != nil { errors += 1 }
            loaded.children.append(child)
            if errors > Self.maxErrors || budget.isSpent { break }
        }
    }

    private func loadStruct(_ value: Value, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.kind = .struct
        let members = value.members()
        loaded.length = Int64(members.count)
        guard level <= config.maxVariableRecurse else { return }
        var context = value.context
        if let address = value.address, let size = value.types.size(of: value.type) {
            context = CachedMemory.caching(value.context, address: address, count: size)
            var cached = value
            cached.context = context
            if size > 0, let reason = unreadableStart(of: cached) {
                loaded.unreadable = reason
                return
            }
        }
        for var member in members {
            if config.maxStructFields >= 0 && loaded.children.count >= config.maxStructFields { break }
            member.context = context
            loaded.children.append(load(member, level: level + 1, depth: depth + 1))
            if budget.isSpent { break }
        }
        if value.language.rules.hasHeading(typeNamed: loaded.realType) {
            loaded.value = goTimeHeading(value, fields: loaded.children) ?? ""
        }
    }

    /// Why a struct or array in memory cannot be read at all (its first byte cannot): it is
    /// then unreadable as a whole, as gdb says "Cannot access memory at address 0x0", not a
    /// list of unreadable fields or elements. (Read from the cache when the block is in it.)
    private func unreadableStart(of value: Value) -> String? {
        guard case .memory(let address) = value.location else { return nil }
        do {
            _ = try value.context.memory.read(at: address, count: 1)
            return nil
        } catch {
            return ValueError.unreadableMemory(address: address, count: 1).description
        }
    }

    private func loadComplex(_ value: Value, size: Int, into loaded: inout LoadedValue) {
        loaded.kind = size == 8 ? .complex64 : .complex128
        loaded.length = 2
        let half = size / 2
        let partType = ValueType.builtin(BuiltinType(
            name: half == 4 ? "float32" : "float64", size: half, encoding: .float, language: value.language))
        for (index, name) in ["real", "imaginary"].enumerated() {
            let part = value.part(at: UInt64(index * half), type: partType, name: name)
            loaded.children.append(load(part, level: 0, depth: Self.depthLimit - 1))
        }
    }
}
