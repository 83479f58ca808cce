import Glibc

/// Where dbg-guardian is: beside the running executable (dbg, or the test runner), as the
/// build and the installation put it. Nil when it is not there: attached programs then
/// survive every ending of dbg but SIGKILL.
enum GuardianExecutable {
    static let path: String? = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let executable = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = executable.lastIndex(of: "/") else { return nil }
        let candidate = String(executable[..<slash]) + "/dbg-guardian"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }()
}
