import DbgSymbols
import FuzzSupport

/// libFuzzer target: the DWARF expression decoder and stack machine on arbitrary bytes.
/// Byte 0 picks the decoder's address size, offset size and DWARF version and the context's
/// extras; the rest is the expression. Every outcome but a crash is fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDwarfExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let decoder = DwarfExpressionDecoder(
        addressSize: selector & 1 == 0 ? 8 : 4, offsetSize: selector & 2 == 0 ? 4 : 8,
        version: selector & 4 == 0 ? 5 : 4)
    guard let operations = try? decoder.decode(bytes) else { return 0 }
    let machine = FuzzMachine(seed: UInt64(selector))
    var context = DwarfEvaluationContext(registers: machine, memory: machine)
    if selector & 8 != 0 { context.frameBase = .expression(operations.count > 1 ? [operations[0]] : operations) }
    if selector & 16 != 0 { context.frameBase = .address(Address(0x7ffe_0000)) }
    if selector & 32 != 0 { context.canonicalFrameAddress = Address(0x7ffd_0000) }
    if selector & 64 != 0 {
        context.objectAddress = Address(0x5555_0000)
        context.tls = machine
        context.entryValues = machine
    }
    if selector & 128 != 0 { context.addressSize = 4 }
    let evaluator = DwarfExpressionEvaluator(context: context)
    _ = try? evaluator.evaluate(operations)
    _ = try? evaluator.evaluate(operations, initialStack: [0x7ffc_0000])
    _ = try? evaluator.evaluateValue(operations)
    return 0
}
