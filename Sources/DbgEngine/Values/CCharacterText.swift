/// C characters as gdb writes them in a value's text (`104 'h'`): part of the value the
/// loader makes, as Delve's server makes a Go value's text. Printing values is DbgFormat's.
enum CCharacterText {
    /// A C character as gdb shows it after its number: `'h'`, `'\n'`, `'\000'`, `'\310'`.
    static func cCharacter(_ byte: UInt8) -> String {
        switch byte {
        case 0x27: return "'\\''"
        case 0x5c: return "'\\\\'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0c: return "'\\f'"
        case 0x0a: return "'\\n'"
        case 0x0d: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0b: return "'\\v'"
        case 0x1b: return "'\\033'"
        case 0x20...0x7e: return "'" + String(UnicodeScalar(byte)) + "'"
        default:
            let octal = String(byte, radix: 8)
            return "'\\" + String(repeating: "0", count: 3 - octal.count) + octal + "'"
        }
    }
}
