/// The bytes of trace lines being made, in a block of memory they are written into in place:
/// no array or string per line (a trace writes millions). Grows to hold what it is asked
/// to; the owner writes it out and empties it. Not copyable: it owns its memory.
public struct TraceLineBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 17) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The bytes written so far.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    public mutating func removeAll() { count = 0 }

    /// Where the next `length` bytes (at most) go: write them, then `advance(to:)` past the last.
    mutating func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if count + length > capacity {
            let grown = max(capacity * 2, count + length)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            larger.update(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity = grown
        }
        return storage + count
    }

    /// Ends a write that `reserve` began at the byte before `end`.
    mutating func advance(to end: UnsafeMutablePointer<UInt8>) { count = end - storage }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        var cursor = reserve(bytes.count)
        for byte in bytes {
            cursor.pointee = byte
            cursor += 1
        }
        advance(to: cursor)
    }
}
