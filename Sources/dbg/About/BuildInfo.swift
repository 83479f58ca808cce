import CBuildInfo

/// dbg's version and what the build knew of itself (CBuildInfo: the commit and the day,
/// passed in by `make build`).
enum BuildInfo {
    static let version = "0.1.0-dev"

    /// The commit of HEAD, or why there is none.
    static var commit: String {
        switch String(cString: dbg_build_commit()) {
        case "": "unknown (built without make: `make build` records the commit)"
        case "none": "none (not built from a git checkout)"
        case let commit: commit
        }
    }

    static var date: String {
        let date = String(cString: dbg_build_date())
        return date.isEmpty ? "unknown (built without make)" : date
    }

    /// The day of the build, empty when unknown (the manual page's date).
    static var day: String { String(cString: dbg_build_date()) }

    /// `dbg version`'s lines.
    static var description: String {
        "dbg \(version)\ncommit: \(commit)\nbuilt: \(date)"
    }

    /// `dbg --version`'s one line.
    static var oneLine: String {
        let commit = String(cString: dbg_build_commit())
        let date = String(cString: dbg_build_date())
        guard !commit.isEmpty else { return version }
        return "\(version) (commit \(commit), built \(date))"
    }
}
