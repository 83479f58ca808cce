/// How a call's arguments are laid out by the System V x86-64 ABI, below a stopped thread's
/// stack: the registers they go in and the bytes written below the red zone (data the
/// arguments point to, the arguments that go on the stack, the return address). Pure: the
/// engine writes what it says (`Target+Calls`).
///
/// Below `rsp - 128` (the red zone, which the interrupted function may be using), from the
/// top down: the result's buffer when the function returns in memory, the copies of string
/// literals, then the stack arguments from a 16-byte boundary, and the return address right
/// below them, so that at the function's first instruction `rsp + 8` is 16-byte aligned, as
/// a `call` would leave it.
struct SysVCallFrame {
    /// One argument, classified.
    enum Passed: Equatable {
        /// INTEGER class: an integer, pointer, enum or bool, extended to 64 bits.
        case integer(UInt64)
        /// SSE class: a float or double's bytes (the low bytes of an xmm register).
        case vector([UInt8])
        /// A struct or union of at most 16 bytes, by eightbyte: in registers when all of its
        /// eightbytes find one, else on the stack whole.
        case aggregate([UInt8], classes: [SysVReturnLocation.EightbyteClass])
        /// MEMORY class: on the stack (larger structs, long double), at this alignment.
        case memory([UInt8], alignment: Int)
        /// The bytes go in the call's data area; the argument is their address (INTEGER).
        case copied([UInt8])
    }

    struct Layout: Equatable {
        /// rdi, rsi, rdx, rcx, r8, r9, as many as used.
        var integerRegisters: [UInt64] = []
        /// xmm0-7, 16 bytes each, as many as used (also `al`, for variadic functions).
        var vectorRegisters: [[UInt8]] = []
        /// rsp at the function's first instruction: it points at the return address.
        var entryStackPointer: UInt64 = 0
        /// What to write at `entryStackPointer`: the return address, the stack arguments,
        /// the data area, up to the red zone.
        var memory: [UInt8] = []
        /// Where the function writes a result returned in memory (also in rdi).
        var resultBuffer: UInt64?
    }

    enum Failure: Error, Equatable {
        /// The stack pointer is too low to hold the frame (a corrupt rsp).
        case noRoom
    }

    static let redZone: UInt64 = 128
    static let integerRegisterCount = 6
    static let vectorRegisterCount = 8

    /// The layout of a call with `arguments` from a thread whose rsp is `stackPointer`,
    /// returning to `returnAddress`; `resultSize`: the size of a result returned in memory.
    static func layout(_ arguments: [Passed], stackPointer: UInt64, returnAddress: UInt64, resultSize: UInt64? = nil)
        throws(Failure) -> Layout
    {
        guard stackPointer > 1 << 20 else { throw .noRoom }
        let top = (stackPointer - redZone) & ~15
        var layout = Layout()
        // The data area, from the top down, each piece on a 16-byte boundary.
        var dataBottom = top
        var data: [(address: UInt64, bytes: [UInt8])] = []
        func place(_ bytes: [UInt8]) throws(Failure) -> UInt64 {
            let size = (UInt64(bytes.count) + 15) & ~15
            guard dataBottom > size + (1 << 20) else { throw .noRoom }
            dataBottom -= size
            data.append((dataBottom, bytes))
            return dataBottom
        }
        if let resultSize {
            let buffer = try place([UInt8](repeating: 0, count: Int(clamping: resultSize)))
            layout.resultBuffer = buffer
            layout.integerRegisters.append(buffer)
        }
        // Registers in order; what finds none goes on the stack, in order.
        var stack: [UInt8] = []
        func push(_ bytes: [UInt8], alignment: Int) {
            let aligned = max(alignment, 8)
            while stack.count % aligned != 0 { stack.append(0) }
            stack += bytes
            while stack.count % 8 != 0 { stack.append(0) }
        }
        for argument in arguments {
            switch argument {
            case .integer(let word):
                if layout.integerRegisters.count < integerRegisterCount {
                    layout.integerRegisters.append(word)
                } else {
                    push(littleEndianBytes(word, count: 8), alignment: 8)
                }
            case .copied(let bytes):
                let address = try place(bytes)
                if layout.integerRegisters.count < integerRegisterCount {
                    layout.integerRegisters.append(address)
                } else {
                    push(littleEndianBytes(address, count: 8), alignment: 8)
                }
            case .vector(let bytes):
                if layout.vectorRegisters.count < vectorRegisterCount {
                    layout.vectorRegisters.append(padded(bytes, to: 16))
                } else {
                    push(padded(bytes, to: 8), alignment: 8)
                }
            case .aggregate(let bytes, let classes):
                let integers = classes.filter { $0 == .integer }.count
                let vectors = classes.count - integers
                guard layout.integerRegisters.count + integers <= integerRegisterCount,
                      layout.vectorRegisters.count + vectors <= vectorRegisterCount
                else {
                    push(bytes, alignment: 8)
                    continue
                }
                let whole = padded(bytes, to: classes.count * 8)
                for (index, eightbyte) in classes.enumerated() {
                    let part = Array(whole[index * 8..<index * 8 + 8])
                    if eightbyte == .integer {
                        layout.integerRegisters.append(littleEndianValue(part))
                    } else {
                        layout.vectorRegisters.append(padded(part, to: 16))
                    }
                }
            case .memory(let bytes, let alignment):
                push(bytes, alignment: alignment)
            }
        }
        // The stack arguments start on a 16-byte boundary (their first is at rsp + 8 at the
        // function's entry); the return address is right below.
        let stackSize = (UInt64(stack.count) + 15) & ~15
        guard dataBottom > stackSize + (1 << 20) else { throw .noRoom }
        let argumentsBase = (dataBottom - stackSize) & ~15
        layout.entryStackPointer = argumentsBase - 8
        var memory = [UInt8](repeating: 0, count: Int(top - layout.entryStackPointer))
        memory.replaceSubrange(0..<8, with: littleEndianBytes(returnAddress, count: 8))
        memory.replaceSubrange(8..<8 + stack.count, with: stack)
        for piece in data {
            let offset = Int(piece.address - layout.entryStackPointer)
            memory.replaceSubrange(offset..<offset + piece.bytes.count, with: piece.bytes)
        }
        layout.memory = memory
        return layout
    }

    private static func padded(_ bytes: [UInt8], to count: Int) -> [UInt8] {
        bytes.count >= count ? Array(bytes.prefix(count)) : bytes + [UInt8](repeating: 0, count: count - bytes.count)
    }
}
