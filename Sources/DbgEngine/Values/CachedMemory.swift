/// One block of memory read at once, answering reads inside it without asking again:
/// loading a struct or an array reads it whole instead of field by field (each read of a
/// live process is a system call). Reads outside the block go to the memory behind.
struct CachedMemory: TargetMemory {
    let base: UInt64
    let bytes: [UInt8]
    let fallback: any TargetMemory

    /// Blocks larger than this are not cached (they are read a piece at a time).
    static let maxBlockSize = 1 << 20

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        if address >= base, count >= 0 {
            let start = address - base
            if start <= UInt64(bytes.count), UInt64(count) <= UInt64(bytes.count) - start {
                return Array(bytes[Int(start)..<Int(start) + count])
            }
        }
        return try fallback.read(at: address, count: count)
    }

    /// `context` with `count` bytes at `address` cached, when they can be read at once;
    /// unchanged otherwise (the parts will then be read, or fail, one by one).
    static func caching(_ context: ValueContext, address: UInt64, count: UInt64) -> ValueContext {
        guard count > 0, count <= UInt64(maxBlockSize),
              let block = try? context.memory.read(at: address, count: Int(count))
        else { return context }
        var cached = context
        cached.memory = CachedMemory(base: address, bytes: block, fallback: context.memory)
        return cached
    }
}
