import Foundation

/// Messages to the user on stderr, in colour when stderr is a terminal and NO_COLOR is unset.
enum Terminal {
    static let colourErrors = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func error(_ message: String) {
        write(colourErrors ? "\u{1B}[31mError:\u{1B}[0m \(message)\n" : "Error: \(message)\n")
    }

    static func warning(_ message: String) {
        write(colourErrors ? "\u{1B}[33mWarning:\u{1B}[0m \(message)\n" : "Warning: \(message)\n")
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
