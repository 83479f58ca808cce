import DbgSymbols

/// Where a C function's result is after it returns, by the System V x86-64 ABI: a struct
/// or union of up to 16 bytes in registers, each eightbyte in the next integer register
/// (rax, rdx) or, when all its fields are floating point, the next vector register (xmm0,
/// xmm1); anything larger in memory, at the address the function returns in rax.
struct SysVReturnLocation {
    let types: TypeSystem

    enum Location {
        case bytes([UInt8])
        case memory(UInt64)
    }

    /// `integers`: rax and rdx; `vectors`: the low eightbytes of xmm0 and xmm1.
    func location(of type: ValueType, integers: [UInt64], vectors: [UInt64]) -> Location? {
        guard let size = types.size(of: type), size > 0 else { return nil }
        guard size <= 16, var classes = eightbyteClasses(of: type, size: Int(size)) else {
            return integers.first.map { .memory($0) }
        }
        if classes.isEmpty { classes = [.integer] }
        var nextInteger = 0, nextVector = 0
        var bytes: [UInt8] = []
        for eightbyte in classes {
            let word: UInt64
            switch eightbyte {
            case .integer:
                guard nextInteger < integers.count else { return nil }
                word = integers[nextInteger]
                nextInteger += 1
            case .vector:
                guard nextVector < vectors.count else { return nil }
                word = vectors[nextVector]
                nextVector += 1
            }
            bytes += littleEndianBytes(word, count: 8)
        }
        return .bytes(Array(bytes.prefix(Int(size))))
    }

    enum EightbyteClass: Equatable { case integer, vector }

    /// The class of each eightbyte of a value of `type`; nil when it goes in memory
    /// (long double, unaligned or unknown fields).
    func eightbyteClasses(of type: ValueType, size: Int) -> [EightbyteClass]? {
        var isFloatOnly = [Bool](repeating: true, count: (size + 7) / 8)
        var touched = [Bool](repeating: false, count: isFloatOnly.count)
        guard classify(type, offset: 0, isFloatOnly: &isFloatOnly, touched: &touched, depth: 0) else { return nil }
        return zip(isFloatOnly, touched).map { floatOnly, used in used && floatOnly ? .vector : .integer }
    }

    private func classify(_ type: ValueType, offset: Int, isFloatOnly: inout [Bool], touched: inout [Bool], depth: Int) -> Bool {
        guard depth < 16 else { return false }
        func mark(_ size: Int, float: Bool) -> Bool {
            guard size > 0, offset % min(size, 8) == 0 else { return false }  // unaligned: memory
            for byte in stride(from: offset, to: offset + size, by: 8) where byte / 8 < touched.count {
                touched[byte / 8] = true
                if !float { isFloatOnly[byte / 8] = false }
            }
            return true
        }
        switch types.shape(of: type) {
        case .integer(let size, _, _), .boolean(let size): return mark(size, float: false)
        case .enumeration(let dwarf, _): return mark(Int(dwarf.byteSize ?? 4), float: false)
        case .pointer, .function: return mark(8, float: false)
        case .float(let size): return size <= 8 && mark(size, float: true)
        case .complex(let size): return size <= 16 && mark(size, float: true)
        case .aggregate(_, let aggregate):
            for member in aggregate.members {
                guard member.bitField == nil || member.byteOffset != nil else { return false }
                guard let memberOffset = member.byteOffset,
                      classify(types.resolve(member.type), offset: offset + Int(memberOffset), isFloatOnly: &isFloatOnly,
                               touched: &touched, depth: depth + 1)
                else { return false }
            }
            return true
        case .array(let element, let count):
            guard let count, count <= 16 else { return false }
            let stride = Int(types.stride(of: element))
            for index in 0..<Int(count) {
                guard classify(element, offset: offset + index * stride, isFloatOnly: &isFloatOnly, touched: &touched,
                               depth: depth + 1)
                else { return false }
            }
            return true
        default:
            return false
        }
    }
}
