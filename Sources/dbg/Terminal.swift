import Glibc

/// Messages to the user on stderr, in colour when stderr is a terminal and NO_COLOR is unset.
enum Terminal {
    static let colourErrors = isatty(STDERR_FILENO) == 1 && getenv("NO_COLOR") == nil

    static func error(_ message: String) {
        write(colourErrors ? "\u{1B}[31mError:\u{1B}[0m \(message)\n" : "Error: \(message)\n")
    }

    static func warning(_ message: String) {
        write(colourErrors ? "\u{1B}[33mWarning:\u{1B}[0m \(message)\n" : "Warning: \(message)\n")
    }

    private static func write(_ text: String) {
        fflush(nil)  // keep the order of what went to stdout before
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
