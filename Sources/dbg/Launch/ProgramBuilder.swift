import Glibc

/// Builds the program `dbg debug` is asked to debug, with optimisations off, into a
/// temporary binary that is removed when the session ends.
struct ProgramBuilder {
    enum Kind: Equatable {
        case go(directory: String)
        case c(files: [String])
        case swiftPackage(directory: String)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What kind of program is at `path`: a Go package, C sources, or a Swift package.
    static func kind(of path: String) throws(Failure) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: "\(path): no such file or directory") }
        if info.st_mode & S_IFMT == S_IFREG {
            guard path.hasSuffix(".c") else { throw Failure(description: "\(path): dbg debug builds .c files, Go packages and Swift packages") }
            return .c(files: [path])
        }
        let entries = directoryEntries(path)
        if entries.contains("Package.swift") { return .swiftPackage(directory: path) }
        if entries.contains(where: { $0.hasSuffix(".go") }) || entries.contains("go.mod") { return .go(directory: path) }
        let cFiles = entries.filter { $0.hasSuffix(".c") }.sorted().map { path + "/" + $0 }
        guard !cFiles.isEmpty else {
            throw Failure(description: "\(path): no Go package, C sources or Swift package here")
        }
        return .c(files: cFiles)
    }

    /// A fresh path for a temporary binary (in $TMPDIR, else /tmp), named as Delve names its own.
    static func temporaryBinaryPath() -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/__debug_bin\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Builds into `output` (Swift packages build in place; the product path is returned).
    static func build(_ kind: Kind, output: String, product: String?) throws(Failure) -> String {
        switch kind {
        case .go(let directory):
            try check(Subprocess.run(["go", "build", "-gcflags=all=-N -l", "-o", output, "."], in: directory), "go build")
            return output
        case .c(let files):
            try check(Subprocess.run(["cc", "-g", "-O0", "-pthread", "-o", output] + files), "cc")
            return output
        case .swiftPackage(let directory):
            var arguments = ["swift", "build", "-c", "debug"]
            if let product { arguments += ["--product", product] }
            try check(Subprocess.run(arguments, in: directory), "swift build")
            guard let binPath = Subprocess.firstLine(of: ["swift", "build", "-c", "debug", "--show-bin-path"], in: directory) else {
                throw Failure(description: "swift build: cannot find where the product was built")
            }
            let name = product ?? executableProduct(in: directory, binPath: binPath)
            guard let name else { throw Failure(description: "swift build: more than one executable; choose one with --product") }
            return binPath + "/" + name
        }
    }

    private static func check(_ status: Int32?, _ tool: String) throws(Failure) {
        guard let status else { throw Failure(description: "\(tool): cannot run it (is it installed?)") }
        guard status == 0 else { throw Failure(description: "\(tool) failed (exit status \(status))") }
    }

    /// The one executable in the bin path that the package's sources name, if unambiguous.
    private static func executableProduct(in directory: String, binPath: String) -> String? {
        let targets = directoryEntries(directory + "/Sources")
        let executables = targets.filter { access(binPath + "/" + $0, X_OK) == 0 }
        return executables.count == 1 ? executables[0] : nil
    }

    static func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
