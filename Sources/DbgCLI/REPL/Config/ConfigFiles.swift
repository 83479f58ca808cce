import Glibc

/// Where the REPL keeps its files, by the XDG base directory rules:
/// config in $XDG_CONFIG_HOME/dbg/config.yml (~/.config/dbg), history in
/// $XDG_STATE_HOME/dbg/history, or ~/.dbg_history when XDG_STATE_HOME is unset.
struct ConfigFiles: Sendable {
    var configPath: String?
    var historyPath: String?

    init(configPath: String?, historyPath: String?) {
        self.configPath = configPath
        self.historyPath = historyPath
    }

    init(environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            configPath = config + "/dbg/config.yml"
        } else {
            configPath = home.map { $0 + "/.config/dbg/config.yml" }
        }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            historyPath = state + "/dbg/history"
        } else {
            historyPath = home.map { $0 + "/.dbg_history" }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes the file whole (through a temporary file and a rename, so a crash never
    /// leaves half a config), creating its directory.
    static func write(_ text: String, to path: String) throws(Failure) {
        try makeParentDirectory(of: path)
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "open \(temporary): \(String(cString: strerror(errno)))") }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                close(descriptor)
                throw Failure(description: "write \(temporary): \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else { throw Failure(description: "rename \(path): \(String(cString: strerror(errno)))") }
    }

    /// mkdir -p of the file's directory (mode 0700: these are one user's files).
    static func makeParentDirectory(of path: String) throws(Failure) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        var current = path.hasPrefix("/") ? "" : "."
        for component in path[..<slash].split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw Failure(description: "mkdir \(current): \(String(cString: strerror(errno)))")
            }
        }
    }
}
