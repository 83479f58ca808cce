/// Overwrites short runs of bytes inside given file ranges (a binary's sections) with values
/// that break offsets and counts (0, 0xff, 0x7f, 1, 0x80, or anything), repeatably.
public enum ByteCorruption {
    public static func corrupt(
        _ bytes: inout [UInt8], in ranges: [(offset: UInt64, size: UInt64)], runs: Int, maxRunLength: Int,
        random: inout SplitMix64
    ) {
        let ranges = ranges.filter { $0.size > 0 }
        guard !ranges.isEmpty else { return }
        for _ in 0..<runs {
            let range = ranges[Int(random.next() % UInt64(ranges.count))]
            let start = Int(range.offset) + Int(random.next() % range.size)
            let end = min(start + 1 + Int(random.next() % UInt64(maxRunLength)), Int(range.offset + range.size), bytes.count)
            for index in start..<max(start, end) {
                bytes[index] = [0x00, 0xff, 0x7f, 0x01, 0x80, UInt8(truncatingIfNeeded: random.next())][Int(random.next() % 6)]
            }
        }
    }
}
