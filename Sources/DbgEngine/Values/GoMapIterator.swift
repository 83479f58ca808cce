import DbgSymbols

/// Walks a Go map's entries (the runtime's hmap of Go 1.x up to 1.23, as its DWARF
/// describes it): 2^B buckets of eight slots chained through overflow buckets; while the
/// map grows, buckets not yet moved are read from `oldbuckets`. Entries come out in bucket
/// order, as Delve lists them.
struct GoMapIterator {
    /// tophash values below this mark empty or evacuated slots.
    static let minTopHash: UInt8 = 5
    static let sameSizeGrow: UInt64 = 8
    /// Buckets visited per map at most, whatever the header says (a corrupt header).
    static let maxBucketVisits = 1 << 20

    let mapType: DwarfType
    let context: ValueContext
    /// The header's address (0 for a nil map) and its entry count.
    let header: UInt64
    let count: Int64
    private let bucketsShift: UInt64
    private let flags: UInt64
    private let buckets: UInt64
    private let oldBuckets: UInt64
    private let bucketType: ValueType?

    init(_ value: Value, mapType: DwarfType) throws(ValueError) {
        self.mapType = mapType
        context = value.context
        let types = value.types
        header = try value.pointerValue()
        guard header != 0 else {
            (count, bucketsShift, flags, buckets, oldBuckets, bucketType) = (0, 0, 0, 0, 0, nil)
            return
        }
        let pointerType: ValueType
        if case .typedef(let target) = mapType.kind { pointerType = types.resolve(target) } else { pointerType = .dwarf(mapType) }
        guard case .pointer(let hmapType) = types.shape(of: pointerType) else {
            throw ValueError.unsupported("map type without a header type")
        }
        let hmap = Value(type: hmapType, location: .memory(header), context: value.context, name: "")
        func field(_ name: String) throws(ValueError) -> Value {
            guard let member = hmap.member(named: name) else { throw ValueError.unsupported("map header without \(name)") }
            return member
        }
        count = try field("count").scalar().asInt64
        bucketsShift = try field("B").scalar().bits
        flags = try field("flags").scalar().bits
        buckets = try field("buckets").pointerValue()
        oldBuckets = try field("oldbuckets").pointerValue()
        guard count >= 0, count < ValueLoader.goMaxLength, bucketsShift < 48 else {
            throw ValueError.unsupported("invalid map header (count \(count), B \(bucketsShift))")
        }
        guard case .pointer(let bucket) = types.shape(of: try field("buckets").type) else {
            throw ValueError.unsupported("map buckets of unknown type")
        }
        bucketType = bucket
    }

    /// Calls `body` with each entry's key and value until it returns false.
    func forEach(_ body: (Value, Value) throws(ValueError) -> Bool) throws(ValueError) {
        guard header != 0, buckets != 0, count > 0, let bucketType,
              let bucketSize = context.types.size(of: bucketType), bucketSize > 0
        else { return }
        let bucketCount: UInt64 = 1 << bucketsShift
        let oldCount = flags & Self.sameSizeGrow != 0 ? bucketCount : max(bucketCount >> 1, 1)
        var visits = 0
        for index in 0..<bucketCount {
            var bucket = buckets &+ index &* bucketSize
            if oldBuckets != 0 {
                // Growing: a bucket whose old bucket is not moved yet is read there, once,
                // by the first of the two new buckets it splits into.
                let oldIndex = index & (oldCount - 1)
                let oldBucket = oldBuckets &+ oldIndex &* bucketSize
                if !isEvacuated(oldBucket) {
                    guard oldIndex == index else { continue }
                    bucket = oldBucket
                }
            }
            while bucket != 0 {
                visits += 1
                if visits > Self.maxBucketVisits { return }
                let bucketValue = Value(type: bucketType, location: .memory(bucket), context: context, name: "")
                guard let tophash = bucketValue.member(named: "tophash"), let keys = bucketValue.member(named: "keys"),
                      let values = bucketValue.member(named: "values") ?? bucketValue.member(named: "elems"),
                      let overflow = bucketValue.member(named: "overflow")
                else { throw ValueError.unsupported("map bucket without tophash, keys, values and overflow") }
                let hashes = try tophash.bytes()
                for slot in 0..<hashes.count where hashes[slot] >= Self.minTopHash {
                    guard let key = keys.element(at: Int64(slot)), let element = values.element(at: Int64(slot)) else { continue }
                    guard try body(indirect(key, mapType.go?.key), indirect(element, mapType.go?.element)) else { return }
                }
                bucket = try overflow.pointerValue()
            }
        }
    }

    /// Keys and values larger than 128 bytes are stored as pointers in the bucket.
    private func indirect(_ slot: Value, _ declared: DIEOffset?) -> Value {
        let types = context.types
        guard let declared, case .pointer(let pointee) = types.shape(of: slot.type),
              types.resolve(declared).dwarfType?.offset != slot.type.dwarfType?.offset,
              types.resolve(declared).dwarfType?.offset == pointee.dwarfType?.offset,
              let address = try? slot.pointerValue()
        else { return slot }
        return Value(type: pointee, location: .memory(address), context: slot.context, name: slot.name)
    }

    /// An old bucket whose entries all moved to the new buckets.
    private func isEvacuated(_ bucket: UInt64) -> Bool {
        guard let first = try? context.memory.read(at: bucket, count: 1).first else { return true }
        return first > 1 && first < Self.minTopHash
    }
}
