import DbgSymbols

/// Go's strings, slices, funcs and channels (maps and interfaces come next).
extension ValueLoader {
    /// Go strings longer than this are reported unreadable (a corrupt header).
    static let goMaxLength: Int64 = 1 << 40

    func loadGoString(_ value: Value, into loaded: inout LoadedValue) {
        loaded.kind = .string
        do throws(ValueError) {
            guard let pointer = value.member(named: "str"), let lengthField = value.member(named: "len") else {
                throw ValueError.unsupported("string header without str and len")
            }
            let base = try pointer.pointerValue()
            let length = try lengthField.scalar().asInt64
            guard length >= 0, length < Self.goMaxLength else { throw ValueError.unsupported("invalid string length \(length)") }
            loaded.base = base
            loaded.length = length
            let shown = Int(min(length, Int64(max(config.maxStringLength, 0))))
            if shown == 0 {
                setString([], into: &loaded)
                return
            }
            do {
                setString(try value.context.memory.read(at: base, count: shown), into: &loaded)
            } catch {
                throw ValueError.unreadableMemory(address: base, count: shown)
            }
        } catch {
            loaded.unreadable = error.description
        }
    }

    func loadGoSlice(_ value: Value, element: ValueType, level: Int, depth: Int, into loaded: inout LoadedValue) {
        loaded.kind = .slice
        let types = value.types
        do throws(ValueError) {
            guard let array = value.member(named: "array"), let lengthField = value.member(named: "len"),
                  let capacityField = value.member(named: "cap")
            else { throw ValueError.unsupported("slice header without array, len and cap") }
            let base = try array.pointerValue()
            let length = try lengthField.scalar().asInt64
            let capacity = try capacityField.scalar().asInt64
            guard length >= 0, capacity >= length, capacity < Self.goMaxLength else {
                throw ValueError.unsupported("invalid slice length \(length) or capacity \(capacity)")
            }
            loaded.base = base
            loaded.length = length
            loaded.capacity = capacity
            let stride = types.stride(of: element)
            let shown = min(length, Int64(max(config.maxArrayValues, 0)))
            let context = CachedMemory.caching(value.context, address: base, count: UInt64(shown) &* stride)
            var errors = 0
            for index in 0..<shown {
                let address = base &+ UInt64(index) &* stride
                let elementValue = Value(type: element, location: .memory(address), context: context)
                let child = load(elementValue, level: level + 1, depth: depth + 1)
                if child.unreadable != nil { errors += 1 }
                loaded.children.append(child)
                if errors > Self.maxErrors || budget.isSpent { break }
            }
        } catch {
            loaded.unreadable = error.description
        }
    }

    /// A func value points to a closure whose first word is the function's entry.
    func loadGoFunction(_ value: Value, into loaded: inout LoadedValue) {
        loaded.kind = .func
        do throws(ValueError) {
            let closure = try value.pointerValue()
            guard closure != 0 else { return }  // nil: prints as `nil`
            let entryBytes: [UInt8]
            do {
                entryBytes = try value.context.memory.read(at: closure, count: 8)
            } catch {
                throw ValueError.unreadableMemory(address: closure, count: 8)
            }
            let entry = littleEndianValue(entryBytes)
            loaded.base = entry
            loaded.value = functionName(at: entry, context: value.context)
        } catch {
            loaded.unreadable = error.description
        }
    }

    /// A channel is a pointer to the runtime's `hchan`: its fields are the channel's state
    /// (Delve shows them; `chan int 3/10` on one line is `qcount/dataqsiz`), with `buf`
    /// shown as the array of `dataqsiz` elements it is.
    func loadGoChannel(_ value: Value, channelType: DwarfType, into loaded: inout LoadedValue) {
        loaded.kind = .chan
        let types = value.types
        let address: UInt64
        do {
            address = try value.pointerValue()
        } catch {
            loaded.unreadable = error.description
            return
        }
        guard address != 0, case .pointer(let hchanType) = types.shape(of: types.underlying(value.type)) else { return }
        loaded.base = address
        let hchan = Value(type: hchanType, location: .memory(address), context: value.context, name: "")
        var state = load(hchan, level: 0, depth: 1)
        guard state.unreadable == nil else {
            loaded.unreadable = state.unreadable
            return
        }
        if let element = channelType.go?.element,
           let capacity = state.children.first(where: { $0.name == "dataqsiz" }).flatMap({ UInt64($0.value) }),
           let index = state.children.firstIndex(where: { $0.name == "buf" }), let buffer = hchan.member(named: "buf"),
           let fieldAddress = buffer.address {
            // The field itself, retyped as a pointer to the array it points to.
            let array = ValueType.array(of: types.resolve(element), count: capacity, language: .go)
            let retyped = Value(
                type: .pointer(to: array, language: .go), location: .memory(fieldAddress), context: value.context, name: "buf")
            state.children[index] = load(retyped, level: 1, depth: 2)
        }
        loaded.children = state.children
        loaded.length = Int64(state.children.count)
    }

    /// The time a `time.Time` stands for (GoTimeText), from its fields as loaded: none when
    /// `wall` or `ext` could not be read, as Delve.
    func goTimeHeading(_ value: Value, fields: [LoadedValue]) -> String? {
        guard let wallText = fields.first(where: { $0.name == "wall" && $0.unreadable == nil })?.value,
              let extText = fields.first(where: { $0.name == "ext" && $0.unreadable == nil })?.value,
              let wall = UInt64(wallText), let ext = Int64(extText)
        else { return nil }
        return GoTimeText.heading(wall: wall, ext: ext, location: goLocationName(value))
    }

    /// The name of a `time.Time`'s `*time.Location`; nil for none (UTC) or one not readable.
    private func goLocationName(_ time: Value) -> String? {
        guard let location = try? time.member(named: "loc")?.pointee(), let name = location.member(named: "name")
        else { return nil }
        var loaded = LoadedValue()
        loadGoString(name, into: &loaded)
        guard loaded.unreadable == nil, Int64(loaded.stringBytes?.count ?? -1) == loaded.length else { return nil }
        return loaded.value
    }
}
