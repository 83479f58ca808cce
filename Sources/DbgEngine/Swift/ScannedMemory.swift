/// Blocks of the program's memory read by a scan, kept to answer later reads of the same
/// stop without asking the process again (each read is a system call; a list of 10,000
/// tasks reads their headers and contexts, which lie in the blocks the scan found them in).
/// Reads outside the blocks go to the memory behind.
struct ScannedMemory: TargetMemory {
    /// Blocks by start address, sorted, not overlapping.
    let blocks: [(start: UInt64, bytes: [UInt8])]
    let fallback: any TargetMemory

    func read(at address: UInt64, count: Int) throws(TargetMemoryError) -> [UInt8] {
        guard count >= 0 else { return try fallback.read(at: address, count: count) }
        // The last block starting at or before `address`.
        var low = 0, high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        if low > 0 {
            let block = blocks[low - 1]
            let offset = address - block.start
            if offset <= UInt64(block.bytes.count), UInt64(count) <= UInt64(block.bytes.count) - offset {
                return Array(block.bytes[Int(offset)..<Int(offset) + count])
            }
        }
        return try fallback.read(at: address, count: count)
    }
}
