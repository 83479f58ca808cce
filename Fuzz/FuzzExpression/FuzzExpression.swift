import DbgEngine

/// libFuzzer target: the expression lexer and parser (what `print`, `set`, conditions and
/// the server's Eval read) on arbitrary text, as an expression and as a type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpression(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? ExpressionParser.parse(text)
    // Some names read as types, so that casts and compound literals parse too.
    _ = try? ExpressionParser.parse(text) { $0.count % 2 == 1 }
    _ = try? ExpressionParser.parseType(text)
    return 0
}
