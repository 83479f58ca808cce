import DbgService

/// `examinemem` output: the service's renderer (built optimised; the REPL module is not).
enum MemoryText {
    static func render(address: UInt64, bytes: [UInt8], format: Arguments.MemoryRequest.Format, size: Int,
                       rangeEnd: UInt64? = nil) -> String {
        let rendererFormat: MemoryRenderer.Format
        switch format {
        case .hex: rendererFormat = .hex
        case .octal: rendererFormat = .octal
        case .decimal: rendererFormat = .decimal
        case .binary: rendererFormat = .binary
        }
        return MemoryRenderer.render(address: address, bytes: bytes, format: rendererFormat, size: size, rangeEnd: rangeEnd)
    }
}
