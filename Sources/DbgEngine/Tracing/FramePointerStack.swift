import DbgSymbols

/// The call stack at a function's call probe, by the frame-pointer chain (`--stack N`,
/// ptrace backend): at the probe the return address is at rsp and rbp is still the
/// caller's frame. Both gcc -O0 and Go keep frame pointers; call frame information would
/// be needed for code without them (the walk then stops early, never wrongly: each frame
/// must lie above the last).
struct FramePointerStack {
    let image: BinaryImage
    let bias: UInt64
    let memory: any TargetMemory

    func frames(pc: UInt64, rsp: UInt64, rbp: UInt64, depth: Int) -> [String] {
        guard depth > 0 else { return [] }
        var pcs = [pc]
        if let returnAddress = try? memory.readUInt64(at: rsp) { pcs.append(returnAddress) }
        var frame = rbp
        while pcs.count < depth, frame > rsp, frame % 8 == 0,
              let next = try? memory.readUInt64(at: frame), let returnAddress = try? memory.readUInt64(at: frame &+ 8),
              returnAddress != 0 {
            pcs.append(returnAddress)
            guard next > frame else { break }
            frame = next
        }
        return pcs.prefix(depth).enumerated().map { index, pc in describe(pc, index: index, isReturnAddress: index > 0) }
    }

    /// `0  0x0000000000401136 in checksum at ./tracee.c:21`, as Delve's stack lines.
    private func describe(_ pc: UInt64, index: Int, isReturnAddress: Bool) -> String {
        let address = "0x" + String(repeating: "0", count: max(0, 16 - String(pc, radix: 16).count)) + String(pc, radix: 16)
        let lookup = Address((isReturnAddress ? pc &- 1 : pc) &- bias)
        var text = "\(index)  \(address) in \(image.function(containing: lookup)?.name ?? "?")"
        if let (row, table) = image.debugInfo?.lineRow(for: lookup), let file = table.fileName(row.file) {
            text += " at \(file):\(row.line)"
        }
        return text
    }
}
