import DbgSymbols

/// Members, elements and pointees: values made from values, nothing read but pointers.
extension Value {
    /// The members of a struct or union, in declaration order. Unnamed bit-fields (padding)
    /// are left out; anonymous structs and unions are members with an empty name.
    public func members() -> [Value] {
        guard case .aggregate(_, let aggregate) = shape else { return [] }
        return aggregate.members.compactMap { member in
            if member.name == nil && member.bitField != nil { return nil }
            return memberValue(member, aggregateOffset: 0)
        }
    }

    /// The member called `name`, looking into anonymous members (C11) and embedded
    /// fields (Go) as well; nil when there is none.
    public func member(named memberName: String) -> Value? {
        // Go's strings, slices and interfaces are structs underneath: their fields count.
        guard let aggregateType = types.underlying(type).dwarfType, case .aggregate = aggregateType.kind,
              let table = types.table,
              let (path, total) = table.findMember(named: memberName, in: aggregateType),
              let member = path.last
        else { return nil }
        guard let total else {
            return Value(type: types.resolve(member.type), location: .unavailable("the offset of \(memberName) is computed at run time"),
                         context: context, name: memberName)
        }
        // A bit-field's bits count from the start of the aggregate that declares it.
        let ownOffset = member.byteOffset ?? 0
        return memberValue(member, aggregateOffset: total &- ownOffset)
    }

    private func memberValue(_ member: DwarfType.Member, aggregateOffset: UInt64) -> Value {
        let memberType = types.resolve(member.type)
        let memberName = member.name ?? ""
        if let bitField = member.bitField {
            let bitOffset = bitField.bitOffset
            return part(
                at: aggregateOffset &+ bitOffset / 8, type: memberType, name: memberName,
                bitField: BitRange(offset: Int(bitOffset % 8), size: Int(clamping: bitField.bitSize)))
        }
        guard let offset = member.byteOffset else {
            return Value(type: memberType, location: .unavailable("the offset of \(memberName) is computed at run time"),
                         context: context, name: memberName)
        }
        return part(at: aggregateOffset &+ offset, type: memberType, name: memberName)
    }

    /// Go: a field promoted through an embedded pointer (`type B struct{ *C; n int }`, `b.s`),
    /// which `member(named:)` cannot see: the pointers are read, breadth first, as Go
    /// promotes fields. nil when there is no such field.
    public func promotedMember(named memberName: String) throws(ValueError) -> Value? {
        var level = [self]
        for _ in 0..<8 {  // embedding depth; also bounds cycles
            var next: [Value] = []
            for value in level {
                guard case .aggregate(_, let aggregate) = value.shape else { continue }
                for member in aggregate.members where member.isEmbedded {
                    var embedded = value.memberValue(member, aggregateOffset: 0)
                    if case .pointer = embedded.shape {
                        let isNil = try embedded.pointerValue() == 0
                        embedded = try embedded.pointee()
                        if isNil {
                            guard embedded.member(named: memberName) != nil else { continue }
                            throw .unavailable("\(value.name).\(member.name ?? "") is nil: no \(memberName) to read")
                        }
                    }
                    if let found = embedded.member(named: memberName) { return found }
                    next.append(embedded)
                }
            }
            if next.isEmpty { return nil }
            level = next
        }
        return nil
    }

    /// Element `index` of an array (no bounds check: callers check against `count`).
    public func element(at index: Int64) -> Value? {
        guard case .array(let element, _) = shape else { return nil }
        let stride = types.stride(of: element)
        let offset = UInt64(bitPattern: index &* Int64(bitPattern: stride))
        return part(at: offset, type: element, name: "\(name)[\(index)]")
    }

    /// What a pointer points to, `offset` elements on (`p[offset]`, `*(p + offset)`).
    public func pointee(offset: Int64 = 0) throws(ValueError) -> Value {
        guard case .pointer(let target) = shape else { throw .unsupported("\(name) is not a pointer") }
        let base = try pointerValue()
        let stride = types.stride(of: target)
        let address = base &+ UInt64(bitPattern: offset &* Int64(bitPattern: stride))
        return Value(type: target, location: .memory(address), context: context, name: "*" + name)
    }
}
