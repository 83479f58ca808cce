/// The machine code of one probe for the inject backend: the stub in the code area that the
/// patched instructions jump to, and the jump itself. A call probe's stub records, then runs
/// the displaced instructions and jumps back after them; a return probe's stub runs the
/// instructions before the RET, records, then returns (the RET itself, from the stub).
///
///     lea rsp, [rsp - 128]      skip the red zone (the function may keep values there)
///     push PROBE_WORD           the probe's number (bit 31: copy stack words)
///     call record               the recorder at the start of the code area
///     lea rsp, [rsp + 136]      (lea: the flags stay the program's)
struct ProbeStub {
    /// Room for one stub in the code area: the record sequence (23 bytes), the displaced
    /// instructions (under 20: they cover 5 bytes with instructions of up to 15) and a jump.
    static let slotSize = 64

    enum Failure: Error, CustomStringConvertible {
        case outOfReach(UInt64)
        case displaced(DisplacedInstruction.Failure)

        var description: String {
            switch self {
            case .outOfReach(let address):
                return "the code area is out of a jump's reach of 0x\(String(address, radix: 16))"
            case .displaced(let failure): return failure.description
            }
        }
    }

    /// The stub's bytes, to be written at `address`; `bias` relocates the patch's static
    /// addresses, `recorder` is where `record` is.
    /// `word` is the (call or return) probe's, `returnWord` a whole function's return probe's.
    static func bytes(for patch: ProbePatch, word: UInt32, returnWord: UInt32? = nil, at address: UInt64, bias: UInt64,
                      recorder: UInt64) throws(Failure) -> [UInt8]
    {
        var code: [UInt8] = []
        func displace(_ instructions: ArraySlice<Instruction>) throws(Failure) {
            for instruction in instructions {
                let place = address &+ UInt64(code.count)
                do {
                    code += try DisplacedInstruction(bytes: instruction.bytes, address: instruction.address &+ bias).relocated(to: place)
                } catch {
                    throw .displaced(error)
                }
            }
        }
        func record(_ word: UInt32) throws(Failure) {
            code += [0x48, 0x8d, 0x64, 0x24, 0x80]  // lea rsp, [rsp - 128]
            code += [0x68] + littleEndian(word)  // push imm32
            code += [0xe8] + (try relative(from: address &+ UInt64(code.count) &+ 5, to: recorder))  // call record
            code += [0x48, 0x8d, 0xa4, 0x24, 0x88, 0x00, 0x00, 0x00]  // lea rsp, [rsp + 136]
        }
        switch (patch.kind, patch.returnProbe) {
        case (.call, let returnProbe?):
            // A whole function: the call, its body, the return, the RET.
            try record(word)
            try displace(patch.instructions.dropLast())
            try record(returnWord ?? UInt32(returnProbe))
            try displace(patch.instructions.suffix(1))
        case (.call, nil) where patch.instructions.last?.isReturn == true:
            // A whole function traced without its return.
            try record(word)
            try displace(patch.instructions[...])
        case (.call, nil):
            try record(word)
            try displace(patch.instructions[...])
            let back = patch.end &+ bias
            code += [0xe9] + (try relative(from: address &+ UInt64(code.count) &+ 5, to: back))  // jmp back
        case (.returning, _):
            try displace(patch.instructions.dropLast())
            try record(word)
            try displace(patch.instructions.suffix(1))  // the RET
        }
        return code
    }

    /// The 5 bytes written over the patched run's start: `jmp stub`.
    static func jump(from site: UInt64, to stub: UInt64) throws(Failure) -> [UInt8] {
        [0xe9] + (try relative(from: site &+ 5, to: stub))
    }

    /// A rel32 from the end of an instruction to `target`.
    private static func relative(from end: UInt64, to target: UInt64) throws(Failure) -> [UInt8] {
        guard let offset = Int32(exactly: Int64(bitPattern: target &- end)) else { throw .outOfReach(end) }
        return littleEndian(UInt32(bitPattern: offset))
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
